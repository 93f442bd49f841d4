import { readFileSync } from "node:fs";
import type { Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MetaGraphStandIn, type StandInNumber } from "~/sandbox/meta-graph-stand-in";
import { UltraMsgStandIn } from "~/sandbox/ultramsg-stand-in";
import { startAppServer, type AppServer } from "../support/app-server";
import { waitFor } from "../support/wait";

// Meta (the Graph API stand-in) and UltraMsg call the app over HTTP, as they would in production.
const graph = await MetaGraphStandIn.start({ appSecret: process.env.WHATSAPP_APP_SECRET! });
const ultramsg = await UltraMsgStandIn.start();
process.env.WHATSAPP_GRAPH_URL = graph.url;
process.env.ULTRAMSG_API_URL = ultramsg.url;

const { prisma } = await import("~/db.server");
const { createRecordedEventWorker } = await import("~/jobs/event-worker.server");
const { processInboundWhatsAppEvent } = await import("~/jobs/inbound-events.server");
const { closeQueues } = await import("~/jobs/queues.server");
const { connectWhatsApp } = await import("~/models/whatsapp-connection.server");
const { createRedis } = await import("~/redis.server");
const { describeError } = await import("~/whatsapp/errors");
const { installShop } = await import("../support/db");
const { uniqueShop } = await import("../support/shopify");

const accountFixtures = JSON.parse(readFileSync("test/fixtures/meta-webhooks/account_update.json", "utf8"));

let app: AppServer;
let worker: Worker;
const redis = createRedis("worker");
let shopId: string;
let number: StandInNumber;

beforeAll(async () => {
  app = await startAppServer();
  graph.webhookUrl = `${app.url}/webhooks/whatsapp`;
  worker = createRecordedEventWorker("whatsapp", redis, processInboundWhatsAppEvent);
  void worker.run();
  const shop = await installShop(uniqueShop("wa-webhooks"));
  shopId = shop.id;
  number = graph.addNumber({ accessToken: "EAAG-webhook-test-token-abcdef" });
  await connectWhatsApp(shopId, {
    provider: "CLOUD",
    phoneNumberId: number.phoneNumberId,
    wabaId: number.wabaId,
    accessToken: number.accessToken,
  });
});

afterAll(async () => {
  await worker.close();
  redis.disconnect();
  await closeQueues();
  await app.close();
  await graph.close();
  await ultramsg.close();
});

const eventsOfShop = () => prisma.whatsAppEvent.findMany({ where: { shopId } });
const settled = () =>
  waitFor(async () => (await prisma.whatsAppEvent.count({ where: { shopId, status: { not: "PROCESSED" } } })) === 0, {
    what: "every WhatsApp event processed",
  });

/** An outbound message as the outbox will have written it before the send. */
async function outboundMessage(fields: { providerMessageId?: string; status?: "SENDING" | "SENT"; toPhone?: string } = {}) {
  const customer = await prisma.customer.upsert({
    where: { shopId_phoneE164: { shopId, phoneE164: fields.toPhone ?? "+14155550123" } },
    create: { shopId, phoneE164: fields.toPhone ?? "+14155550123" },
    update: {},
  });
  return prisma.message.create({
    data: {
      shopId,
      customerId: customer.id,
      direction: "OUTBOUND",
      idempotencyKey: `test:${crypto.randomUUID()}`,
      toPhone: customer.phoneE164,
      type: "template",
      content: {},
      status: fields.status ?? "SENT",
      providerMessageId: fields.providerMessageId,
      provider: "CLOUD",
    },
  });
}

describe("Meta's verification handshake", () => {
  it("echoes the challenge when the verify token matches", async () => {
    const response = await fetch(
      `${app.url}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${process.env.WHATSAPP_VERIFY_TOKEN}&hub.challenge=1158201444`,
    );
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("1158201444");
  });

  it("refuses a wrong verify token", async () => {
    const response = await fetch(`${app.url}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1`);
    expect(response.status).toBe(403);
  });
});

