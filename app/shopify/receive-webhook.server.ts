import { WebhookValidationErrorReason } from "@shopify/shopify-api";
import { enqueueRecordedEvents } from "~/jobs/queues.server";
import { logger } from "~/logger.server";
import { recordShopifyEvent } from "~/models/shopify-event.server";
import { shopifyApiLibrary } from "~/shopify.server";
import { parseJsonExact } from "./exact-json";
import { describePayloadProblems, isKnownTopic, webhookPayloadSchemas } from "./webhook-payloads";
import { topicsSubscribedAt } from "./webhook-subscriptions.server";

const log = logger.child({ component: "shopify-webhooks" });

function reply(status: number, message?: string, headers?: HeadersInit): Response {
  return new Response(message ?? null, {
    status,
    headers: { ...(message ? { "Content-Type": "text/plain; charset=utf-8" } : {}), ...headers },
  });
}

/**
 * The whole life of a Shopify webhook in the web process: verify, record, enqueue, answer.
 * Nothing slow happens here — the work runs on the `events` queue.
 *
 * 405 for anything but POST; 401 for a bad HMAC; 400 for a missing header, a shop domain
 * that is not one, a topic not subscribed at this path, or a body that is not the topic's
 * JSON; 200 once the event is durably recorded (even if Redis is away: the re-drive
 * enqueues it later), and 200 again for a redelivery, which records and enqueues nothing.
 */
export async function receiveShopifyWebhook(request: Request): Promise<Response> {
  if (request.method !== "POST") return reply(405, "Webhooks are POST only.", { Allow: "POST" });

  const path = new URL(request.url).pathname;
  const subscribedTopics = topicsSubscribedAt(path);
  if (!subscribedTopics) return reply(404, `No webhook subscription in shopify.app.toml uses ${path}.`);

  const rawBody = await request.text();
  const check = await shopifyApiLibrary.webhooks.validate({ rawBody, rawRequest: request });
  if (!check.valid) {
    if (check.reason === WebhookValidationErrorReason.InvalidHmac) {
      log.warn({ path }, "rejected a webhook with an invalid HMAC");
      return reply(401, "The X-Shopify-Hmac-Sha256 signature does not match the body.");
    }
    const missing = "missingHeaders" in check ? check.missingHeaders.join(", ") : check.reason;
    return reply(400, `Missing webhook headers: ${missing}.`);
  }

  const shopDomain = shopifyApiLibrary.utils.sanitizeShop(check.domain);
  if (!shopDomain) return reply(400, "X-Shopify-Shop-Domain is not a Shopify shop domain.");

  const topic = (request.headers.get("X-Shopify-Topic") ?? "").toLowerCase();
  if (!subscribedTopics.includes(topic) || !isKnownTopic(topic)) {
    return reply(400, `Topic ${topic} is not subscribed at ${path}.`);
  }

  let body: unknown;
  try {
    body = parseJsonExact(rawBody);
  } catch {
    return reply(400, "The body is not JSON.");
  }
  const parsed = webhookPayloadSchemas[topic].safeParse(body);
  if (!parsed.success) {
    log.warn({ shop: shopDomain, topic, webhookId: check.webhookId }, "rejected a malformed webhook payload");
    return reply(400, `The ${topic} payload is malformed: ${describePayloadProblems(parsed.error)}.`);
  }

  const triggeredAt = "triggeredAt" in check && check.triggeredAt ? new Date(check.triggeredAt) : undefined;
  const { id, isNew } = await recordShopifyEvent({
    webhookId: check.webhookId,
    eventId: "eventId" in check ? check.eventId : undefined,
    topic,
    shopDomain,
    apiVersion: check.apiVersion,
    triggeredAt: triggeredAt && !Number.isNaN(triggeredAt.getTime()) ? triggeredAt : undefined,
    payload: rawBody,
  });
  if (!isNew) {
    log.info({ shop: shopDomain, topic, webhookId: check.webhookId }, "ignored a redelivered webhook");
    return reply(200);
  }

  try {
    await enqueueRecordedEvents("shopify", [id]);
  } catch (error) {
    // Recorded but not queued: the worker's re-drive picks it up once Redis is back.
    log.warn({ shop: shopDomain, topic, eventId: id, err: (error as Error).message }, "webhook recorded; enqueue deferred");
  }
  log.info({ shop: shopDomain, topic, eventId: id }, "webhook recorded");
  return reply(200);
}
