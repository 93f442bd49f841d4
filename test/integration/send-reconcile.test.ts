import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { startJourneyHarness } from "../support/journey-harness";
import { switchToOwnDatabase } from "../support/own-database";
import { shopifyFixture } from "../support/shopify";
import { waitFor } from "../support/wait";

// No workers: each step of an unknown-outcome send is taken by hand, in the order a crash makes.
await switchToOwnDatabase("send_reconcile");
const harness = await startJourneyHarness({ workers: false, readEventsInline: true });
const { prisma, graph } = harness;
const { processShopifyEvent } = await import("~/jobs/shopify-events.server");
const { processInboundWhatsAppEvent } = await import("~/jobs/inbound-events.server");
const { sendOutboxMessage } = await import("~/jobs/send.server");
const { SendLimits } = await import("~/jobs/send-limits.server");
const { sendPolicy } = await import("~/domain/sending");
const { createRedis } = await import("~/redis.server");
const redis = createRedis("worker");
const limits = new SendLimits(redis);
afterAll(async () => {
  redis.disconnect();
  await harness.stop();
});
beforeEach(() => {
  sendPolicy.reconcileAfterMs = 400;
});

const prepaidOrder = (orderId: string) =>
  shopifyFixture("orders-create").replaceAll("Cash on Delivery (COD)", "shopify_payments").replaceAll("820982911946154508", orderId);

/** An order confirmation whose send reached WhatsApp, by a worker that died before recording the answer. */
async function confirmationInFlight(label: string, orderId: string) {
  const { shop, domain, number } = await harness.installShop(label);
  await harness.deliver(domain, "orders/create", prepaidOrder(orderId));
  const event = await prisma.shopifyEvent.findFirstOrThrow({ where: { shopDomain: domain } });
  await processShopifyEvent(event.id, { isFinalAttempt: false });
  const message = await prisma.message.findFirstOrThrow({ where: { shopId: shop.id, journeyStep: "order_confirmation" } });
  await prisma.message.update({ where: { id: message.id }, data: { status: "SENDING", attempts: 1, lastAttemptAt: new Date() } });
  return { shop, number, message };
}

describe("a send whose outcome is unknown", () => {
  it("is not sent again while WhatsApp's status for it waits unread, and the status settles it", async () => {
    const { shop, number, message } = await confirmationInFlight("reconcile-proof", "5001");
    // WhatsApp's "sent" status arrives while no worker is reading events; it echoes our id.
    await graph.emitStatus({
      phoneNumberId: number.phoneNumberId,
      messageId: "wamid.HBgLMzQ2MTIzNDU2NzgVAgARGBI1",
      status: "sent",
      recipient: message.toPhone!,
      callbackData: message.id,
    });
    await new Promise((resolve) => setTimeout(resolve, sendPolicy.reconcileAfterMs + 100));

    const step = await sendOutboxMessage(message.id, limits);
    expect(step).toMatchObject({ kind: "later" });
    expect(harness.sentTo(number)).toHaveLength(0);

    const statusEvent = await prisma.whatsAppEvent.findFirstOrThrow({ where: { shopId: shop.id, processedAt: null } });
    await processInboundWhatsAppEvent(statusEvent.id, { isFinalAttempt: false });
    expect(await sendOutboxMessage(message.id, limits)).toMatchObject({ kind: "done", note: "already sent" });
    expect(harness.sentTo(number)).toHaveLength(0);
    expect(await prisma.message.findUniqueOrThrow({ where: { id: message.id } })).toMatchObject({
      status: "SENT",
      providerMessageId: "wamid.HBgLMzQ2MTIzNDU2NzgVAgARGBI1",
    });
  });

  it("is sent again, once, when no status came for it: a lost message is worse than a rare repeat", async () => {
    const { number, message } = await confirmationInFlight("reconcile-lost", "5002");
    expect(await sendOutboxMessage(message.id, limits)).toMatchObject({ kind: "later" }); // too early to tell
    await new Promise((resolve) => setTimeout(resolve, sendPolicy.reconcileAfterMs + 100));

    expect(await sendOutboxMessage(message.id, limits)).toMatchObject({ kind: "done" });
    expect(await sendOutboxMessage(message.id, limits)).toMatchObject({ kind: "done", note: "already sent" });
    const sends = await waitFor(() => harness.sentTo(number).length === 1 && harness.sentTo(number), { what: "the resend" });
    expect(sends[0].body.biz_opaque_callback_data).toBe(message.id);
    expect(await prisma.message.findUniqueOrThrow({ where: { id: message.id } })).toMatchObject({ status: "SENT", attempts: 2 });
  });
});
