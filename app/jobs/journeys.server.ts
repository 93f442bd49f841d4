import type { Customer } from "@prisma/client";
import { prisma } from "~/db.server";
import { orderConsentSignals, type RecordedConsent } from "~/domain/consent";
import { isCashOnDelivery, orderFacts, shipmentFacts, variantFacts } from "~/domain/event-facts";
import type { EventFacts } from "~/domain/journey-bindings";
import {
  planBackInStock,
  planOrderCancelled,
  planOrderCreated,
  planShipmentUpdate,
  type Plan,
  type PlannedStep,
  type Recipient,
} from "~/domain/journeys";
import { normalizePhone } from "~/domain/phone";
import { marketingAllowance } from "~/domain/sending";
import { logger } from "~/logger.server";
import { claimSubscriptions, recordPlannedAlerts, settleSubscriptionAlert } from "~/models/back-in-stock.server";
import { findOrCreateCustomerByPhone, recordConsentChange } from "~/models/customer.server";
import { loadMappings } from "~/models/journey.server";
import { cancelPending, plannedSteps, writeToOutbox, type OutboxResult } from "~/models/outbox.server";
import { shopDisplayName } from "~/models/shop.server";
import { activeWhatsAppProvider } from "~/models/whatsapp-connection.server";
import { variantForInventoryItem, variantStock } from "~/shopify/admin.server";
import type { WebhookPayload } from "~/shopify/webhook-payloads";
import { enqueueSends, ensureRestockJob } from "./queues.server";

/**
 * The imperative shell around the pure journeys (domain/journeys.ts): load what they need,
 * plan, write the plan to the outbox, put it on the send queue, and say what happened.
 */
const log = logger.child({ component: "journeys" });

async function shopFor(domain: string) {
  const shop = await prisma.shop.findUnique({ where: { domain }, include: { settings: true } });
  if (!shop || shop.status !== "INSTALLED") return null;
  const settings = shop.settings ?? (await prisma.shopSettings.create({ data: { shopId: shop.id } }));
  return { ...shop, settings };
}
type LoadedShop = NonNullable<Awaited<ReturnType<typeof shopFor>>>;

const policyOf = (shop: LoadedShop) => ({ optInPolicy: shop.settings.optInPolicy, codReminderHours: shop.settings.codReminderHours });

async function currentConsent(customerId: string | null | undefined): Promise<RecordedConsent> {
  if (!customerId) return {};
  const rows = await prisma.consent.findMany({ where: { customerId } });
  return Object.fromEntries(rows.map((row) => [row.purpose, row.granted]));
}

/** Records consent an order carries (the app's checkout opt-ins), when it changes something. */
async function recordOrderConsent(shopId: string, customer: Customer, signals: RecordedConsent, orderId: string) {
  const current = await currentConsent(customer.id);
  for (const [purpose, granted] of Object.entries(signals) as [keyof RecordedConsent, boolean][]) {
    if (current[purpose] === granted) continue;
    // An order's opt-in never overrides a STOP the shopper sent us.
    if (granted && current[purpose] === false) continue;
    await recordConsentChange({
      shopId,
      customerId: customer.id,
      purpose,
      granted,
      source: "ORDER",
      sourceRef: `gid://shopify/Order/${orderId}`,
    });
  }
}

async function enqueue(outbox: OutboxResult) {
  try {
    await enqueueSends(outbox.queued);
  } catch (error) {
    // The rows are in the outbox; the re-drive puts them on the queue when Redis is back.
    log.warn({ err: (error as Error).message, messages: outbox.queued.length }, "outbox written; enqueue deferred");
  }
}

