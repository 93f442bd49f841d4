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
  it("is offered for a sold-out product in the shopper's language; Notify me subscribes with their consent; the restock alerts them", async () => {
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
        // A +34 number with no locale yet: Spanish, the language of the number's country.
        body: { text: "Trail Runner 2 (42 / Blue) está agotado ahora mismo. ¿Te avisamos por WhatsApp cuando vuelva?" },
        action: {
          buttons: [
            { type: "reply", reply: { id: "bis_subscribe:808950810", title: "Avísame" } },
            { type: "reply", reply: { id: "bis_decline", title: "No, gracias" } },
          ],
        },
      },
    });

    await graph.emitInbound({
      phoneNumberId: number.phoneNumberId,
      from: shopper,
      message: {
        type: "interactive",
        interactive: { type: "button_reply", button_reply: { id: "bis_subscribe:808950810", title: "Avísame" } },
      },
    });
    const confirmation = await waitFor(() => harness.sentTo(number)[1], { what: "the confirmation" });
    expect(confirmation.body.text?.body).toBe(
      "¡Listo! Te escribiremos cuando Trail Runner 2 (42 / Blue) vuelva a estar disponible. Responde PARAR AVISOS cuando quieras.",
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
    // Inside the window the alert goes free-form, in the conversation's language.
    expect(harness.sentTo(number)[2].body.interactive).toMatchObject({
      body: { text: expect.stringMatching(/^Hola de nuevo, ¡buenas noticias! El producto Trail Runner 2 \(42 \/ Blue\) que pediste/) },
    });
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
