import { afterAll, describe, expect, it } from "vitest";
import { startJourneyHarness } from "../support/journey-harness";
import { switchToOwnDatabase } from "../support/own-database";
import { shopifyFixture } from "../support/shopify";
import { waitFor } from "../support/wait";

await switchToOwnDatabase("sending_policies");
const harness = await startJourneyHarness();
const { prisma, graph } = harness;
const { circuitPolicy } = await import("~/jobs/send-limits.server");
const { graphErrors } = await import("~/sandbox/meta-graph-stand-in");
afterAll(() => harness.stop());

const prepaidOrder = (phone = "+34 612 34 56 78", orderId = "820982911946154508") =>
  shopifyFixture("orders-create")
    .replaceAll("Cash on Delivery (COD)", "shopify_payments")
    .replace('"phone":"+34 612 34 56 78"', `"phone":"${phone}"`)
    .replaceAll("820982911946154508", orderId);

describe("priorities and fairness between shops", () => {
  it("another shop's order confirmation does not wait behind a big restock", async () => {
    const a = await harness.installShop("fair-a", { throughputPerSecond: 40 });
    const b = await harness.installShop("fair-b");
    const { restock } = await harness.soldOutVariant(a.shop, a.domain, {
      variantId: "110000",
      inventoryItemId: "110001",
      product: "Scarf",
      waiting: 400,
    });
    await restock(10);
    await waitFor(() => harness.sentTo(a.number).length >= 20, { what: "the restock under way" });

    await harness.deliver(b.domain, "orders/create", prepaidOrder());
    const [confirmation] = await waitFor(() => harness.sentTo(b.number).length === 1 && harness.sentTo(b.number), {
      what: "shop B's confirmation",
    });
    const alertsBefore = harness.sentTo(a.number).filter((s) => s.at <= confirmation.at).length;
    expect(alertsBefore).toBeLessThan(200); // shop A's fan-out was far from done
    await waitFor(async () => (await prisma.restockRun.findFirstOrThrow({ where: { shopId: a.shop.id } })).status === "DONE", {
      what: "shop A's restock done",
      timeoutMs: 120_000,
    });
  }, 150_000);
});

describe("the circuit breaker", () => {
  it("opens on a shop-level error, holds the messages, and closes by itself once a probe succeeds", async () => {
    circuitPolicy.firstOpenMs = 400;
    const { domain, number, shop } = await harness.installShop("circuit");
    graph.revokeToken(number.accessToken);
    const openedFrom = Date.now();
    await harness.deliver(domain, "orders/create", prepaidOrder("+34 612 34 56 79", "111"));
    await harness.deliver(domain, "orders/create", prepaidOrder("+34 612 34 56 80", "222"));

    // Both confirmations end up held (PENDING, waiting for the circuit), not dead-lettered. A probe may
    // briefly claim one (SENDING), so wait for a moment when both rest.
    await waitFor(
      async () => {
        const held = await prisma.message.findMany({ where: { shopId: shop.id, journeyStep: "order_confirmation" } });
        return held.length === 2 && held.every((m) => m.status === "PENDING") && held.some((m) => m.errorCode === "190");
      },
      { what: "both confirmations held after the token error" },
    );
    expect(await prisma.message.count({ where: { shopId: shop.id, status: { in: ["FAILED", "DEAD"] } } })).toBe(0);
    // No hammering while the circuit is open: besides the two first attempts, only probes, spaced
    // by an open period that doubles from 400 ms. (Bounded by the time elapsed, so a slow machine
    // that waited longer is allowed the extra probes that time brought, and no more.)
    const elapsedMs = Date.now() - openedFrom;
    const attemptsWhileOpen = graph.requests.filter((r) => r.path.endsWith(`/${number.phoneNumberId}/messages`)).length;
    expect(attemptsWhileOpen).toBeLessThanOrEqual(2 + Math.ceil(Math.log2(elapsedMs / 400 + 1)));

    graph.restoreToken(number.accessToken);
    await waitFor(
      async () =>
        (await prisma.message.count({
          where: { shopId: shop.id, journeyStep: "order_confirmation", status: { in: ["SENT", "DELIVERED"] } },
        })) === 2,
      { what: "both confirmations sent after the probe", timeoutMs: 20_000 },
    );
    expect(harness.sentTo(number).map((s) => s.body.to)).toEqual(expect.arrayContaining(["+34612345679", "+34612345680"]));
    expect(harness.sentTo(number)).toHaveLength(2);
  }, 60_000);
});