describe("a WhatsApp webhook", () => {
  it("with a bad or missing signature gets 403 and stores nothing", async () => {
    const before = (await eventsOfShop()).length;
    const body = { object: "whatsapp_business_account", entry: [{ id: number.wabaId, changes: [] }] };
    expect(await graph.emitBody(body, { signature: "sha256=" + "0".repeat(64) })).toBe(403);
    const unsigned = await fetch(`${app.url}/webhooks/whatsapp`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    expect(unsigned.status).toBe(403);
    expect((await eventsOfShop()).length).toBe(before);
  });

  it("brings a shopper's message in: customer, 24-hour window and the message, once", async () => {
    const sent = new Date(Date.now() - 60_000);
    const { status, messageId } = await graph.emitInbound({
      phoneNumberId: number.phoneNumberId,
      from: "+5511987654321",
      profileName: "Joana",
      message: { type: "text", text: { body: "¿Dónde está mi pedido? 🚚 مرحبا" } },
      at: sent,
    });
    expect(status).toBe(200);
    // Meta retries: the same message again.
    await graph.emitInbound({
      phoneNumberId: number.phoneNumberId,
      from: "+5511987654321",
      messageId,
      message: { type: "text", text: { body: "¿Dónde está mi pedido? 🚚 مرحبا" } },
      at: sent,
    });
    await settled();

    const messages = await prisma.message.findMany({ where: { shopId, providerMessageId: messageId } });
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ direction: "INBOUND", type: "text", fromPhone: "+5511987654321", status: "RECEIVED" });
    expect(messages[0].content).toMatchObject({
      summary: "¿Dónde está mi pedido? 🚚 مرحبا",
      text: { body: "¿Dónde está mi pedido? 🚚 مرحبا" },
    });
    const customer = await prisma.customer.findUniqueOrThrow({ where: { shopId_phoneE164: { shopId, phoneE164: "+5511987654321" } } });
    expect(customer).toMatchObject({ waId: "5511987654321", firstName: "Joana" });
    const conversation = await prisma.conversation.findFirstOrThrow({ where: { shopId, customerId: customer.id } });
    expect(conversation.windowExpiresAt!.getTime()).toBe(Math.floor(sent.getTime() / 1000) * 1000 + 24 * 3600 * 1000);
  });

  it("for a number no shop has connected is acknowledged and stores nothing", async () => {
    const stranger = graph.addNumber({ accessToken: "EAAG-stranger-token-abcdefghi" });
    const before = await prisma.whatsAppEvent.count();
    const { status } = await graph.emitInbound({
      phoneNumberId: stranger.phoneNumberId,
      from: "+14155550000",
      message: { type: "text", text: { body: "hi" } },
    });
    expect(status).toBe(200);
    expect(await prisma.whatsAppEvent.count()).toBe(before);
  });

  it("keeps statuses forward-only when they arrive out of order, and ignores repeats", async () => {
    const message = await outboundMessage({ providerMessageId: "wamid.order-test" });
    for (const status of ["read", "delivered", "sent", "read"] as const) {
      await graph.emitStatus({
        phoneNumberId: number.phoneNumberId,
        messageId: "wamid.order-test",
        status,
        recipient: "+14155550123",
        category: "utility",
      });
    }
    await settled();

    const after = await prisma.message.findUniqueOrThrow({ where: { id: message.id }, include: { statusHistory: true } });
    expect(after.status).toBe("READ");
    expect(after.readAt).toBeInstanceOf(Date);
    expect(after.deliveredAt).toBeInstanceOf(Date);
    expect(after.pricingCategory).toBe("utility");
    expect(after.statusHistory.map((change) => change.status).sort()).toEqual(["DELIVERED", "READ", "SENT"]);
  });

  it("records a failure with its code, title and fix hint, suppresses an undeliverable number, and ignores a later delivered", async () => {
    const message = await outboundMessage({ providerMessageId: "wamid.fail-test", toPhone: "+14155550999" });
    await graph.emitStatus({
      phoneNumberId: number.phoneNumberId,
      messageId: "wamid.fail-test",
      status: "failed",
      recipient: "+14155550999",
      errors: [{ code: 131026, title: "Message undeliverable" }],
    });
    await graph.emitStatus({
      phoneNumberId: number.phoneNumberId,
      messageId: "wamid.fail-test",
      status: "delivered",
      recipient: "+14155550999",
    });
    await settled();

    const after = await prisma.message.findUniqueOrThrow({ where: { id: message.id } });
    expect(after).toMatchObject({
      status: "FAILED",
      errorCode: "131026",
      errorTitle: "Message undeliverable",
      errorClass: "permanent_recipient",
    });
    expect(describeError(Number(after.errorCode)).hint).toMatch(/not on WhatsApp/);
    const customer = await prisma.customer.findUniqueOrThrow({ where: { shopId_phoneE164: { shopId, phoneE164: "+14155550999" } } });
    expect(customer.suppressedUntil!.getTime()).toBeGreaterThan(Date.now() + 29 * 24 * 3600 * 1000);
  });

  it("proves a send whose outcome was unknown went out, through our id in the callback data", async () => {
    const message = await outboundMessage({ status: "SENDING" });
    await graph.emitStatus({
      phoneNumberId: number.phoneNumberId,
      messageId: "wamid.reconciled",
      status: "sent",
      recipient: "+14155550123",
      callbackData: message.id,
    });
    await settled();
    expect(await prisma.message.findUniqueOrThrow({ where: { id: message.id } })).toMatchObject({
      status: "SENT",
      providerMessageId: "wamid.reconciled",
    });
  });

  it("applies a template's review, with Meta's reason and recommendation", async () => {
    const template = await prisma.template.create({
      data: {
        shopId,
        name: "abandoned_cart",
        category: "MARKETING",
        purposes: [],
        variants: {
          create: {
            language: "en",
            versions: { create: { version: 1, status: "SUBMITTED", components: [], providerTemplateId: "1689556908129835" } },
          },
        },
      },
      include: { variants: { include: { versions: true } } },
    });
    graph.addTemplate({
      id: "1689556908129835",
      wabaId: number.wabaId,
      name: "abandoned_cart",
      language: "en",
      category: "MARKETING",
      status: "PENDING",
      components: [],
    });
    await graph.reviewTemplate("1689556908129835", "REJECTED", {
      reason: "Your template has parameters placed next to each other (like {{1}}{{2}}).",
      recommendation: "Separate parameters with descriptive text.",
    });
    await settled();

    const version = await prisma.templateVersion.findUniqueOrThrow({ where: { id: template.variants[0].versions[0].id } });
    expect(version).toMatchObject({
      status: "REJECTED",
      rejectionReason: "Your template has parameters placed next to each other (like {{1}}{{2}}).",
      rejectionRecommendation: "Separate parameters with descriptive text.",
    });
  });

  it("pauses the shop's sending on an account restriction, and resumes when Meta reinstates it", async () => {
    const restriction = accountFixtures.account_restriction.entry[0].changes[0];
    await graph.emit(number.wabaId, restriction);
    await settled();
    const paused = await prisma.shopSettings.findUniqueOrThrow({ where: { shopId } });
    expect(paused.sendingPausedAt).toBeInstanceOf(Date);
    expect(paused.sendingPausedReason).toMatch(
      /^Meta restricted the account \(RESTRICTED_BIZ_INITIATED_MESSAGING, RESTRICTED_ADD_PHONE_NUMBER_ACTION\)/,
    );
    expect(await prisma.whatsAppConnection.findFirstOrThrow({ where: { shopId, provider: "CLOUD" } })).toMatchObject({
      status: "RESTRICTED",
    });

    await graph.emit(number.wabaId, {
      field: "account_update",
      value: { event: "DISABLED_UPDATE", ban_info: { waba_ban_state: "REINSTATE", waba_ban_date: "today" } },
    });
    await settled();
    expect(await prisma.shopSettings.findUniqueOrThrow({ where: { shopId } })).toMatchObject({
      sendingPausedAt: null,
      sendingPausedReason: null,
    });
    expect(await prisma.whatsAppConnection.findFirstOrThrow({ where: { shopId, provider: "CLOUD" } })).toMatchObject({
      status: "CONNECTED",
    });
  });

  it("updates the number's messaging limit on a quality update", async () => {
    await graph.emit(number.wabaId, {
      field: "phone_number_quality_update",
      value: { display_phone_number: "15550100199", event: "UPGRADE", current_limit: "TIER_100K" },
    });
    await settled();
    expect(await prisma.whatsAppConnection.findFirstOrThrow({ where: { shopId, provider: "CLOUD" } })).toMatchObject({
      messagingLimit: "TIER_100K",
    });
  });
});

