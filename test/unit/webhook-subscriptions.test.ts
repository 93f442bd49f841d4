import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
import { shopifyEventHandlers } from "~/jobs/shopify-events.server";
import { apiVersion } from "~/shopify.server";
import { webhookPayloadSchemas } from "~/shopify/webhook-payloads";
import { subscribedTopics, webhookConfig } from "~/shopify/webhook-subscriptions.server";

const routesDir = path.join(process.cwd(), "app", "routes");

/** The URL path of a flat-routes file name: "webhooks.app.uninstalled.ts" → "/webhooks/app/uninstalled". */
function routePath(fileName: string): string {
  return (
    "/" +
    fileName
      .replace(/(\/route)?\.(tsx?|jsx?)$/, "")
      .split(".")
      .join("/")
  );
}

/** Route files that hand requests to the Shopify webhook pipeline. */
const shopifyWebhookRoutes = readdirSync(routesDir)
  .filter((file) => /^webhooks\./.test(file))
  .filter((file) => readFileSync(path.join(routesDir, file), "utf8").includes("receiveShopifyWebhook"))
  .map(routePath)
  .sort();

describe("shopify.app.toml and the code agree", () => {
  const { subscriptions } = webhookConfig();

  it("every subscribed uri has a webhook route", () => {
    const missing = subscriptions.map((s) => s.uri).filter((uri) => !shopifyWebhookRoutes.includes(uri));
    expect(missing).toEqual([]);
  });

  it("every Shopify webhook route is subscribed", () => {
    const unsubscribed = shopifyWebhookRoutes.filter((route) => !subscriptions.some((s) => s.uri === route));
    expect(unsubscribed).toEqual([]);
  });

  it("subscribes to every topic of DESIGN.md, including the three compliance topics", () => {
    expect([...subscribedTopics()].sort()).toEqual(
      [
        "app/uninstalled",
        "customers/data_request",
        "customers/redact",
        "fulfillments/create",
        "fulfillments/update",
        "inventory_levels/update",
        "orders/cancelled",
        "orders/create",
        "orders/paid",
        "shop/redact",
      ].sort(),
    );
    expect(subscriptions.find((s) => s.compliance)?.topics).toEqual(["customers/data_request", "customers/redact", "shop/redact"]);
  });

  it("has a payload schema and a worker handler for exactly the subscribed topics", () => {
    const topics = [...subscribedTopics()].sort();
    expect(Object.keys(webhookPayloadSchemas).sort()).toEqual(topics);
    expect(Object.keys(shopifyEventHandlers).sort()).toEqual(topics);
  });

  it("declares the webhook API version the app uses", () => {
    expect(webhookConfig().apiVersion).toBe(apiVersion);
  });

  it("documents the same scopes in .env.example", () => {
    const toml = parse(readFileSync("shopify.app.toml", "utf8")) as { access_scopes: { scopes: string } };
    const example = readFileSync(".env.example", "utf8").match(/^SCOPES=(.*)$/m)?.[1];
    expect(example).toBe(toml.access_scopes.scopes);
  });
});
