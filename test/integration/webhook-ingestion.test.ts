import { randomUUID } from "node:crypto";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { closeQueues, getQueue, QueueName } from "~/jobs/queues.server";
import { action as ordersAction, loader as ordersLoader } from "~/routes/webhooks.orders";
import { action as complianceAction } from "~/routes/webhooks.compliance";
import { action as inventoryAction } from "~/routes/webhooks.inventory";
import { eventsOf, installShop } from "../support/db";
import { shopifyFixture, shopifyWebhookRequest, signShopifyBody, uniqueShop } from "../support/shopify";

const queue = getQueue(QueueName.events);
const jobCount = async () => {
  const counts = await queue.getJobCounts("waiting", "delayed", "active", "prioritized");
  return Object.values(counts).reduce((sum, n) => sum + n, 0);
};
const call = (handler: typeof ordersAction, request: Request) => handler({ request, params: {}, context: {} }) as Promise<Response>;

let shop: string;
beforeEach(async () => {
  shop = uniqueShop("ingest");
  await queue.obliterate({ force: true });
});
afterAll(async () => {
  await queue.obliterate({ force: true });
  await closeQueues();
});

describe("a signed Shopify webhook", () => {
  it("is answered 200 and lands one event row and one job", async () => {
    await installShop(shop);
    const webhookId = randomUUID();
    const eventId = randomUUID();
    const triggeredAt = "2026-11-25T14:12:31.000Z";
    const body = shopifyFixture("orders-create");

    const response = await call(
      ordersAction,
      shopifyWebhookRequest({ topic: "orders/create", shop, body, webhookId, eventId, triggeredAt }),
    );

    expect(response.status).toBe(200);
    const [event, ...others] = await eventsOf(shop);
    expect(others).toHaveLength(0);
    expect(event).toMatchObject({
      webhookId,
      eventId,
      topic: "orders/create",
      shopDomain: shop,
      apiVersion: "2026-10",
      status: "QUEUED",
      triggeredAt: new Date(triggeredAt),
    });
    // The raw body is kept byte for byte, so 64-bit ids survive exactly.
    expect(event.payload).toBe(body);
    expect(event.payload).toContain('"id":820982911946154508');

    const jobs = await queue.getJobs(["waiting", "prioritized"]);
    expect(jobs.map((job) => job.data)).toEqual([{ eventId: event.id }]);
  });

  it("delivered three times at once lands one row and one job", async () => {
    const delivery = { topic: "orders/create", shop, body: shopifyFixture("orders-create"), webhookId: randomUUID() };

    const responses = await Promise.all([1, 2, 3].map(() => call(ordersAction, shopifyWebhookRequest(delivery))));

    expect(responses.map((response) => response.status)).toEqual([200, 200, 200]);
    expect(await eventsOf(shop)).toHaveLength(1);
    expect(await jobCount()).toBe(1);
  });

  it("redelivered later is answered 200 and enqueues nothing new", async () => {
    const delivery = { topic: "orders/create", shop, body: shopifyFixture("orders-create"), webhookId: randomUUID() };
    await call(ordersAction, shopifyWebhookRequest(delivery));
    await queue.obliterate({ force: true }); // as if the first job had been processed and removed

    const again = await call(ordersAction, shopifyWebhookRequest({ ...delivery, eventId: randomUUID() }));

    expect(again.status).toBe(200);
    expect(await eventsOf(shop)).toHaveLength(1);
    expect(await jobCount()).toBe(0);
  });

  it("is recorded even when the shop has no session (compliance arrives after uninstall)", async () => {
    const response = await call(
      complianceAction,
      shopifyWebhookRequest({ topic: "shop/redact", shop, body: shopifyFixture("shop-redact", shop) }),
    );

    expect(response.status).toBe(200);
    expect(await prisma.session.count({ where: { shop } })).toBe(0);
    expect((await eventsOf(shop)).map((event) => event.topic)).toEqual(["shop/redact"]);
  });
});

describe("a webhook that is not what it claims", () => {
  const rejects = async (response: Response, status: number, message: RegExp) => {
    expect(response.status).toBe(status);
    expect(await response.text()).toMatch(message);
    expect(await eventsOf(shop)).toHaveLength(0);
    expect(await jobCount()).toBe(0);
  };

  it("with a forged HMAC gets 401 and lands nothing", async () => {
    const body = shopifyFixture("orders-create");
    await rejects(
      await call(ordersAction, shopifyWebhookRequest({ topic: "orders/create", shop, body, secret: "not-the-app-secret" })),
      401,
      /signature does not match/,
    );
  });

  it("whose body was changed after signing gets 401", async () => {
    const body = shopifyFixture("orders-create");
    const request = shopifyWebhookRequest({
      topic: "orders/create",
      shop,
      body: body.replace('"total_price":"403.00"', '"total_price":"0.01"'),
      hmac: signShopifyBody(body),
    });
    await rejects(await call(ordersAction, request), 401, /signature/);
  });

  it("without a webhook id gets 400 naming the header", async () => {
    const request = shopifyWebhookRequest({
      topic: "orders/create",
      shop,
      body: shopifyFixture("orders-create"),
      omitHeaders: ["X-Shopify-Webhook-Id"],
    });
    await rejects(await call(ordersAction, request), 400, /X-Shopify-Webhook-Id/i);
  });

  it("signed but not JSON gets 400", async () => {
    await rejects(await call(ordersAction, shopifyWebhookRequest({ topic: "orders/create", shop, body: "{not json" })), 400, /not JSON/);
  });

  it("signed but missing the order's fields gets 400 naming them", async () => {
    await rejects(
      await call(ordersAction, shopifyWebhookRequest({ topic: "orders/create", shop, body: '{"id": 1}' })),
      400,
      /orders\/create payload is malformed: admin_graphql_api_id/,
    );
  });

  it("for a topic not subscribed at that path gets 400", async () => {
    const request = shopifyWebhookRequest({
      topic: "inventory_levels/update",
      shop,
      body: shopifyFixture("inventory-levels-update"),
      path: "/webhooks/orders",
    });
    await rejects(await call(ordersAction, request), 400, /not subscribed at \/webhooks\/orders/);
  });

  it("from something that is not a shop domain gets 400", async () => {
    shop = "evil.example.com";
    await rejects(
      await call(
        inventoryAction,
        shopifyWebhookRequest({ topic: "inventory_levels/update", shop, body: shopifyFixture("inventory-levels-update") }),
      ),
      400,
      /not a Shopify shop domain/,
    );
  });

  it("sent with GET gets 405", async () => {
    const request = shopifyWebhookRequest({ topic: "orders/create", shop, body: "", method: "GET" });
    const response = (await ordersLoader({ request, params: {}, context: {} })) as Response;
    expect(response.status).toBe(405);
    expect(response.headers.get("Allow")).toBe("POST");
  });
});
