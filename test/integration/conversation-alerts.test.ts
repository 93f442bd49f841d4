import { afterAll, describe, expect, it } from "vitest";
import { startJourneyHarness } from "../support/journey-harness";
import { switchToOwnDatabase } from "../support/own-database";
import { waitFor } from "../support/wait";

// A shopper asks about a product in WhatsApp ("Message business" on a product message): the
// inquiry arrives as Meta sends it, with context.referred_product naming the catalog item.
await switchToOwnDatabase("conversation_alerts");
const harness = await startJourneyHarness();
const { prisma, graph } = harness;
afterAll(() => harness.stop());

const shopper = "+34699112233";
const askAbout = (phoneNumberId: string, retailerId: string) =>
  graph.emitInbound({
    phoneNumberId,
    from: shopper,
    message: {
      type: "text",
      text: { body: "Hola, ¿lo tenéis en 42?" },
      context: { referred_product: { catalog_id: "1537449663670958", product_retailer_id: retailerId } },
    },
  });

describe("a back-in-stock alert asked for in a conversation", () => {
  it("is offered for a sold-out product; Notify me subscribes with the shopper's consent; the restock alerts them", async () => {
    const { shop, domain, number } = await harness.installShop("ask");
    const { restock } = await harness.soldOutVariant(shop, domain, {
      variantId: "808950810",
      inventoryItemId: "271878346596884015",
      title: "42 / Blue",
      product: "Trail Runner 2",
      waiting: 0,
    });

    await askAbout(number.phoneNumberId, "shopify_ES_632910392_808950810");
    const [offer] = await waitFor(() => harness.sentTo(number).length === 1 && harness.sentTo(number), { what: "the offer" });
    expect(offer.body).toMatchObject({
      to: shopper,
      type: "interactive",
      interactive: {
        type: "button",
        body: { text: "Trail Runner 2 (42 / Blue) is sold out right now. Shall we send you a WhatsApp message when it's back?" },
        action: {
          buttons: [
            { type: "reply", reply: { id: "bis_subscribe:808950810", title: "Notify me" } },
            { type: "reply", reply: { id: "bis_decline", title: "No thanks" } },
          ],
        },
      },
    });

    await graph.emitInbound({
      phoneNumberId: number.phoneNumberId,
      from: shopper,
      message: {
        type: "interactive",
        interactive: { type: "button_reply", button_reply: { id: "bis_subscribe:808950810", title: "Notify me" } },
      },
    });
    const confirmation = await waitFor(() => harness.sentTo(number)[1], { what: "the confirmation" });
    expect(confirmation.body.text?.body).toBe(
      "Done! We'll message you when Trail Runner 2 (42 / Blue) is back in stock. Reply STOP ALERTS at any time.",
    );
    const customer = await prisma.customer.findUniqueOrThrow({ where: { shopId_phoneE164: { shopId: shop.id, phoneE164: shopper } } });
    expect(await prisma.backInStockSubscription.findFirstOrThrow({ where: { customerId: customer.id } })).toMatchObject({
      status: "ACTIVE",
      source: "SHOPPER",
      variantId: "gid://shopify/ProductVariant/808950810",
      inventoryItemId: "gid://shopify/InventoryItem/271878346596884015",
    });
    expect(
      await prisma.consentChange.findFirst({ where: { customerId: customer.id, purpose: "MARKETING", granted: true, source: "SHOPPER" } }),
    ).not.toBeNull();

    await restock(4);
    await waitFor(
      async () => (await prisma.backInStockSubscription.findFirstOrThrow({ where: { customerId: customer.id } })).status === "NOTIFIED",
      {
        what: "the alert",
      },
    );
    expect(harness.sentTo(number)).toHaveLength(3);
  });

  it("is not offered when the product is in stock, nor for a catalog item that is not a Shopify variant", async () => {
    const { shop, domain, number } = await harness.installShop("ask-in-stock");
    const { restock } = await harness.soldOutVariant(shop, domain, {
      variantId: "500100",
      inventoryItemId: "500101",
      product: "Cap",
      waiting: 0,
    });
    await restock(3);
    await askAbout(number.phoneNumberId, "500100");
    await askAbout(number.phoneNumberId, "CAP-RED-M");
    await waitFor(
      async () =>
        (await prisma.whatsAppEvent.count({
          where: { shopId: shop.id, status: "PROCESSED", payload: { contains: "referred_product" } },
        })) === 2,
      {
        what: "both questions read",
      },
    );
    expect(harness.sentTo(number)).toHaveLength(0);
  });
});
