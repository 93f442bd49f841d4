import { createHmac, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";

/**
 * Shopify's side of a webhook delivery, as it arrives on the wire: the raw body, signed with
 * the app's secret (base64 HMAC-SHA256), and Shopify's headers.
 */
export const fixturesDir = path.join(process.cwd(), "test", "fixtures", "shopify");

/** A fixture's raw text (never round-tripped through JSON.parse: its ids are 64-bit). */
export function shopifyFixture(name: string, shop = "demo-store.myshopify.com"): string {
  return readFileSync(path.join(fixturesDir, `${name}.json`), "utf8").replaceAll("{shop}.myshopify.com", shop);
}

export const topicPaths: Record<string, string> = {
  "orders/create": "/webhooks/orders",
  "orders/paid": "/webhooks/orders",
  "orders/cancelled": "/webhooks/orders",
  "fulfillments/create": "/webhooks/fulfillments",
  "fulfillments/update": "/webhooks/fulfillments",
  "inventory_levels/update": "/webhooks/inventory",
  "app/uninstalled": "/webhooks/app/uninstalled",
  "customers/data_request": "/webhooks/compliance",
  "customers/redact": "/webhooks/compliance",
  "shop/redact": "/webhooks/compliance",
};

export function signShopifyBody(body: string, secret = process.env.SHOPIFY_API_SECRET!): string {
  return createHmac("sha256", secret).update(body, "utf8").digest("base64");
}

export interface WebhookDelivery {
  topic: string;
  shop: string;
  body: string;
  webhookId?: string;
  eventId?: string;
  triggeredAt?: string;
  path?: string;
  secret?: string;
  hmac?: string;
  omitHeaders?: string[];
  baseUrl?: string;
  method?: string;
}

export function shopifyWebhookHeaders(delivery: WebhookDelivery): Record<string, string> {
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    "X-Shopify-Topic": delivery.topic,
    "X-Shopify-Shop-Domain": delivery.shop,
    "X-Shopify-API-Version": "2026-10",
    "X-Shopify-Webhook-Id": delivery.webhookId ?? randomUUID(),
    "X-Shopify-Event-Id": delivery.eventId ?? randomUUID(),
    "X-Shopify-Triggered-At": delivery.triggeredAt ?? new Date().toISOString(),
    "X-Shopify-Hmac-Sha256": delivery.hmac ?? signShopifyBody(delivery.body, delivery.secret),
  };
  for (const name of delivery.omitHeaders ?? []) delete headers[name];
  return headers;
}

/** A Request as Shopify would POST it to the app. */
export function shopifyWebhookRequest(delivery: WebhookDelivery): Request {
  const url = `${delivery.baseUrl ?? "https://journeys.test"}${delivery.path ?? topicPaths[delivery.topic]}`;
  const method = delivery.method ?? "POST";
  return new Request(url, {
    method,
    headers: shopifyWebhookHeaders(delivery),
    body: method === "GET" || method === "HEAD" ? undefined : delivery.body,
  });
}

export function uniqueShop(label = "shop"): string {
  return `${label}-${randomUUID().slice(0, 8)}.myshopify.com`;
}

/**
 * An app proxy request as Shopify forwards it from the storefront: the shop, a timestamp and a
 * signature (hex HMAC-SHA256 of the sorted key=value pairs, joined without separators).
 */
export function appProxyUrl(
  path: string,
  shop: string,
  { secret = process.env.SHOPIFY_API_SECRET!, timestamp = Math.floor(Date.now() / 1000) } = {},
) {
  const params: Record<string, string> = { shop, path_prefix: "/apps/whatsapp", timestamp: String(timestamp), logged_in_customer_id: "" };
  const message = Object.keys(params)
    .sort()
    .map((key) => `${key}=${params[key]}`)
    .join("");
  const signature = createHmac("sha256", secret).update(message).digest("hex");
  return `https://journeys.test${path}?${new URLSearchParams({ ...params, signature })}`;
}

/** The sold-out variant of the fixtures (orders-create's line item), fresh for each Shopify Admin stand-in shop. */
export const soldOutTrailRunner = () => ({
  id: "gid://shopify/ProductVariant/808950810",
  title: "42 / Blue",
  inventoryItemId: "gid://shopify/InventoryItem/271878346596884015",
  inventoryQuantity: 0,
  product: { id: "gid://shopify/Product/632910392", title: "Trail Runner 2", handle: "trail-runner-2" },
});
