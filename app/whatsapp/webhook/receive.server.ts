import { createHash, timingSafeEqual } from "node:crypto";
import { env } from "~/config/env.server";
import { logger } from "~/logger.server";
import { findCloudConnectionsFor, findUltraMsgConnectionBySecret } from "~/models/whatsapp-connection.server";
import type { IncomingWhatsAppEvent } from "~/models/whatsapp-event.server";
import { parseJsonExact } from "~/shopify/exact-json";
import { ultraMsgWebhookSchema } from "../ultramsg/webhook";
import { ingestWhatsAppEvents } from "./ingest.server";
import { metaWebhookSchema, phoneNumberIdOf, type MetaWebhook } from "./meta-webhook";
import { verifyMetaSignature } from "./signature";

const log = logger.child({ component: "whatsapp-webhooks" });
const maxBodyBytes = 3 * 1024 * 1024 + 64 * 1024; // Meta sends at most 3 MB

function reply(status: number, message?: string): Response {
  return new Response(message ?? null, { status, headers: message ? { "Content-Type": "text/plain; charset=utf-8" } : undefined });
}

function sameText(a: string, b: string): boolean {
  const ha = createHash("sha256").update(a).digest();
  const hb = createHash("sha256").update(b).digest();
  return timingSafeEqual(ha, hb);
}

/** GET: Meta's verification handshake. */
function verifySubscription(request: Request): Response {
  const url = new URL(request.url);
  const mode = url.searchParams.get("hub.mode");
  const token = url.searchParams.get("hub.verify_token") ?? "";
  const challenge = url.searchParams.get("hub.challenge") ?? "";
  if (mode === "subscribe" && sameText(token, env().WHATSAPP_VERIFY_TOKEN)) {
    log.info("Meta webhook subscription verified");
    return new Response(challenge, { status: 200, headers: { "Content-Type": "text/plain" } });
  }
  log.warn({ mode }, "Meta webhook verification refused: wrong verify token");
  return reply(403, "The verify token does not match WHATSAPP_VERIFY_TOKEN.");
}

/** Groups a webhook's changes by the shop they concern: by phone number id, else by WABA. */
async function splitByShop(webhook: MetaWebhook): Promise<{ perShop: Map<string, MetaWebhook>; unrouted: string[] }> {
  const phoneNumberIds = new Set<string>();
  const wabaIds = new Set<string>();
  for (const entry of webhook.entry) {
    wabaIds.add(entry.id);
    for (const change of entry.changes) {
      const id = phoneNumberIdOf(change.value);
      if (id) phoneNumberIds.add(id);
    }
  }
  const connections = await findCloudConnectionsFor([...phoneNumberIds], [...wabaIds]);
  const perShop = new Map<string, MetaWebhook>();
  const unrouted: string[] = [];
  for (const entry of webhook.entry) {
    for (const change of entry.changes) {
      const phoneNumberId = phoneNumberIdOf(change.value);
      const shops = phoneNumberId
        ? connections.filter((c) => c.phoneNumberId === phoneNumberId)
        : connections.filter((c) => c.wabaId === entry.id);
      if (shops.length === 0) unrouted.push(phoneNumberId ? `phone number ${phoneNumberId}` : `WABA ${entry.id}`);
      for (const { shopId } of shops) {
        const body = perShop.get(shopId) ?? { object: webhook.object, entry: [] };
        let target = body.entry.find((e) => e.id === entry.id);
        if (!target) body.entry.push((target = { id: entry.id, changes: [] }));
        target.changes.push(change);
        perShop.set(shopId, body);
      }
    }
  }
  return { perShop, unrouted };
}

/**
 * `/webhooks/whatsapp`: Meta's webhooks. GET is the verification handshake; POST is verified
 * (X-Hub-Signature-256 over the raw bytes; 403 and nothing stored when it fails), parsed
 * tolerantly, split by shop, recorded and queued, and answered 200 at once. Changes for a number
 * no shop has connected are acknowledged (so Meta stops retrying) and logged.
 */
export async function receiveMetaWebhook(request: Request): Promise<Response> {
  if (request.method === "GET") return verifySubscription(request);
  if (request.method !== "POST") return reply(405, "Use GET to verify and POST to deliver.");

  const raw = new Uint8Array(await request.arrayBuffer());
  if (raw.byteLength > maxBodyBytes) return reply(413, "The body exceeds Meta's 3 MB webhook size.");
  if (!verifyMetaSignature(raw, request.headers.get("X-Hub-Signature-256"), env().WHATSAPP_APP_SECRET)) {
    log.warn("rejected a WhatsApp webhook with a missing or invalid signature");
    return reply(403, "X-Hub-Signature-256 is missing or does not match the body.");
  }

  let body: unknown;
  try {
    body = parseJsonExact(Buffer.from(raw).toString("utf8"));
  } catch {
    return reply(400, "The body is not JSON.");
  }
  const parsed = metaWebhookSchema.safeParse(body);
  if (!parsed.success || parsed.data.object !== "whatsapp_business_account") {
    log.warn(
      { object: parsed.success ? parsed.data.object : undefined },
      "acknowledged a webhook that is not a WhatsApp Business Account update",
    );
    return reply(200);
  }

  const { perShop, unrouted } = await splitByShop(parsed.data);
  if (unrouted.length) log.warn({ for: [...new Set(unrouted)] }, "acknowledged WhatsApp updates for a number no shop has connected");

  const digest = createHash("sha256").update(raw).digest("hex");
  const events: IncomingWhatsAppEvent[] = [...perShop].map(([shopId, shopBody]) => ({
    shopId,
    source: "CLOUD",
    dedupKey: `meta:${digest}:${shopId}`,
    payload: JSON.stringify(shopBody),
  }));
  await ingestWhatsAppEvents(events);
  return reply(200);
}

/**
 * `/webhooks/ultramsg/<secret>`: UltraMsg signs nothing, so each shop's webhook URL carries a
 * secret of its own; an unknown secret is a 404 and stores nothing.
 */
export async function receiveUltraMsgWebhook(request: Request, secret: string | undefined): Promise<Response> {
  if (request.method !== "POST") return reply(405, "UltraMsg webhooks are POST only.");
  const connection = secret && /^[0-9a-f]{48}$/.test(secret) ? await findUltraMsgConnectionBySecret(secret) : null;
  if (!connection) return reply(404, "Unknown webhook address.");

  let body: unknown;
  try {
    body = parseJsonExact(await request.text());
  } catch {
    return reply(400, "The body is not JSON.");
  }
  const parsed = ultraMsgWebhookSchema.safeParse(body);
  if (!parsed.success) return reply(400, "The body is not an UltraMsg webhook.");
  if (parsed.data.instanceId.replace(/^instance/, "") !== (connection.instanceId ?? "").replace(/^instance/, "")) {
    log.warn({ shopId: connection.shopId }, "UltraMsg webhook for another instance ignored");
    return reply(200);
  }
  const { event_type, data } = parsed.data;
  await ingestWhatsAppEvents([
    {
      shopId: connection.shopId,
      source: "ULTRAMSG",
      dedupKey: `ultramsg:${connection.id}:${event_type}:${data.id}:${data.ack ?? ""}`,
      payload: JSON.stringify(parsed.data),
    },
  ]);
  return reply(200);
}