/** One line for the event's outcome: what was queued, skipped or already there. */
function describe(plan: Plan, outbox: OutboxResult, cancelled = 0): string {
  const parts = [
    ...outbox.queued.map(
      (m) => `${m.step.replaceAll("_", " ")} queued for ${m.to}${m.scheduledAt ? ` at ${m.scheduledAt.toISOString()}` : ""}`,
    ),
    ...[...plan.skips, ...outbox.skipped].map((s) => `${s.step.replaceAll("_", " ")} not sent: ${s.reason}`),
    ...(outbox.duplicates ? [`${outbox.duplicates} already in the outbox`] : []),
    ...(cancelled ? [`${cancelled} pending message(s) cancelled`] : []),
    ...outbox.notes.map((note) => `note: ${note}`),
  ];
  return parts.join("; ") || "nothing to send";
}

const noOutbox: OutboxResult = { queued: [], skipped: [], duplicates: 0, notes: [] };

export async function runOrderCreated(domain: string, order: WebhookPayload<"orders/create">, eventId: string): Promise<string> {
  const shop = await shopFor(domain);
  if (!shop) return "the shop is not installed";
  const country = order.shipping_address?.country_code ?? order.billing_address?.country_code;
  const rawPhone = order.shipping_address?.phone ?? order.phone ?? order.customer?.phone ?? order.billing_address?.phone;
  const phone = normalizePhone(rawPhone, country);
  const customer = phone.ok
    ? await findOrCreateCustomerByPhone(shop.id, phone.e164, {
        firstName: order.customer?.first_name ?? order.shipping_address?.first_name ?? undefined,
      })
    : null;
  if (customer) {
    await prisma.customer.update({
      where: { id: customer.id },
      data: {
        shopifyCustomerId: order.customer ? `gid://shopify/Customer/${order.customer.id}` : customer.shopifyCustomerId,
        locale: order.customer_locale ?? customer.locale,
        countryCode: country ?? (phone.ok ? phone.country : undefined) ?? customer.countryCode,
      },
    });
    await recordOrderConsent(shop.id, customer, orderConsentSignals(order.note_attributes), order.id);
  }
  const facts = orderFacts(order, { name: shopDisplayName(shop) });
  const cod = isCashOnDelivery([order.gateway, ...(order.payment_gateway_names ?? [])]);
  await prisma.shopOrder.upsert({
    where: { shopId_orderId: { shopId: shop.id, orderId: order.id } },
    create: {
      shopId: shop.id,
      orderId: order.id,
      name: order.name,
      customerId: customer?.id,
      phoneProblem: phone.ok ? null : phone.reason,
      locale: order.customer_locale,
      facts,
      cod,
    },
    update: { customerId: customer?.id, phoneProblem: phone.ok ? null : phone.reason, locale: order.customer_locale, facts, cod },
  });
  const recipient: Recipient = {
    phone: phone.ok ? phone.e164 : undefined,
    phoneProblem: phone.ok ? undefined : phone.reason,
    consent: await currentConsent(customer?.id),
    phoneGivenAtCheckout: Boolean(rawPhone),
    suppressedUntil: customer?.suppressedUntil,
    locale: order.customer_locale,
    customerId: customer?.id,
  };
  const plan = planOrderCreated({
    order: { id: order.id, cod },
    facts,
    recipient,
    mappings: await loadMappings(shop.id),
    policy: policyOf(shop),
    now: new Date(),
  });
  const outbox = await writeToOutbox(shop.id, plan.messages, { sourceEventId: eventId });
  await enqueue(outbox);
  return describe(plan, outbox);
}

export async function runOrderCancelled(domain: string, order: WebhookPayload<"orders/cancelled">): Promise<string> {
  const shop = await shopFor(domain);
  if (!shop) return "the shop is not installed";
  await prisma.shopOrder.updateMany({ where: { shopId: shop.id, orderId: order.id }, data: { cancelledAt: new Date() } });
  const plan = planOrderCancelled({ id: order.id });
  const cancelled = await cancelPending(shop.id, plan.cancel!.subjectRefs, plan.cancel!.reason);
  return describe(plan, noOutbox, cancelled.length);
}

