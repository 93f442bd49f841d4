import type { WhatsAppEvent } from "@prisma/client";
import { windowExpiryAfter } from "~/domain/service-window";
import { refreshServiceWindow } from "~/models/conversation.server";
import { findOrCreateCustomerByPhone, recordConsentChange, suppressNumber } from "~/models/customer.server";
import { settleSubscriptionAlert } from "~/models/back-in-stock.server";
import { applyStatusUpdate, isInboundMessageRecorded, recordInboundMessage } from "~/models/message.server";
import { processRecordedEvent } from "~/models/recorded-event.server";
import { reactToShopper } from "./shopper-reactions.server";
import { applyTemplateStatus } from "~/models/template.server";
import { applyAccountUpdate, applyNumberQuality } from "~/models/whatsapp-connection.server";
import { parseJsonExact } from "~/shopify/exact-json";
import { describeError } from "~/whatsapp/errors";
import { phoneFromWaId, type InboundMessage, type InboundUpdate, type StatusUpdate } from "~/whatsapp/inbound";
import { normalizeUltraMsgWebhook, ultraMsgWebhookSchema } from "~/whatsapp/ultramsg/webhook";
import { metaWebhookSchema, normalizeMetaWebhook } from "~/whatsapp/webhook/meta-webhook";

/** How long a number WhatsApp called undeliverable (131026) is left alone. */
export const undeliverableSuppressionMs = 30 * 24 * 3600 * 1000;

async function receiveMessage(shopId: string, provider: string, message: InboundMessage): Promise<string> {
  if (!message.from) return "message from a sender that is not a phone number ignored";
  if (await isInboundMessageRecorded(shopId, message.providerMessageId)) return "duplicate message ignored";
  const customer = await findOrCreateCustomerByPhone(shopId, message.from, { waId: message.waId, firstName: message.profileName });
  const conversation = await refreshServiceWindow(shopId, customer.id, message.timestamp, windowExpiryAfter(message));
  const created = await recordInboundMessage(shopId, { customerId: customer.id, conversationId: conversation.id, provider, message });
  if (!created) return "duplicate message ignored";
  const reaction = await reactToShopper({ shopId, customer, conversationId: conversation.id, message });
  return reaction ? `${message.type} message recorded; ${reaction}` : `${message.type} message recorded`;
}

async function receiveStatus(shopId: string, update: StatusUpdate): Promise<string> {
  const outcome = await applyStatusUpdate(shopId, update);
  if (outcome.result !== "applied") return `status ${update.status}: ${outcome.result}`;
  // A status can be the first news that an alert went out (its worker died before recording it).
  if (outcome.status === "SENT" || outcome.status === "DELIVERED" || outcome.status === "READ")
    await settleSubscriptionAlert(outcome.messageId, "sent");
  if (outcome.status === "FAILED") {
    await settleSubscriptionAlert(outcome.messageId, "failed", update.errors[0]?.title);
    for (const error of update.errors) {
      const info = describeError(error.code);
      if (info.actions.includes("suppress_number") && outcome.recipient) {
        await suppressNumber(shopId, outcome.recipient, new Date(Date.now() + undeliverableSuppressionMs), info.title);
      }
      if (info.actions.includes("record_opt_out") && outcome.customerId) {
        await recordConsentChange({
          shopId,
          customerId: outcome.customerId,
          purpose: "MARKETING",
          granted: false,
          source: "PROVIDER",
          sourceRef: update.providerMessageId,
        });
      }
    }
  }
  return `status ${update.status} → ${outcome.status}`;
}

async function applyUpdate(shopId: string, provider: string, update: InboundUpdate): Promise<string> {
  switch (update.kind) {
    case "message":
      return receiveMessage(shopId, provider, update.message);
    case "status":
      return receiveStatus(shopId, update.status);
    case "template_status": {
      const changed = await applyTemplateStatus(shopId, update);
      return `template ${update.name} (${update.language}) ${update.event}${changed ? "" : ": not one of this shop's templates"}`;
    }
    case "template_quality":
      return `template ${update.name} quality ${update.quality} noted`;
    case "number_quality":
      await applyNumberQuality(shopId, update);
      return `number quality ${update.event}${update.currentLimit ? ` (${update.currentLimit})` : ""}`;
    case "account":
      return applyAccountUpdate(shopId, update.event, update.detail);
    case "marketing_preference": {
      const phone = phoneFromWaId(update.waId);
      if (!phone) return "marketing preference for a sender that is not a phone number ignored";
      const customer = await findOrCreateCustomerByPhone(shopId, phone, { waId: update.waId });
      const granted = update.value === "resume";
      await recordConsentChange({
        shopId,
        customerId: customer.id,
        purpose: "MARKETING",
        granted,
        source: "PROVIDER",
        occurredAt: update.timestamp,
      });
      return `marketing messages ${granted ? "resumed" : "stopped"} by the shopper`;
    }
    case "ignored":
      return `${update.what} ignored`;
  }
}

function updatesOf(event: WhatsAppEvent): InboundUpdate[] {
  const body = parseJsonExact(event.payload);
  return event.source === "ULTRAMSG"
    ? normalizeUltraMsgWebhook(ultraMsgWebhookSchema.parse(body))
    : normalizeMetaWebhook(metaWebhookSchema.parse(body));
}

/** The `inbound` queue's job: every update in one recorded WhatsApp webhook, applied once. */
export function processInboundWhatsAppEvent(eventId: string, options: { isFinalAttempt: boolean }): Promise<string> {
  return processRecordedEvent<WhatsAppEvent>("whatsapp", eventId, options, async (event) => {
    const outcomes: string[] = [];
    for (const update of updatesOf(event)) outcomes.push(await applyUpdate(event.shopId, event.source, update));
    return outcomes.join("; ") || "nothing to do";
  });
}
