import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startJourneyHarness } from "../support/journey-harness";
import { adminRequest } from "../support/admin";
import { switchToOwnDatabase } from "../support/own-database";
import { shopifyFixture } from "../support/shopify";
import { waitFor } from "../support/wait";

await switchToOwnDatabase("shopper_phone");
const harness = await startJourneyHarness();
const { prisma } = harness;
const { loader, action } = await import("~/routes/app.sandbox");
const { loader: home } = await import("~/routes/app._index");
const { switchWhatsAppProvider } = await import("~/models/whatsapp-connection.server");
const { sandboxSettings } = await import("~/sandbox/sandbox-provider.server");
afterAll(() => harness.stop());

let shop: { id: string };
let domain: string;
beforeAll(async () => {
  Object.assign(sandboxSettings, { statusDelaysMs: { sent: 50, delivered: 120, read: 250 }, readProbability: 1 });
  ({ shop, domain } = await harness.installShop("phone"));
  await switchWhatsAppProvider(shop.id, "SANDBOX");
});

const open = async (shopDomain: string, shopper?: string) =>
  loader({
    request: await adminRequest(shopDomain, `/app/sandbox${shopper ? `?shopper=${encodeURIComponent(shopper)}` : ""}`),
    params: {},
    context: {},
  });

/** What the page's forms post; resolves with the HTTP status and the answer the page shows. */
async function post(shopDomain: string, fields: Record<string, string>) {
  const result = await action({
    request: await adminRequest(shopDomain, "/app/sandbox", { method: "POST", body: new URLSearchParams(fields) }),
    params: {},
    context: {},
  });
  return { status: result.init?.status ?? 200, ...result.data };
}

const shopperPhone = "+34612345678"; // the orders-create fixture's customer

