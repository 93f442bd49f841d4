import { mayMessage, type OptInPolicy, type Purpose, type RecordedConsent } from "./consent";
import type { EventFacts, JourneyBindings } from "./journey-bindings";
import type { JourneyStep } from "./journey-steps";

/**
 * Journeys as pure decisions: an event, the shop's settings, the customer's consent and what was
 * already planned go in; messages to write to the outbox (each with a stable idempotency key),
 * explained skips and cancellations come out. No I/O.
 */
export type PlannedStep = JourneyStep | "cod_reminder";

export interface StepMapping {
  enabled: boolean;
  templateId: string | null;
  bindings: JourneyBindings;
}
export type Mappings = Partial<Record<JourneyStep, StepMapping>>;

export interface Recipient {
  /** E.164, or why there is none. */
  phone?: string;
  phoneProblem?: string;
  consent: RecordedConsent;
  phoneGivenAtCheckout: boolean;
  suppressedUntil?: Date | null;
  locale?: string | null;
  customerId?: string | null;
}

export interface PlannedMessage {
  step: PlannedStep;
  idempotencyKey: string;
  purpose: "UTILITY" | "MARKETING";
  priority: 1 | 2 | 3;
  templateId: string;
  bindings: JourneyBindings;
  subjectRef: string;
  facts: EventFacts;
  recipient: Recipient & { phone: string };
  scheduledAt?: Date;
  expiresAt: Date;
  quickReplyPayloads?: Record<string, string>;
}

export interface Plan {
  messages: PlannedMessage[];
  skips: { step: PlannedStep; reason: string }[];
  /** Pending messages about these subjects must not go out any more. */
  cancel?: { subjectRefs: string[]; reason: string };
}

const hour = 3600 * 1000;
const lifetime: Record<PlannedStep, number> = {
  order_confirmation: 24 * hour,
  cod_confirmation: 12 * hour,
  cod_reminder: 12 * hour,
  shipped: 48 * hour,
  out_for_delivery: 12 * hour,
  delivered: 48 * hour,
  delivery_failed: 24 * hour,
  back_in_stock: 72 * hour,
};

interface Policy {
  optInPolicy: OptInPolicy;
  codReminderHours: number;
}

/** Common checks: mapped, switched on, a number, not suppressed, consent for the purpose. */
function admit(step: PlannedStep, mapping: StepMapping | undefined, recipient: Recipient, purpose: Purpose, policy: Policy, now: Date) {
  const label = step.replaceAll("_", " ");
  if (!mapping?.enabled) return { skip: `the ${label} journey is switched off` };
  if (!mapping.templateId) return { skip: `no template is chosen for the ${label} journey` };
  if (!recipient.phone) return { skip: `no WhatsApp number: ${recipient.phoneProblem ?? "none given"}` };
  if (recipient.suppressedUntil && recipient.suppressedUntil > now) {
    return { skip: `${recipient.phone} is paused until ${recipient.suppressedUntil.toISOString()} (WhatsApp reported it undeliverable)` };
  }
  const consent = mayMessage(purpose, recipient.consent, {
    policy: policy.optInPolicy,
    phoneGivenAtCheckout: recipient.phoneGivenAtCheckout,
  });
  if (!consent.allowed) return { skip: `no consent: ${consent.reason}` };
  return { mapping: mapping as StepMapping & { templateId: string }, phone: recipient.phone };
}

/** What every order-related journey starts from: the event's facts, the shopper, the shop's choices. */
interface OrderEventInput {
  facts: EventFacts;
  recipient: Recipient;
  mappings: Mappings;
  policy: Policy;
  now: Date;
}

export function planOrderCreated(input: OrderEventInput & { order: { id: string; cod: boolean } }): Plan {
  const { order, recipient, mappings, policy, now } = input;
  const step: JourneyStep = order.cod && mappings.cod_confirmation?.enabled ? "cod_confirmation" : "order_confirmation";
  const admitted = admit(step, mappings[step], recipient, "ORDER_UPDATES", policy, now);
  if ("skip" in admitted) return { messages: [], skips: [{ step, reason: admitted.skip! }] };
  const base = {
    purpose: "UTILITY" as const,
    priority: 2 as const,
    templateId: admitted.mapping.templateId,
    bindings: admitted.mapping.bindings,
    subjectRef: `order:${order.id}`,
    facts: input.facts,
    recipient: { ...recipient, phone: admitted.phone },
  };
  if (step === "order_confirmation") {
    return {
      messages: [
        {
          ...base,
          step,
          idempotencyKey: `order_confirmation:${order.id}:${admitted.phone}`,
          expiresAt: new Date(now.getTime() + lifetime.order_confirmation),
        },
      ],
      skips: [],
    };
  }
  // Cash on delivery: ask to confirm, and remind once if there is no answer; a reply or a
  // cancellation cancels the reminder.
  const payloads = { "0": `cod_confirm:${order.id}`, "1": `cod_cancel:${order.id}` };
  const remindAt = new Date(now.getTime() + policy.codReminderHours * hour);
  const confirmation: PlannedMessage = {
    ...base,
    step,
    idempotencyKey: `cod_confirmation:${order.id}:${admitted.phone}`,
    quickReplyPayloads: payloads,
    expiresAt: new Date(now.getTime() + lifetime.cod_confirmation),
  };
  // A shop that set no reminder (0 hours) asks once.
  if (policy.codReminderHours <= 0) return { messages: [confirmation], skips: [] };
  return {
    messages: [
      confirmation,
      {
        ...base,
        step: "cod_reminder",
        subjectRef: `cod:${order.id}`,
        idempotencyKey: `cod_reminder:${order.id}:${admitted.phone}`,
        quickReplyPayloads: payloads,
        scheduledAt: remindAt,
        expiresAt: new Date(remindAt.getTime() + lifetime.cod_reminder),
      },
    ],
    skips: [],
  };
}

