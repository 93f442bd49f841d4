import type { Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { createRecordedEventWorker } from "~/jobs/event-worker.server";
import { processInboundWhatsAppEvent } from "~/jobs/inbound-events.server";
import { closeQueues } from "~/jobs/queues.server";
import { activeWhatsAppProvider, connectWhatsApp } from "~/models/whatsapp-connection.server";
import { createRedis } from "~/redis.server";
import { sandboxSettings, type SandboxProvider } from "~/sandbox/sandbox-provider.server";
import { installShop } from "../support/db";
import { uniqueShop } from "../support/shopify";
import { waitFor } from "../support/wait";

const redis = createRedis("worker");
let worker: Worker;
let shopId: string;
let sandbox: SandboxProvider;

beforeAll(async () => {
  Object.assign(sandboxSettings, { statusDelaysMs: { sent: 50, delivered: 150, read: 300 }, readProbability: 1 });
  worker = createRecordedEventWorker("whatsapp", redis, processInboundWhatsAppEvent);
  void worker.run();
  shopId = (await installShop(uniqueShop("sandbox"))).id;
  await connectWhatsApp(shopId, { provider: "SANDBOX" });
  sandbox = (await activeWhatsAppProvider(shopId))!.provider as SandboxProvider;
});
afterAll(async () => {
  await worker.close();
  redis.disconnect();
  await closeQueues();
});

describe("the sandbox", () => {
  it("keeps every message and reports sent, delivered and read through the inbound path", async () => {
    const customer = await prisma.customer.create({ data: { shopId, phoneE164: "+447700900123" } });
    const outbox = await prisma.message.create({
      data: {
        shopId,
        customerId: customer.id,
        direction: "OUTBOUND",
        idempotencyKey: "sandbox-test-1",
        toPhone: customer.phoneE164,
        type: "text",
        content: {},
        status: "SENDING",
        provider: "SANDBOX",
      },
    });

    const { providerMessageId } = await sandbox.send({
      to: customer.phoneE164,
      message: { type: "text", body: "Your order is on its way" },
      callbackData: outbox.id,
    });

    const kept = await prisma.sandboxMessage.findUniqueOrThrow({ where: { wamid: providerMessageId } });
    expect(kept).toMatchObject({
      direction: "TO_SHOPPER",
      shopperPhone: "+447700900123",
      type: "text",
      content: { type: "text", body: "Your order is on its way" },
    });
    const read = await waitFor(
      async () => {
        const message = await prisma.message.findUniqueOrThrow({ where: { id: outbox.id }, include: { statusHistory: true } });
        return message.status === "READ" && message;
      },
      { what: "the sandbox to report read" },
    );
    expect(read.providerMessageId).toBe(providerMessageId);
    expect(read.statusHistory.map((s) => s.status).sort()).toEqual(["DELIVERED", "READ", "SENT"]);
    expect(await prisma.whatsAppEvent.count({ where: { shopId, source: "SANDBOX", status: "PROCESSED" } })).toBeGreaterThanOrEqual(3);
  });

  it("lets the shopper answer, opening the 24-hour window like a real reply", async () => {
    const wamid = await sandbox.shopperSends({
      from: "+447700900456",
      profileName: "Sam",
      message: { type: "button_reply", id: "cod_confirm:1001", title: "Confirm order", replyTo: "wamid.x" },
    });

    const inbound = await waitFor(() => prisma.message.findFirst({ where: { shopId, providerMessageId: wamid } }), {
      what: "the shopper's reply",
    });
    expect(inbound).toMatchObject({ direction: "INBOUND", type: "interactive", fromPhone: "+447700900456" });
    expect(inbound.content).toMatchObject({
      summary: "Confirm order",
      interactive: { button_reply: { id: "cod_confirm:1001" } },
      replyTo: "wamid.x",
    });
    const conversation = await prisma.conversation.findFirstOrThrow({ where: { shopId, customer: { phoneE164: "+447700900456" } } });
    expect(conversation.windowExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 23 * 3600 * 1000);
  });

  it("brings a cart sent from the catalog in as an order message", async () => {
    const wamid = await sandbox.shopperSends({
      from: "+447700900789",
      message: {
        type: "order",
        catalogId: "cat-1",
        items: [{ productRetailerId: "SKU-1", quantity: 2, itemPrice: 49.5, currency: "EUR" }],
      },
    });
    const inbound = await waitFor(() => prisma.message.findFirst({ where: { shopId, providerMessageId: wamid } }), { what: "the cart" });
    expect(inbound.content).toMatchObject({
      summary: "[cart: 2 items]",
      order: { product_items: [{ product_retailer_id: "SKU-1", quantity: 2 }] },
    });
  });

  it("describes its number", async () => {
    expect(await sandbox.numberFacts()).toMatchObject({
      qualityRating: "GREEN",
      messagingLimit: "TIER_UNLIMITED",
      verifiedName: expect.stringMatching(/\(sandbox\)$/),
    });
  });
});
