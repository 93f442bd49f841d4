import { randomUUID } from "node:crypto";
import type { Worker } from "bullmq";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { createRecordedEventWorker } from "~/jobs/event-worker.server";
import { closeQueues, getQueue, QueueName } from "~/jobs/queues.server";
import { processShopifyEvent, shopifyEventHandlers } from "~/jobs/shopify-events.server";
import { createRedis } from "~/redis.server";
import { receiveShopifyWebhook } from "~/shopify/receive-webhook.server";
import { eventsOf, installShop } from "../support/db";
import { shopifyFixture, shopifyWebhookRequest, uniqueShop } from "../support/shopify";
import { waitFor } from "../support/wait";

const connection = createRedis("worker");
let worker: Worker;
let shop: string;

const deliver = async (topic: string, fixture: string, extra: { webhookId?: string } = {}) => {
  const response = await receiveShopifyWebhook(shopifyWebhookRequest({ topic, shop, body: shopifyFixture(fixture, shop), ...extra }));
  expect(response.status).toBe(200);
};

const processedEvents = (count: number) =>
  waitFor(
    async () => {
      const events = await eventsOf(shop);
      return events.length === count && events.every((event) => event.status === "PROCESSED") && events;
    },
    { what: `${count} processed event(s)` },
  );

beforeAll(async () => {
  worker = createRecordedEventWorker("shopify", connection, processShopifyEvent);
  void worker.run();
  await worker.waitUntilReady();
});
beforeEach(() => {
  shop = uniqueShop("worker");
});
afterAll(async () => {
  await worker.close();
  await getQueue(QueueName.events).obliterate({ force: true });
  await closeQueues();
  connection.disconnect();
});

describe("the events worker", () => {
  it("marks each event processed and says what it did", async () => {
    await installShop(shop);
    await deliver("orders/create", "orders-create");
    await deliver("inventory_levels/update", "inventory-levels-update");

    const events = await processedEvents(2);

    const outcome = (topic: string) => events.find((event) => event.topic === topic)!.outcome;
    for (const event of events) expect(event.processedAt).toBeInstanceOf(Date);
    // No journey is switched on for this shop: the outcome says so instead of sending.
    expect(outcome("orders/create")).toBe("order confirmation not sent: the order confirmation journey is switched off");
    expect(outcome("inventory_levels/update")).toBe("no shopper is waiting for this item");
  });

  it("on app/uninstalled deletes the shop's sessions and marks it uninstalled", async () => {
    await installShop(shop);
    const otherShop = uniqueShop("still-installed");
    await installShop(otherShop);

    await deliver("app/uninstalled", "app-uninstalled");
    const [event] = await processedEvents(1);

    expect(event.outcome).toBe("shop marked uninstalled; 1 session(s) deleted");
    expect(await prisma.session.count({ where: { shop } })).toBe(0);
    expect(await prisma.shop.findUnique({ where: { domain: shop } })).toMatchObject({ status: "UNINSTALLED" });
    // Only the uninstalled shop is touched.
    expect(await prisma.session.count({ where: { shop: otherShop } })).toBe(1);
    expect(await prisma.shop.findUnique({ where: { domain: otherShop } })).toMatchObject({ status: "INSTALLED" });
  });

  it("records each compliance request once for the compliance worker", async () => {
    await installShop(shop);
    await deliver("customers/data_request", "customers-data-request");
    await deliver("customers/redact", "customers-redact");
    await deliver("shop/redact", "shop-redact");
    const events = await processedEvents(3);

    // A second run of the same event (a retried job) records nothing more.
    await prisma.shopifyEvent.update({ where: { id: events[0].id }, data: { status: "QUEUED" } });
    await processShopifyEvent(events[0].id, { isFinalAttempt: false });

    const requests = await prisma.complianceRequest.findMany({ where: { shopDomain: shop }, orderBy: { topic: "asc" } });
    expect(requests.map((request) => [request.topic, request.status])).toEqual([
      ["customers/data_request", "PENDING"],
      ["customers/redact", "PENDING"],
      ["shop/redact", "PENDING"],
    ]);
    expect(requests.every((request) => request.shopId)).toBe(true);
  });

  it("does nothing for an event that is already processed", async () => {
    await installShop(shop);
    await deliver("orders/create", "orders-create");
    const [event] = await processedEvents(1);

    expect(await processShopifyEvent(event.id, { isFinalAttempt: false })).toBe("already processed");
    expect((await prisma.shopifyEvent.findUniqueOrThrow({ where: { id: event.id } })).attempts).toBe(1);
  });

  it("retries a failing handler and marks the event FAILED with the reason after the last attempt", async () => {
    const original = shopifyEventHandlers["orders/paid"];
    let calls = 0;
    shopifyEventHandlers["orders/paid"] = async () => {
      calls += 1;
      throw new Error("the Admin API answered 503");
    };
    try {
      await installShop(shop);
      const { id } = await prisma.shopifyEvent.create({
        data: {
          webhookId: randomUUID(),
          topic: "orders/paid",
          shopDomain: shop,
          payload: shopifyFixture("orders-create"),
          status: "QUEUED",
        },
      });
      await getQueue(QueueName.events).add("shopify", { eventId: id }, { jobId: id, attempts: 3, backoff: { type: "fixed", delay: 10 } });

      const failed = await waitFor(async () => {
        const event = await prisma.shopifyEvent.findUniqueOrThrow({ where: { id } });
        return event.status === "FAILED" && event;
      });

      expect(calls).toBe(3);
      expect(failed).toMatchObject({ attempts: 3, lastError: "the Admin API answered 503" });
    } finally {
      shopifyEventHandlers["orders/paid"] = original;
    }
  });
});