/** A cancelled order stops whatever is still waiting about it (a COD reminder above all). */
export function planOrderCancelled(order: { id: string }): Plan {
  return { messages: [], skips: [], cancel: { subjectRefs: [`order:${order.id}`, `cod:${order.id}`], reason: "the order was cancelled" } };
}

/** The shopper answered the COD question: the reminder is no longer needed. */
export function planCodAnswered(order: { id: string }): Plan {
  return { messages: [], skips: [], cancel: { subjectRefs: [`cod:${order.id}`], reason: "the shopper answered" } };
}

const shippingRank: Record<string, number> = { shipped: 1, out_for_delivery: 2, delivery_failed: 3, delivered: 4 };

/** The shipping step a fulfillment event means, if any. */
export function shippingStep(event: { created: boolean; status?: string | null; shipmentStatus?: string | null }): JourneyStep | undefined {
  if (event.status === "cancelled" || event.status === "failure" || event.status === "error") return undefined;
  switch (event.shipmentStatus) {
    case "out_for_delivery":
      return "out_for_delivery";
    case "delivered":
      return "delivered";
    case "failure":
    case "attempted_delivery":
      return "delivery_failed";
    case null:
    case undefined:
    case "label_printed":
    case "label_purchased":
    case "confirmed":
    case "in_transit":
    case "ready_for_pickup":
    case "picked_up":
      return "shipped";
    default:
      return event.created ? "shipped" : undefined;
  }
}

/**
 * Shipping updates: once per status change, never backwards — a `delivered` that arrived before
 * `out_for_delivery` means the older news is not sent afterwards.
 */
export function planShipmentUpdate(
  input: OrderEventInput & {
    fulfillment: { id: string; orderId: string; created: boolean; status?: string | null; shipmentStatus?: string | null };
    alreadyPlanned: PlannedStep[];
  },
): Plan {
  const { fulfillment, recipient, mappings, policy, now } = input;
  const step = shippingStep(fulfillment);
  if (!step)
    return {
      messages: [],
      skips: [{ step: "shipped", reason: `fulfillment status “${fulfillment.shipmentStatus ?? fulfillment.status}” has no journey` }],
    };
  if (input.alreadyPlanned.includes(step)) return { messages: [], skips: [{ step, reason: "this shipping update was already sent" }] };
  const newest = Math.max(0, ...input.alreadyPlanned.map((s) => shippingRank[s] ?? 0));
  if (shippingRank[step] < newest) return { messages: [], skips: [{ step, reason: "the shopper already has newer shipping news" }] };
  const admitted = admit(step, mappings[step], recipient, "ORDER_UPDATES", policy, now);
  if ("skip" in admitted) return { messages: [], skips: [{ step, reason: admitted.skip! }] };
  return {
    messages: [
      {
        step,
        idempotencyKey: `${step}:${fulfillment.id}:${admitted.phone}`,
        purpose: "UTILITY",
        priority: 2,
        templateId: admitted.mapping.templateId,
        bindings: admitted.mapping.bindings,
        subjectRef: `fulfillment:${fulfillment.id}`,
        facts: input.facts,
        recipient: { ...recipient, phone: admitted.phone },
        expiresAt: new Date(now.getTime() + lifetime[step]),
      },
    ],
    skips: [],
  };
}

/**
 * Back in stock: one MARKETING alert per subscription claimed by a restock run, in subscription
 * order. The run is part of the key: a subscription whose alert was called off (stock ran out
 * again) is alerted afresh at the next restock.
 */
export function planBackInStock(input: {
  runId: string;
  variantId: string;
  subscriptions: { id: string; recipient: Recipient }[];
  facts: EventFacts;
  mapping: StepMapping | undefined;
  policy: Policy;
  now: Date;
}): Plan & { skippedSubscriptions: { id: string; reason: string }[] } {
  const messages: PlannedMessage[] = [];
  const skippedSubscriptions: { id: string; reason: string }[] = [];
  for (const subscription of input.subscriptions) {
    const admitted = admit("back_in_stock", input.mapping, subscription.recipient, "MARKETING", input.policy, input.now);
    if ("skip" in admitted) {
      skippedSubscriptions.push({ id: subscription.id, reason: admitted.skip! });
      continue;
    }
    messages.push({
      step: "back_in_stock",
      idempotencyKey: `back_in_stock:${subscription.id}:${input.runId}`,
      purpose: "MARKETING",
      priority: 3,
      templateId: admitted.mapping.templateId,
      bindings: admitted.mapping.bindings,
      subjectRef: `variant:${input.variantId}`,
      facts: input.facts,
      recipient: { ...subscription.recipient, phone: admitted.phone },
      expiresAt: new Date(input.now.getTime() + lifetime.back_in_stock),
    });
  }
  return { messages, skips: skippedSubscriptions.map((s) => ({ step: "back_in_stock" as const, reason: s.reason })), skippedSubscriptions };
}
