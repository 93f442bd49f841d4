import { afterAll, describe, expect, it } from "vitest";
import { closeQueues } from "~/jobs/queues.server";
import { loader } from "~/routes/app._index";
import { receiveShopifyWebhook } from "~/shopify/receive-webhook.server";
import { adminRequest } from "../support/admin";
import { installShop } from "../support/db";
import { shopifyFixture, shopifyWebhookRequest, uniqueShop } from "../support/shopify";

afterAll(closeQueues);

const load = async (request: Request) => {
  const result = await loader({ request, params: {}, context: {} });
  return result as Exclude<typeof result, Response>;
};

describe("the admin home page", () => {
  it("shows the authenticated shop's store events, and only that shop's", async () => {
    const shop = uniqueShop("home");
    const neighbour = uniqueShop("neighbour");
    await installShop(shop);
    await installShop(neighbour);
    for (const [target, topic, fixture] of [
      [shop, "orders/create", "orders-create"],
      [shop, "orders/create", "orders-create"],
      [shop, "fulfillments/update", "fulfillments-update"],
      [neighbour, "inventory_levels/update", "inventory-levels-update"],
    ]) {
      await receiveShopifyWebhook(shopifyWebhookRequest({ topic, shop: target, body: shopifyFixture(fixture) }));
    }

    const data = await load(await adminRequest(shop, "/app"));

    expect(data.shop).toBe(shop);
    expect(data.topics.map((t) => [t.topic, t.received])).toEqual([
      ["fulfillments/update", 1],
      ["orders/create", 2],
    ]);
  });

  it("turns away a request whose session token is not signed by Shopify", async () => {
    const shop = uniqueShop("forged");
    await installShop(shop);
    const request = await adminRequest(shop, "/app");
    request.headers.set("Authorization", request.headers.get("Authorization")!.slice(0, -4) + "AAAA");

    const outcome = await loader({ request, params: {}, context: {} }).catch((thrown: unknown) => thrown);

    expect(outcome).toBeInstanceOf(Response);
    expect((outcome as Response).status).toBe(401);
  });
});
