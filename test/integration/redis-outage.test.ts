import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { switchToOwnDatabase } from "../support/own-database";
import { interceptShopifyFetch, ShopifyAdminStandIn } from "~/sandbox/shopify-admin-stand-in";
import { startThrowawayRedis } from "../support/throwaway-redis";
import { appProxyUrl, shopifyFixture, shopifyWebhookRequest, soldOutTrailRunner, uniqueShop } from "../support/shopify";
import { waitFor } from "../support/wait";

// This file points the app at its own redis-server, which it kills and restarts, and at its
// own database, since the re-drive it exercises looks at every shop's events.
const redis = await startThrowawayRedis();
process.env.REDIS_URL = redis.url;
await switchToOwnDatabase("outage");
const shopifyAdmin = await ShopifyAdminStandIn.start();
const restoreFetch = interceptShopifyFetch(shopifyAdmin.url);

const { prisma } = await import("~/db.server");
const { createRedis } = await import("~/redis.server");
const { closeQueues, getQueue, QueueName } = await import("~/jobs/queues.server");
const { createRecordedEventWorker } = await import("~/jobs/event-worker.server");
const { processShopifyEvent } = await import("~/jobs/shopify-events.server");
const { redriveRecordedEvents } = await import("~/jobs/redrive.server");
const { action: ordersAction } = await import("~/routes/webhooks.orders");
const { action: subscribeAction } = await import("~/routes/proxy.back-in-stock");
const { storefrontLimits } = await import("~/storefront/storefront-limits.server");
const { installShop } = await import("../support/db");

const shop = uniqueShop("outage");
const deliver = async (webhookId: string) => {
  const request = shopifyWebhookRequest({ topic: "orders/create", shop, body: shopifyFixture("orders-create"), webhookId });
  return (await ordersAction({ request, params: {}, context: {} })) as Response;
};
const eventByWebhook = (webhookId: string) => prisma.shopifyEvent.findUniqueOrThrow({ where: { webhookId } });

afterAll(async () => {
  await closeQueues();
  await redis.stop();
  restoreFetch();
  await shopifyAdmin.close();
});

describe("when Redis goes away during ingestion", () => {
  const before = randomUUID();
  const during = randomUUID();

  beforeAll(async () => {
    expect((await deliver(before)).status).toBe(200);
    expect(await eventByWebhook(before)).toMatchObject({ status: "QUEUED" });
    await redis.stop();
  });

  it("a webhook is still recorded and answered 200", async () => {
    const response = await deliver(during);

    expect(response.status).toBe(200);
    expect(await eventByWebhook(during)).toMatchObject({ status: "RECEIVED", enqueuedAt: null });
  });

  it("the storefront's Notify me form still subscribes, and its limits still hold (in this process)", async () => {
    const storefront = await installShop(uniqueShop("outage-storefront"));
    shopifyAdmin.addVariant(storefront.domain, soldOutTrailRunner());
    const subscribe = async () =>
      (await subscribeAction({
        request: new Request(appProxyUrl("/proxy/back-in-stock", storefront.domain), {
          method: "POST",
          body: new URLSearchParams({ variant_id: "808950810", phone: "+34 644 00 00 01", consent: "on" }),
        }),
        params: {},
        context: {},
      })) as Response;
    const statuses = [];
    for (let i = 0; i <= storefrontLimits.perNumberPerHour; i++) statuses.push((await subscribe()).status);
    expect(statuses).toEqual([...Array(storefrontLimits.perNumberPerHour).fill(200), 429]);
    expect(await prisma.backInStockSubscription.count({ where: { shopId: storefront.id, status: "ACTIVE" } })).toBe(1);
  });

  it("once Redis is back (empty), the re-drive enqueues everything exactly once and nothing is lost", async () => {
    await redis.restart();
    const queue = getQueue(QueueName.events);
    // The producer connection reconnects on its own; the re-drive succeeds once it has.
    await waitFor(() => redriveRecordedEvents({ receivedGraceMs: 0, queuedGraceMs: 0 }).catch(() => 0), {
      what: "a re-drive after Redis restarted",
    });
    // Running it again (another worker, the next tick) adds nothing.
    await redriveRecordedEvents({ receivedGraceMs: 0, queuedGraceMs: 0 });
    expect(await queue.getJobCountByTypes("waiting", "prioritized")).toBe(2);

    const connection = createRedis("worker");
    const worker = createRecordedEventWorker("shopify", connection, processShopifyEvent);
    void worker.run();
    try {
      await waitFor(async () => (await queue.getJobCountByTypes("completed")) === 2, { what: "both jobs completed" });
    } finally {
      await worker.close();
      connection.disconnect();
    }

    for (const webhookId of [before, during]) {
      expect(await eventByWebhook(webhookId)).toMatchObject({ status: "PROCESSED", attempts: 1 });
    }
  });
});