describe("the sandbox shopper phone", () => {
  it("shows the COD question as the shopper sees it; a tap on Confirm confirms the order and the reply arrives", async () => {
    await harness.deliver(domain, "orders/create", shopifyFixture("orders-create"));
    const question = await waitFor(
      async () => {
        const view = await open(domain);
        return view.bubbles.find((b) => b.status === "read") && view;
      },
      { what: "the COD question read on the phone" },
    );
    expect(question.sandboxActive).toBe(true);
    expect(question.selected).toBe(shopperPhone);
    expect(question.shoppers).toMatchObject([{ phone: shopperPhone, count: 1 }]);
    const [bubble] = question.bubbles;
    expect(bubble.text).toMatch(/^Hola .+, elegiste pago contra entrega para el pedido #9999 con un total de /);
    expect(bubble.choices.map((c) => c.title)).toEqual(["Confirmar pedido", "Cancelar pedido"]);

    const tapped = await post(domain, { intent: "tap", wamid: bubble.id, choice: "0" });
    expect(tapped).toMatchObject({ status: 200, ok: true, phone: shopperPhone });

    await waitFor(async () => (await prisma.shopOrder.findFirst({ where: { shopId: shop.id } }))?.codDecision === "CONFIRMED", {
      what: "the order confirmed",
    });
    const after = await waitFor(
      async () => {
        const view = await open(domain, shopperPhone);
        return view.bubbles.length === 3 && view;
      },
      { what: "the shop's reply on the phone" },
    );
    expect(after.bubbles.map((b) => [b.from, b.text])).toEqual([
      ["shop", bubble.text],
      ["shopper", "Confirmar pedido"],
      ["shop", "¡Gracias! El pedido #9999 está confirmado y lo prepararemos para el envío."],
    ]);
  });

  it("a COD order cancelled on the phone waits on the Home page until Shopify reports it cancelled", async () => {
    const secondOrder = shopifyFixture("orders-create")
      .replaceAll("820982911946154508", "820982911946154600")
      .replace('"name":"#9999"', '"name":"#10000"');
    await harness.deliver(domain, "orders/create", secondOrder);
    const question = await waitFor(
      async () => (await open(domain, shopperPhone)).bubbles.find((b) => b.from === "shop" && b.text.includes("#10000")),
      { what: "the second COD question" },
    );
    expect(await post(domain, { intent: "tap", wamid: question.id, choice: "1" })).toMatchObject({ status: 200, ok: true });

    const homePage = async () => home({ request: await adminRequest(domain, "/app"), params: {}, context: {} });
    const listed = await waitFor(async () => (await homePage()).cod.toCancelInShopify.length === 1 && (await homePage()).cod, {
      what: "the cancelled order on the Home page",
    });
    expect(listed).toMatchObject({ confirmed: 1, cancelled: 1, awaiting: 0 });
    expect(listed.toCancelInShopify[0]).toMatchObject({ orderId: "820982911946154600", name: "#10000" });
    expect(listed.toCancelInShopify[0].shopper).toContain(shopperPhone);

    await harness.deliver(
      domain,
      "orders/cancelled",
      secondOrder.replace('"cancelled_at":null', '"cancelled_at":"2026-11-25T10:00:00-05:00"'),
    );
    await waitFor(async () => (await homePage()).cod.toCancelInShopify.length === 0, { what: "the order off the list once cancelled" });
    // The shopper was told the team would confirm.
    await waitFor(
      async () =>
        (await open(domain, shopperPhone)).bubbles.at(-1)?.text ===
        "Entendido: cancelaremos el pedido #10000. Nuestro equipo te lo confirmará en breve.",
      { what: "the shop's answer on the phone" },
    );
  });

  it("sends what staff type as the shopper: STOP opts them out of marketing", async () => {
    const sent = await post(domain, { intent: "write", from: "+34 612 34 56 78", text: "STOP" });
    expect(sent).toMatchObject({ status: 200, ok: true, phone: shopperPhone });
    await waitFor(
      async () =>
        (await prisma.consent.findFirst({ where: { purpose: "MARKETING", customer: { shopId: shop.id, phoneE164: shopperPhone } } }))
          ?.granted === false,
      { what: "the opt-out" },
    );
    const view = await waitFor(
      async () => {
        const view = await open(domain, shopperPhone);
        return view.bubbles.at(-1)?.from === "shop" && view.bubbles.at(-2)?.text === "STOP" && view;
      },
      { what: "the opt-out confirmed on the phone" },
    );
    expect(view.bubbles.at(-1)!.text).toBe("Ya no recibirás mensajes de WhatsApp de Trail Co. Responde ALTA si cambias de opinión.");
  });

  it("refuses a number that is not one, a button the message lacks and another shop's message, changing nothing", async () => {
    const before = await prisma.sandboxMessage.count();
    const notANumber = await post(domain, { intent: "write", from: "12345", text: "Hi" });
    expect(notANumber).toMatchObject({ status: 400, ok: false, message: expect.stringMatching(/not a (valid )?.*number/) });
    const empty = await post(domain, { intent: "write", from: shopperPhone, text: "   " });
    expect(empty).toMatchObject({ status: 400, ok: false, message: "Write a message." });

    const [question] = (await open(domain, shopperPhone)).bubbles;
    const forged = await post(domain, { intent: "tap", wamid: question.id, choice: "5" });
    expect(forged).toMatchObject({ status: 400, ok: false, message: "That message has no such button to tap." });

    const other = await harness.installShop("phone-other");
    await switchWhatsAppProvider(other.shop.id, "SANDBOX");
    const foreign = await post(other.domain, { intent: "tap", wamid: question.id, choice: "0" });
    expect(foreign).toMatchObject({ status: 404, ok: false });
    expect((await open(other.domain)).shoppers).toEqual([]); // nothing of the first shop's shows

    expect(await prisma.sandboxMessage.count()).toBe(before);
  });

  it("shows the kept messages but answers nothing once the shop has switched to a real number", async () => {
    await switchWhatsAppProvider(shop.id, "CLOUD");
    const view = await open(domain, shopperPhone);
    expect(view.sandboxActive).toBe(false);
    expect(view.bubbles.length).toBeGreaterThan(0);
    const before = await prisma.sandboxMessage.count({ where: { shopId: shop.id } });
    const refused = await post(domain, { intent: "write", from: shopperPhone, text: "Hello?" });
    expect(refused).toMatchObject({ status: 409, ok: false, message: expect.stringMatching(/Switch to the sandbox in Settings/) });
    expect(await prisma.sandboxMessage.count({ where: { shopId: shop.id } })).toBe(before);
  });
});
