import type { ShopifyEvent } from "@prisma/client";
import { recordComplianceRequest } from "~/models/compliance.server";
import { processRecordedEvent } from "~/models/recorded-event.server";
import { runFulfillment, runInventoryUpdate, runOrderCancelled, runOrderCreated } from "./journeys.server";
import { recordUninstall } from "~/models/shop.server";
import { parseJsonExact } from "~/shopify/exact-json";
import { isKnownTopic, webhookPayloadSchemas, type ShopifyTopic, type WebhookPayload } from "~/shopify/webhook-payloads";

export interface RecordedEvent<T extends ShopifyTopic> {
  id: string;
  topic: T;
  shopDomain: string;
  triggeredAt: Date | null;
  /** This processing's attempt, 1 the first time. */
  attempt: number;
  payload: WebhookPayload<T>;
}

/** Does the topic's work; returns what happened, in words staff can read. */
type TopicHandler<T extends ShopifyTopic> = (event: RecordedEvent<T>) => Promise<string>;

const recordCompliance: TopicHandler<"customers/data_request" | "customers/redact" | "shop/redact"> = async (event) => {
  await recordComplianceRequest({ eventId: event.id, topic: event.topic, shopDomain: event.shopDomain });
  return `${event.topic} request recorded for the compliance worker`;
};

/** One handler per topic subscribed in shopify.app.toml (a test keeps the two in step). */
export const shopifyEventHandlers: { [T in ShopifyTopic]: TopicHandler<T> } = {
  "orders/create": (event) => runOrderCreated(event.shopDomain, event.payload, event.id),
  "orders/paid": async () => "payment recorded; the confirmation went out when the order was placed",
  "orders/cancelled": (event) => runOrderCancelled(event.shopDomain, event.payload),
  "fulfillments/create": (event) => runFulfillment(event.shopDomain, event.payload, true, event.attempt),
  "fulfillments/update": (event) => runFulfillment(event.shopDomain, event.payload, false, event.attempt),
  "inventory_levels/update": (event) => runInventoryUpdate(event.shopDomain, event.payload),
  "app/uninstalled": async (event) => {
    const { sessionsDeleted } = await recordUninstall(event.shopDomain, event.triggeredAt ?? new Date());
    return `shop marked uninstalled; ${sessionsDeleted} session(s) deleted`;
  },
  "customers/data_request": recordCompliance,
  "customers/redact": recordCompliance,
  "shop/redact": recordCompliance,
};

function toRecordedEvent(event: ShopifyEvent): RecordedEvent<ShopifyTopic> {
  if (!isKnownTopic(event.topic)) throw new Error(`No handler for topic ${event.topic}`);
  return {
    id: event.id,
    topic: event.topic,
    shopDomain: event.shopDomain,
    triggeredAt: event.triggeredAt,
    attempt: event.attempts,
    // Validated on the way in; parsed again here because the stored text is the record.
    payload: webhookPayloadSchemas[event.topic].parse(parseJsonExact(event.payload)),
  };
}

/** The `events` queue's job: run the topic's handler once (see processRecordedEvent). */
export function processShopifyEvent(eventId: string, options: { isFinalAttempt: boolean }): Promise<string> {
  return processRecordedEvent<ShopifyEvent>("shopify", eventId, options, (event) => {
    const recorded = toRecordedEvent(event);
    const handler = shopifyEventHandlers[recorded.topic] as TopicHandler<ShopifyTopic>;
    return handler(recorded);
  });
}