/** A fulfillment can arrive before its order; wait a little for the order, then do without it. */
export class OrderNotSeenYetError extends Error {}

export async function runFulfillment(
  domain: string,
  fulfillment: WebhookPayload<"fulfillments/update">,
  created: boolean,
  attempt: number,
): Promise<string> {
  const shop = await shopFor(domain);
  if (!shop) return "the shop is not installed";
  const order = await prisma.shopOrder.findUnique({
    where: { shopId_orderId: { shopId: shop.id, orderId: fulfillment.order_id } },
    include: { customer: true },
  });
  if (!order && attempt < 3) throw new OrderNotSeenYetError(`order ${fulfillment.order_id} has not been seen yet; retrying`);
  const shipment = await prisma.shipment.upsert({
    where: { shopId_fulfillmentId: { shopId: shop.id, fulfillmentId: fulfillment.id } },
    create: {
      shopId: shop.id,
      fulfillmentId: fulfillment.id,
      shopOrderId: order?.id,
      trackingCompany: fulfillment.tracking_company,
      trackingNumber: fulfillment.tracking_number,
      trackingUrl: fulfillment.tracking_url,
      shipmentStatus: fulfillment.shipment_status,
    },
    update: {
      trackingCompany: fulfillment.tracking_company,
      trackingNumber: fulfillment.tracking_number,
      trackingUrl: fulfillment.tracking_url,
      shipmentStatus: fulfillment.shipment_status,
    },
  });
  const destination = fulfillment.destination;
  let customer = order?.customer ?? null;
  let phoneProblem = order?.phoneProblem ?? undefined;
  if (!customer) {
    const phone = normalizePhone(destination?.phone, destination?.country_code);
    customer = phone.ok ? await findOrCreateCustomerByPhone(shop.id, phone.e164) : null;
    phoneProblem = phone.ok ? undefined : phone.reason;
  }
  const facts: EventFacts = {
    ...((order?.facts as EventFacts | undefined) ?? { shop_name: shopDisplayName(shop) }),
    ...shipmentFacts({ ...shipment, fulfillmentId: fulfillment.id }),
  };
  const subjectRef = `fulfillment:${fulfillment.id}`;
  const plan = planShipmentUpdate({
    fulfillment: {
      id: fulfillment.id,
      orderId: fulfillment.order_id,
      created,
      status: fulfillment.status,
      shipmentStatus: fulfillment.shipment_status,
    },
    alreadyPlanned: (await plannedSteps(shop.id, subjectRef)) as PlannedStep[],
    facts,
    recipient: {
      phone: customer?.phoneE164,
      phoneProblem,
      consent: await currentConsent(customer?.id),
      phoneGivenAtCheckout: Boolean(customer),
      suppressedUntil: customer?.suppressedUntil,
      locale: order?.locale ?? customer?.locale,
      customerId: customer?.id,
    },
    mappings: await loadMappings(shop.id),
    policy: policyOf(shop),
    now: new Date(),
  });
  const outbox = await writeToOutbox(shop.id, plan.messages);
  await enqueue(outbox);
  return describe(plan, outbox);
}

// --- back in stock ------------------------------------------------------------------------------

export const restockPolicy = {
  batch: 100,
  /** A shop's marketing messages waiting to be sent, at most: other shops' alerts are not stuck behind it. */
  outstandingPerShop: 200,
  pauseWhenBusyMs: 2_000,
  holdWhenLimitedMs: 60 * 60_000,
};