describe("Meta's marketing rules", () => {
  it("do not send a marketing template to a US number (Meta drops them), and say why", async () => {
    const { shop, domain, number } = await harness.installShop("us-marketing");
    const {
      customers: [american, spanish],
      restock,
    } = await harness.soldOutVariant(shop, domain, { variantId: "130000", inventoryItemId: "130001", product: "Scarf", waiting: 2 });
    await prisma.customer.update({ where: { id: american.id }, data: { phoneE164: "+14152007986" } });
    await restock(5);

    await waitFor(async () => (await prisma.restockRun.findFirst({ where: { shopId: shop.id, status: "DONE" } })) !== null, {
      what: "the run",
    });
    await waitFor(async () => (await prisma.message.count({ where: { shopId: shop.id, status: { in: ["PENDING", "SENDING"] } } })) === 0, {
      what: "both alerts settled",
    });
    expect(harness.sentTo(number).map((s) => s.body.to)).toEqual([spanish.phoneE164]);
    expect(await prisma.message.findFirstOrThrow({ where: { shopId: shop.id, toPhone: "+14152007986" } })).toMatchObject({
      status: "SKIPPED",
      errorTitle: expect.stringMatching(/does not deliver marketing templates to US numbers/),
    });
  });
});

describe("quiet hours and the 24-hour window", () => {
  it("hold marketing during the customer's quiet hours, while order updates go out", async () => {
    const { shop, domain, number } = await harness.installShop("quiet", { quietHours: true });
    // Quiet hours covering the present moment in Madrid, where the +34 customers are.
    const madrid = new Intl.DateTimeFormat("en-GB", {
      timeZone: "Europe/Madrid",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    }).formatToParts(new Date());
    const minutes = Number(madrid.find((p) => p.type === "hour")!.value) * 60 + Number(madrid.find((p) => p.type === "minute")!.value);
    await prisma.shopSettings.update({
      where: { shopId: shop.id },
      data: { quietHoursStart: (minutes + 1440 - 60) % 1440, quietHoursEnd: (minutes + 120) % 1440 },
    });

    const { restock } = await harness.soldOutVariant(shop, domain, {
      variantId: "120000",
      inventoryItemId: "120001",
      product: "Scarf",
      waiting: 3,
    });
    await restock(10);
    await harness.deliver(domain, "orders/create", prepaidOrder());
    await waitFor(() => harness.sentTo(number).length === 1, { what: "the order confirmation" });
    await waitFor(
      async () =>
        (await prisma.message.count({
          where: { shopId: shop.id, purpose: "MARKETING", nextAttemptAt: { gt: new Date(Date.now() + 3600 * 1000) } },
        })) === 3,
      {
        what: "the alerts held until morning",
      },
    );
    expect(harness.sentTo(number).map((s) => s.body.template?.name)).toEqual(["wj_order_confirmation"]);
  });

  it("send the free-form form inside an open window, and the template when 131047 says it closed", async () => {
    const { domain, number, shop } = await harness.installShop("window");
    await graph.emitInbound({
      phoneNumberId: number.phoneNumberId,
      from: "+34612345678",
      message: { type: "text", text: { body: "Hola, ¿tenéis envíos a Canarias?" } },
    });
    await waitFor(() => prisma.conversation.findFirst({ where: { shopId: shop.id } }), { what: "the window opened" });

    await harness.deliver(domain, "orders/create", prepaidOrder("+34 612 34 56 78", "333"));
    const [free] = await waitFor(() => harness.sentTo(number).length === 1 && harness.sentTo(number), {
      what: "the free-form confirmation",
    });
    expect(free.body).toMatchObject({
      type: "text",
      text: { body: expect.stringContaining("Hola John, gracias por tu pedido #9999 en Trail Co.") },
    });

    graph.failNext(graphErrors.windowClosed(), { match: (r) => (r.body as { type?: string }).type === "text" });
    await harness.deliver(domain, "orders/create", prepaidOrder("+34 612 34 56 78", "444"));
    await waitFor(() => harness.sentTo(number).length === 2, { what: "the second confirmation" });
    expect(harness.sentTo(number)[1].body).toMatchObject({ type: "template", template: { name: "wj_order_confirmation" } });
  });
});
