import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { switchToOwnDatabase } from "../support/own-database";
import { startJourneyHarness } from "../support/journey-harness";
import { shopifyFixture } from "../support/shopify";
import { waitFor } from "../support/wait";

// The whole pipeline: Shopify webhooks over HTTP → events worker → journeys → outbox → send
// worker → the Graph API stand-in → status webhooks back. Own database: the re-drive and the
// restock fan-out look across shops.
await switchToOwnDatabase("journeys");
const harness = await startJourneyHarness();
const { prisma, graph } = harness;
afterAll(() => harness.stop());

const order = (overrides: Record<string, string> = {}) => {
  let body = shopifyFixture("orders-create");
  for (const [from, to] of Object.entries(overrides)) body = body.replace(from, to);
  return body;
};
const prepaid = () =>
  order({
    '"gateway":"Cash on Delivery (COD)"': '"gateway":"shopify_payments"',
    '"payment_gateway_names":["Cash on Delivery (COD)"]': '"payment_gateway_names":["shopify_payments"]',
  });

describe("order confirmations", () => {
  it("a signed orders/create sends exactly one confirmation, with the right template, language and parameters", async () => {
    const { domain, number } = await harness.installShop("confirm");

    expect(await harness.deliver(domain, "orders/create", prepaid())).toBe(200);

    const [sent] = await waitFor(() => harness.sentTo(number).length === 1 && harness.sentTo(number), { what: "the confirmation" });
    expect(sent.body).toMatchObject({
      to: "+34612345678",
      type: "template",
      template: {
        name: "wj_order_confirmation",
        language: { code: "es" }, // the customer's locale
        components: [
          {
            type: "body",
            parameters: [
              { type: "text", parameter_name: "first_name", text: "John" },
              { type: "text", parameter_name: "order_name", text: "#9999" },
              { type: "text", parameter_name: "shop_name", text: "Trail Co" },
              { type: "text", parameter_name: "order_total", text: "403,00\u00a0US$" },
              { type: "text", parameter_name: "order_items", text: "IPod Nano - 8GB × 1, IPod Nano - 8GB × 1" },
            ],
          },
          {
            type: "button",
            sub_type: "url",
            index: "0",
            parameters: [{ type: "text", text: "548380009/orders/123456abcd/authenticate?key=abcdefg" }],
          },
        ],
      },
    });
    const message = await waitFor(
      () =>
        prisma.message.findFirst({
          where: { providerMessageId: { not: null }, toPhone: "+34612345678", journeyStep: "order_confirmation", status: "DELIVERED" },
        }),
      {
        what: "the delivered status",
      },
    );
    expect(sent.body.biz_opaque_callback_data).toBe(message.id);
  });

  it("the same webhook five times at once still sends one", async () => {
    const { domain, number } = await harness.installShop("five");
    const webhookId = randomUUID();
    const body = prepaid();

    expect(await Promise.all([1, 2, 3, 4, 5].map(() => harness.deliver(domain, "orders/create", body, webhookId)))).toEqual([
      200, 200, 200, 200, 200,
    ]);
    // A redelivery under a new webhook id (Shopify can do that) is still the same order.
    expect(await harness.deliver(domain, "orders/create", body)).toBe(200);

    await waitFor(async () => (await prisma.shopifyEvent.count({ where: { shopDomain: domain, status: "PROCESSED" } })) === 2, {
      what: "both events processed",
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(harness.sentTo(number)).toHaveLength(1);
  });

  it("cash on delivery asks to confirm; the shopper's answer cancels the reminder and gets a reply", async () => {
    const { domain, number, shop } = await harness.installShop("cod");
    expect(await harness.deliver(domain, "orders/create", order())).toBe(200);
    const [question] = await waitFor(() => harness.sentTo(number).length === 1 && harness.sentTo(number), { what: "the COD question" });
    expect(question.body.template).toMatchObject({
      name: "wj_cod_confirmation",
      components: expect.arrayContaining([
        {
          type: "button",
          sub_type: "quick_reply",
          index: "0",
          parameters: [{ type: "payload", payload: "cod_confirm:820982911946154508" }],
        },
        {
          type: "button",
          sub_type: "quick_reply",
          index: "1",
          parameters: [{ type: "payload", payload: "cod_cancel:820982911946154508" }],
        },
      ]),
    });
    const reminder = await prisma.message.findFirstOrThrow({ where: { shopId: shop.id, journeyStep: "cod_reminder" } });
    expect(reminder.status).toBe("PENDING");
    expect(reminder.scheduledAt!.getTime()).toBeGreaterThan(Date.now() + 5 * 3600 * 1000);

    await graph.emitInbound({
      phoneNumberId: number.phoneNumberId,
      from: "+34612345678",
      message: { type: "button", button: { payload: "cod_confirm:820982911946154508", text: "Confirmar pedido" } },
    });

    await waitFor(async () => (await prisma.message.findUniqueOrThrow({ where: { id: reminder.id } })).status === "CANCELLED", {
      what: "the reminder cancelled",
    });
    expect(await prisma.shopOrder.findFirstOrThrow({ where: { shopId: shop.id } })).toMatchObject({ codDecision: "CONFIRMED" });
    const [, reply] = await waitFor(() => harness.sentTo(number).length === 2 && harness.sentTo(number), { what: "the reply" });
    expect(reply.body).toMatchObject({
      type: "text",
      text: { body: "¡Gracias! El pedido #9999 está confirmado y lo prepararemos para el envío." },
    });
  });

  it("a cancelled order stops its pending COD reminder", async () => {
    const { domain, shop } = await harness.installShop("cancel");
    await harness.deliver(domain, "orders/create", order());
    const reminder = await waitFor(() => prisma.message.findFirst({ where: { shopId: shop.id, journeyStep: "cod_reminder" } }), {
      what: "the reminder planned",
    });
    await harness.deliver(domain, "orders/cancelled", order({ '"cancelled_at":null': '"cancelled_at":"2026-11-25T10:00:00-05:00"' }));
    await waitFor(async () => (await prisma.message.findUniqueOrThrow({ where: { id: reminder.id } })).status === "CANCELLED", {
      what: "the reminder cancelled",
    });
  });

  it("an order whose phone is not a number is explained, not an error", async () => {
    const { domain } = await harness.installShop("no-phone");
    await harness.deliver(
      domain,
      "orders/create",
      prepaid().replace('"phone":"+34 612 34 56 78"', '"phone":"call me"').replace('"phone":"555-555-SHIP"', '"phone":null'),
    );
    const event = await waitFor(() => prisma.shopifyEvent.findFirst({ where: { shopDomain: domain, status: "PROCESSED" } }), {
      what: "the event",
    });
    expect(event.outcome).toBe("order confirmation not sent: no WhatsApp number: “call me” is not a phone number");
  });
});

describe("shipping updates", () => {
  const fulfillment = (shipmentStatus: string | null) =>
    shopifyFixture("fulfillments-update").replace(
      '"shipment_status":"in_transit"',
      `"shipment_status":${shipmentStatus === null ? "null" : `"${shipmentStatus}"`}`,
    );

  it("go out once per status change, in order, and never backwards", async () => {
    const { domain, number } = await harness.installShop("shipping");
    await harness.deliver(domain, "orders/create", prepaid());
    await waitFor(() => harness.sentTo(number).length === 1, { what: "the confirmation" });

    const step = async (topic: string, status: string | null) => {
      expect(await harness.deliver(domain, topic, fulfillment(status))).toBe(200);
      await waitFor(async () => (await prisma.shopifyEvent.count({ where: { shopDomain: domain, status: { not: "PROCESSED" } } })) === 0, {
        what: `${status} processed`,
      });
    };
    await step("fulfillments/create", null); // shipped
    await step("fulfillments/update", "in_transit"); // still shipped: nothing new
    await step("fulfillments/update", "delivered"); // delivered arrives before out_for_delivery …
    await step("fulfillments/update", "out_for_delivery"); // … which is then old news

    const names = await waitFor(
      () => {
        const sent = harness.sentTo(number).map((s) => s.body.template?.name);
        return sent.length === 3 && sent;
      },
      { what: "the shipping updates" },
    );
    expect(names).toEqual(["wj_order_confirmation", "wj_shipped", "wj_delivered"]);
    const shipped = harness.sentTo(number)[1].body.template!;
    expect(shipped.components).toContainEqual({
      type: "button",
      sub_type: "url",
      index: "0",
      parameters: [{ type: "text", text: "apps/whatsapp/t/123456" }],
    });
    const outcomes = await prisma.shopifyEvent.findMany({
      where: { shopDomain: domain, topic: "fulfillments/update" },
      orderBy: { receivedAt: "asc" },
      select: { outcome: true },
    });
    expect(outcomes.map((o) => o.outcome)).toEqual([
      "shipped not sent: this shipping update was already sent",
      expect.stringMatching(/^delivered queued for \+34612345678/),
      "out for delivery not sent: the shopper already has newer shipping news",
    ]);
  });
});

describe("back in stock", () => {
  it("a restock with 1,000 subscribers sends 1,000 alerts and no more, in subscription order, within the number's throughput", async () => {
    const throughput = 200;
    const { shop, domain, number } = await harness.installShop("restock", { throughputPerSecond: throughput });
    const { customers, restock } = await harness.soldOutVariant(shop, domain, {
      variantId: "808950810",
      inventoryItemId: "271878346596884015",
      title: "42 / Blue",
      product: "Trail Runner 2",
      waiting: 1000,
    });
    expect(await restock(12)).toBe(200);

    const sends = await waitFor(() => harness.sentTo(number).length >= 1000 && harness.sentTo(number), {
      what: "1,000 alerts",
      timeoutMs: 150_000,
    });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(harness.sentTo(number)).toHaveLength(1000);
    const recipients = sends.map((s) => s.body.to);
    expect(new Set(recipients).size).toBe(1000);
    expect(sends[0].body.template).toMatchObject({
      name: "wj_back_in_stock",
      components: expect.arrayContaining([
        {
          type: "body",
          parameters: expect.arrayContaining([{ type: "text", parameter_name: "product_title", text: "Trail Runner 2 (42 / Blue)" }]),
        },
        { type: "button", sub_type: "url", index: "0", parameters: [{ type: "text", text: "products/trail-runner-2?variant=808950810" }] },
      ]),
    });
    // Subscription order: the fan-out releases the longest-waiting first and keeps at most
    // `outstandingPerShop` alerts in flight, so nobody is alerted that many places (or more) from
    // their place in the line — a message the throughput limit holds back a moment may be
    // overtaken by one released with it, never by the rest of the line.
    const { restockPolicy } = await import("~/jobs/journeys.server");
    const place = new Map(customers.map((c, i) => [c.phoneE164, i]));
    const displacement = recipients.map((to, i) => Math.abs(i - place.get(to)!));
    expect(Math.max(...displacement)).toBeLessThan(restockPolicy.outstandingPerShop);
    // The number's throughput held: no second of arrivals at Meta above it (fixed windows allow
    // at most twice the rate across a window boundary), and the whole took its time.
    const times = sends.map((s) => s.at.getTime()).sort((a, b) => a - b);
    let busiest = 0;
    for (let i = 0, j = 0; i < times.length; i++) {
      while (times[i] - times[j] >= 1000) j++;
      busiest = Math.max(busiest, i - j + 1);
    }
    expect(busiest).toBeLessThanOrEqual(2 * throughput);
    expect(times.at(-1)! - times[0]).toBeGreaterThanOrEqual((1000 / throughput - 1) * 1000);
    expect(await prisma.backInStockSubscription.count({ where: { shopId: shop.id, status: "NOTIFIED" } })).toBe(1000);
    expect(await prisma.restockRun.findFirstOrThrow({ where: { shopId: shop.id } })).toMatchObject({ status: "DONE", alerted: 1000 });
  }, 200_000);

  it("a restock that sells out again mid-fan-out stops the rest; they are alerted at the next restock", async () => {
    const { shop, domain, number } = await harness.installShop("sellout", { throughputPerSecond: 20 });
    const { restock } = await harness.soldOutVariant(shop, domain, {
      variantId: "900001",
      inventoryItemId: "900002",
      product: "Rain Jacket",
      waiting: 300,
    });
    await restock(3);
    await waitFor(() => harness.sentTo(number).length >= 20, { what: "the first alerts" });

    await restock(0);
    await waitFor(async () => (await prisma.restockRun.findFirstOrThrow({ where: { shopId: shop.id } })).status === "STOPPED", {
      what: "the run stopped",
    });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const alerted = harness.sentTo(number).length;
    expect(alerted).toBeLessThan(300);
    expect(await prisma.backInStockSubscription.count({ where: { shopId: shop.id, status: "NOTIFIED" } })).toBe(alerted);
    expect(await prisma.backInStockSubscription.count({ where: { shopId: shop.id, status: "ACTIVE" } })).toBe(300 - alerted);
  });

  it("a STOP stops the next marketing send, and is confirmed to the shopper", async () => {
    const { shop, domain, number } = await harness.installShop("stop");
    const {
      customers: [first, second],
      restock,
    } = await harness.soldOutVariant(shop, domain, { variantId: "700001", inventoryItemId: "700002", product: "Wool Socks", waiting: 2 });

    await graph.emitInbound({
      phoneNumberId: number.phoneNumberId,
      from: first.phoneE164,
      message: { type: "text", text: { body: "STOP" } },
    });
    await waitFor(
      async () =>
        (await prisma.consent.findUnique({ where: { customerId_purpose: { customerId: first.id, purpose: "MARKETING" } } }))?.granted ===
        false,
      {
        what: "the opt-out",
      },
    );
    await restock(5);

    await waitFor(() => harness.sentTo(number).length === 2, { what: "the alert and the STOP confirmation" });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const sends = harness.sentTo(number);
    expect(sends).toHaveLength(2);
    expect(sends.find((s) => s.body.to === first.phoneE164)?.body).toMatchObject({
      type: "text",
      text: { body: "Ya no recibirás mensajes de WhatsApp de Trail Co. Responde ALTA si cambias de opinión." }, // a +34 number
    });
    expect(sends.find((s) => s.body.to === second.phoneE164)?.body.template?.name).toBe("wj_back_in_stock");
    expect(await prisma.backInStockSubscription.findFirstOrThrow({ where: { customerId: first.id } })).toMatchObject({
      status: "CANCELLED",
      cancelReason: "the shopper opted out",
    });
  });
});

describe("a restock whose job Redis lost", () => {
  it("is taken up again by the re-drive and finishes, each shopper alerted once", async () => {
    const { shop, domain, number } = await harness.installShop("lost-restock");
    const { variant } = await harness.soldOutVariant(shop, domain, {
      variantId: "400001",
      inventoryItemId: "400002",
      product: "Gloves",
      waiting: 5,
    });
    harness.shopify.setStock(domain, variant.id, 8);
    // A run recorded in PostgreSQL whose BullMQ job never made it (or was lost with Redis).
    const run = await prisma.restockRun.create({
      data: { shopId: shop.id, variantId: variant.id, updatedAt: new Date(Date.now() - 60_000) },
    });
    const { redriveRecordedEvents } = await import("~/jobs/redrive.server");
    expect(await redriveRecordedEvents({ receivedGraceMs: 30_000, queuedGraceMs: 3600_000 })).toBeGreaterThanOrEqual(1);

    await waitFor(async () => (await prisma.restockRun.findUniqueOrThrow({ where: { id: run.id } })).status === "DONE", {
      what: "the run finished",
    });
    await waitFor(() => harness.sentTo(number).length === 5, { what: "five alerts" });
    expect(new Set(harness.sentTo(number).map((s) => s.body.to)).size).toBe(5);
    // Running the re-drive again while nothing is lost adds nothing.
    await redriveRecordedEvents({ receivedGraceMs: 30_000, queuedGraceMs: 3600_000 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(harness.sentTo(number)).toHaveLength(5);
  });
});

describe("faults at Meta", () => {
  it("with 20% of calls answered 429-style throttling or 5xx, every message is still sent exactly once", async () => {
    const { shop, domain, number } = await harness.installShop("faults", { throughputPerSecond: 100 });
    const { restock } = await harness.soldOutVariant(shop, domain, {
      variantId: "500001",
      inventoryItemId: "500002",
      product: "Cap",
      waiting: 150,
    });
    const { graphErrors } = await import("~/sandbox/meta-graph-stand-in");
    graph.failAtRate(0.2, [graphErrors.throughput(), graphErrors.serverError(), graphErrors.unavailable()], {
      match: (r) => r.path.endsWith(`/${number.phoneNumberId}/messages`),
    });
    try {
      await restock(50);
      await waitFor(async () => (await prisma.backInStockSubscription.count({ where: { shopId: shop.id, status: "NOTIFIED" } })) === 150, {
        what: "every alert sent",
        timeoutMs: 150_000,
      });
    } finally {
      graph.clearFaults();
    }
    const recipients = harness.sentTo(number).map((s) => s.body.to);
    expect(recipients).toHaveLength(150);
    expect(new Set(recipients).size).toBe(150);
    const failedCalls = graph.requests.filter((r) => r.path.endsWith(`/${number.phoneNumberId}/messages`)).length - 150;
    expect(failedCalls).toBeGreaterThan(10); // the faults did happen
    expect(await prisma.message.count({ where: { shopId: shop.id, status: { in: ["DEAD", "FAILED", "PENDING", "SENDING"] } } })).toBe(0);
  }, 200_000);
});
