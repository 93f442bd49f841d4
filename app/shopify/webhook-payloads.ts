import { z } from "zod";

/**
 * What the app needs from each webhook topic's payload. Loose objects: Shopify adds fields
 * over time and we keep the raw body anyway. Parsed with `parseJsonExact`, so ids arrive as
 * numbers (when safe) or digit strings (when not); `shopifyId` turns both into strings.
 */
export const shopifyId = z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).transform(String);
const gid = z.string().startsWith("gid://shopify/");

const address = z
  .looseObject({
    phone: z.string().nullish(),
    country_code: z.string().nullish(),
    first_name: z.string().nullish(),
  })
  .nullish();

export const orderPayload = z.looseObject({
  id: shopifyId,
  admin_graphql_api_id: gid,
  name: z.string(),
  email: z.string().nullish(),
  phone: z.string().nullish(),
  currency: z.string().nullish(),
  total_price: z.string().nullish(),
  customer_locale: z.string().nullish(),
  financial_status: z.string().nullish(),
  cancelled_at: z.string().nullish(),
  gateway: z.string().nullish(),
  payment_gateway_names: z.array(z.string()).nullish(),
  order_status_url: z.string().nullish(),
  note_attributes: z.array(z.looseObject({ name: z.string().nullish(), value: z.string().nullish() })).nullish(),
  customer: z.looseObject({ id: shopifyId, first_name: z.string().nullish(), phone: z.string().nullish() }).nullish(),
  shipping_address: address,
  billing_address: address,
  line_items: z.array(z.looseObject({ title: z.string(), quantity: z.number().int() })).default([]),
});

export const fulfillmentPayload = z.looseObject({
  id: shopifyId,
  order_id: shopifyId,
  admin_graphql_api_id: gid.optional(),
  status: z.string().nullish(),
  shipment_status: z.string().nullish(),
  tracking_company: z.string().nullish(),
  tracking_number: z.string().nullish(),
  tracking_url: z.string().nullish(),
  destination: z.looseObject({ phone: z.string().nullish(), country_code: z.string().nullish() }).nullish(),
});

export const inventoryLevelPayload = z.looseObject({
  inventory_item_id: shopifyId,
  location_id: shopifyId,
  available: z.number().int().nullable(),
  updated_at: z.string().nullish(),
  admin_graphql_api_id: z.string().optional(),
});

export const appUninstalledPayload = z.looseObject({
  id: shopifyId.optional(),
  myshopify_domain: z.string().nullish(),
  domain: z.string().nullish(),
});

const complianceCustomer = z.looseObject({
  id: shopifyId.nullish(),
  email: z.string().nullish(),
  phone: z.string().nullish(),
});

export const customersDataRequestPayload = z.looseObject({
  shop_id: shopifyId,
  shop_domain: z.string(),
  customer: complianceCustomer,
  orders_requested: z.array(shopifyId).default([]),
  data_request: z.looseObject({ id: shopifyId }).optional(),
});

export const customersRedactPayload = z.looseObject({
  shop_id: shopifyId,
  shop_domain: z.string(),
  customer: complianceCustomer,
  orders_to_redact: z.array(shopifyId).default([]),
});

export const shopRedactPayload = z.looseObject({
  shop_id: shopifyId,
  shop_domain: z.string(),
});

/** The schema for each topic the app subscribes to. */
export const webhookPayloadSchemas = {
  "orders/create": orderPayload,
  "orders/paid": orderPayload,
  "orders/cancelled": orderPayload,
  "fulfillments/create": fulfillmentPayload,
  "fulfillments/update": fulfillmentPayload,
  "inventory_levels/update": inventoryLevelPayload,
  "app/uninstalled": appUninstalledPayload,
  "customers/data_request": customersDataRequestPayload,
  "customers/redact": customersRedactPayload,
  "shop/redact": shopRedactPayload,
} as const;

export type ShopifyTopic = keyof typeof webhookPayloadSchemas;
export type WebhookPayload<T extends ShopifyTopic> = z.output<(typeof webhookPayloadSchemas)[T]>;

export function isKnownTopic(topic: string): topic is ShopifyTopic {
  return Object.hasOwn(webhookPayloadSchemas, topic);
}

/** A short, human-readable list of what is wrong with a payload. */
export function describePayloadProblems(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join(".") || "(body)"}: ${issue.message}`)
    .join("; ");
}