export async function runInventoryUpdate(domain: string, level: WebhookPayload<"inventory_levels/update">): Promise<string> {
  const shop = await shopFor(domain);
  if (!shop) return "the shop is not installed";
  const inventoryItemId = `gid://shopify/InventoryItem/${level.inventory_item_id}`;
  // Inventory changes all day long: only ask Shopify when someone is waiting for the item.
  const waiting = await prisma.backInStockSubscription.count({
    where: { shopId: shop.id, inventoryItemId, status: { in: ["ACTIVE", "ALERTING"] } },
  });
  if (waiting === 0) return "no shopper is waiting for this item";
  const variant = await variantForInventoryItem(domain, level.inventory_item_id);
  if (!variant) return "Shopify no longer knows this inventory item";
  const available = variant.inventoryQuantity ?? 0;
  if (available <= 0) {
    const stopped = await stopRestock(shop.id, variant.id, "the variant sold out again");
    return `no stock across locations; ${stopped}`;
  }
  const running = await prisma.restockRun.findFirst({
    where: { shopId: shop.id, variantId: variant.id, status: { in: ["RUNNING", "HELD"] } },
  });
  if (running) return `restock of ${variant.product.title} already alerting shoppers`;
  const run = await prisma.restockRun.create({ data: { shopId: shop.id, variantId: variant.id } });
  await ensureRestockJob(run.id);
  return `${variant.product.title} is back (${available} available): alerting ${waiting} waiting shopper(s)`;
}

async function stopRestock(shopId: string, variantId: string, reason: string): Promise<string> {
  await prisma.restockRun.updateMany({
    where: { shopId, variantId, status: { in: ["RUNNING", "HELD"] } },
    data: { status: "STOPPED", note: reason },
  });
  const cancelled = await cancelPending(shopId, [`variant:${variantId}`], reason);
  for (const id of cancelled) await settleSubscriptionAlert(id, "called_off");
  return `${cancelled.length} alert(s) not yet sent were called off`;
}

export type RestockStep = { kind: "done"; note: string } | { kind: "continue"; delayMs: number; note: string };

/**
 * One batch of a restock's fan-out. Called again (by its job) until every waiting subscription
 * is alerted, the variant sells out, or the messaging limit leaves no room (then it waits).
 * Safe to re-run after a crash: claims and idempotency keys make each alert exactly one message.
 */