describe("UltraMsg's webhook", () => {
  it("brings a message in through the shop's secret address; an unknown address is 404", async () => {
    const instance = ultramsg.addInstance({ token: "ultra-webhook-token-1" });
    const shop = await installShop(uniqueShop("ultra-hook"));
    const view = await connectWhatsApp(shop.id, { provider: "ULTRAMSG", instanceId: instance.instanceId, token: instance.token });
    ultramsg.webhookUrl = `${app.url}${view.webhookPath}`;

    const body = {
      event_type: "message_received",
      instanceId: instance.instanceId.replace("instance", ""),
      data: {
        id: "false_34600000000@c.us_3EB0ABC",
        from: "34600000000@c.us",
        to: "15550100177@c.us",
        body: "Hola",
        type: "chat",
        fromMe: false,
        time: 1_800_000_000,
        pushname: "Lucía",
      },
    };
    expect(await ultramsg.emit(body)).toBe(200);
    expect(await ultramsg.emit(body)).toBe(200); // a repeat is recorded once

    await waitFor(async () => (await prisma.message.count({ where: { shopId: shop.id, direction: "INBOUND" } })) === 1, {
      what: "the UltraMsg message",
    });
    expect(await prisma.whatsAppEvent.count({ where: { shopId: shop.id } })).toBe(1);
    const message = await prisma.message.findFirstOrThrow({ where: { shopId: shop.id, direction: "INBOUND" } });
    expect(message).toMatchObject({ fromPhone: "+34600000000", type: "text", provider: "ULTRAMSG" });

    const stranger = await fetch(`${app.url}/webhooks/ultramsg/${"0".repeat(48)}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    expect(stranger.status).toBe(404);
  });
});