export async function runRestockBatch(runId: string): Promise<RestockStep> {
  const run = await prisma.restockRun.findUnique({ where: { id: runId }, include: { shop: { include: { settings: true } } } });
  if (!run || (run.status !== "RUNNING" && run.status !== "HELD"))
    return { kind: "done", note: `restock run is ${run?.status.toLowerCase() ?? "gone"}` };
  const shop = run.shop;
  const settings = shop.settings!;
  const stock = await variantStock(shop.domain, run.variantId);
  if (stock !== null && stock <= 0)
    return { kind: "done", note: `stopped: ${await stopRestock(shop.id, run.variantId, "the variant sold out again")}` };

  const outstanding = await prisma.message.count({
    where: { shopId: shop.id, purpose: "MARKETING", status: { in: ["PENDING", "SENDING"] } },
  });
  const room = restockPolicy.outstandingPerShop - outstanding;
  if (room <= 0) return { kind: "continue", delayMs: restockPolicy.pauseWhenBusyMs, note: "waiting for earlier alerts to go out" };

  const active = await activeWhatsAppProvider(shop.id);
  const now = new Date();
  const since = new Date(now.getTime() - 24 * 3600 * 1000);
  const [[unique], marketing] = await Promise.all([
    prisma.$queryRaw<[{ count: number }]>`
      SELECT count(DISTINCT "toPhone")::int AS count FROM "Message"
      WHERE "shopId" = ${shop.id}::uuid AND type = 'template' AND "sentAt" >= ${since}`,
    prisma.message.count({ where: { shopId: shop.id, purpose: "MARKETING", sentAt: { gte: since } } }),
  ]);
  const allowance = marketingAllowance({
    messagingLimit: active?.connection.messagingLimit,
    uniqueRecipients24h: unique.count,
    marketingSent24h: marketing + outstanding,
    connectedAt: active?.connection.connectedAt ?? now,
    now,
  });
  if (allowance <= 0) {
    const note = `held: the number's messaging limit (${active?.connection.messagingLimit ?? "unknown"}) or warm-up leaves no room for marketing now`;
    await prisma.restockRun.update({ where: { id: run.id }, data: { status: "HELD", note } });
    return { kind: "continue", delayMs: restockPolicy.holdWhenLimitedMs, note };
  }

  // Subscriptions this run claimed but whose alert was not recorded (a crash) come first.
  const orphans = await prisma.backInStockSubscription.findMany({
    where: { shopId: shop.id, variantId: run.variantId, status: "ALERTING", messageId: null },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    include: { customer: { include: { consents: true } } },
  });
  const claimed = orphans.length
    ? orphans
    : await claimSubscriptions(shop.id, run.variantId, Math.min(restockPolicy.batch, room, allowance));
  if (claimed.length === 0) {
    await prisma.restockRun.update({ where: { id: run.id }, data: { status: "DONE", note: `${run.alerted} shopper(s) alerted` } });
    return { kind: "done", note: `restock done: ${run.alerted} alert(s)` };
  }

  const variant = await variantForVariantId(shop.domain, run.variantId, claimed[0].inventoryItemId);
  const facts: EventFacts = { shop_name: shopDisplayName(shop), ...(variant ? variantFacts(variant) : {}) };
  const plan = planBackInStock({
    runId: run.id,
    variantId: run.variantId,
    subscriptions: claimed.map((subscription) => ({
      id: subscription.id,
      recipient: {
        phone: subscription.customer.phoneE164,
        consent: Object.fromEntries(subscription.customer.consents.map((c) => [c.purpose, c.granted])),
        phoneGivenAtCheckout: false,
        suppressedUntil: subscription.customer.suppressedUntil,
        locale: subscription.locale ?? subscription.customer.locale,
        customerId: subscription.customer.id,
      },
    })),
    facts,
    mapping: (await loadMappings(shop.id)).back_in_stock,
    policy: { optInPolicy: settings.optInPolicy, codReminderHours: settings.codReminderHours },
    now,
  });
  const outbox = await writeToOutbox(shop.id, plan.messages);
  const keys = plan.messages.map((m) => m.idempotencyKey);
  const messages = await prisma.message.findMany({
    where: { shopId: shop.id, idempotencyKey: { in: keys } },
    select: { id: true, idempotencyKey: true, status: true, errorTitle: true },
  });
  const byKey = new Map(messages.map((m) => [m.idempotencyKey, m]));
  await recordPlannedAlerts([
    ...plan.messages.map((m) => {
      const message = byKey.get(m.idempotencyKey);
      const subscriptionId = m.idempotencyKey.split(":")[1];
      return message?.status === "SKIPPED" || !message
        ? { subscriptionId, messageId: null, reason: message?.errorTitle ?? "not written" }
        : { subscriptionId, messageId: message.id };
    }),
    ...plan.skippedSubscriptions.map((s) => ({ subscriptionId: s.id, messageId: null, reason: s.reason })),
  ]);
  await enqueue({
    ...outbox,
    queued: messages
      .filter((m) => m.status === "PENDING")
      .map((m) => ({ id: m.id, step: "back_in_stock", to: "", priority: 3, scheduledAt: null })),
  });
  await prisma.restockRun.update({
    where: { id: run.id },
    data: { status: "RUNNING", alerted: { increment: outbox.queued.length }, note: null },
  });
  return { kind: "continue", delayMs: 0, note: `${outbox.queued.length} alert(s) queued` };
}

async function variantForVariantId(domain: string, variantId: string, inventoryItemId: string | null) {
  if (!inventoryItemId) return null;
  const variant = await variantForInventoryItem(domain, inventoryItemId.split("/").pop()!);
  return variant && variant.id === variantId
    ? {
        productTitle: variant.product.title,
        variantTitle: variant.title,
        productHandle: variant.product.handle,
        variantNumericId: variant.numericId,
      }
    : null;
}
