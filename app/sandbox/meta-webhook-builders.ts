/**
 * Meta's webhook bodies, built. The sandbox and the Graph API stand-in use these to produce
 * exactly what Meta would send (statuses, shopper messages, template updates).
 */
type Json = Record<string, unknown>;

export function metaEnvelope(wabaId: string, changes: { field: string; value: Json }[], at = new Date()): Json {
  // Meta stamps each entry with its time: two otherwise identical updates (a template approved
  // twice) are different deliveries.
  return { object: "whatsapp_business_account", entry: [{ id: wabaId, time: Math.floor(at.getTime() / 1000), changes }] };
}

const unix = (date: Date) => String(Math.floor(date.getTime() / 1000));

export function statusChange(input: {
  phoneNumberId: string;
  displayPhoneNumber: string;
  messageId: string;
  status: "sent" | "delivered" | "read" | "failed";
  recipient: string; // E.164
  callbackData?: string;
  at?: Date;
  category?: string;
  errors?: { code: number; title: string; details?: string }[];
}): { field: string; value: Json } {
  const recipientId = input.recipient.replace(/^\+/, "");
  return {
    field: "messages",
    value: {
      messaging_product: "whatsapp",
      metadata: { display_phone_number: input.displayPhoneNumber.replace(/\D/g, ""), phone_number_id: input.phoneNumberId },
      statuses: [
        {
          id: input.messageId,
          status: input.status,
          timestamp: unix(input.at ?? new Date()),
          recipient_id: recipientId,
          ...(input.callbackData ? { biz_opaque_callback_data: input.callbackData } : {}),
          ...(input.status === "failed"
            ? {
                errors: (input.errors ?? []).map((error) => ({
                  code: error.code,
                  title: error.title,
                  message: error.title,
                  error_data: { details: error.details ?? error.title },
                })),
              }
            : { pricing: { billable: true, pricing_model: "PMP", category: input.category ?? "utility", type: "regular" } }),
        },
      ],
    },
  };
}

export function inboundMessageChange(input: {
  phoneNumberId: string;
  displayPhoneNumber: string;
  from: string; // E.164
  profileName?: string;
  messageId: string;
  message: Json & { type: string };
  replyTo?: string;
  at?: Date;
}): { field: string; value: Json } {
  const waId = input.from.replace(/^\+/, "");
  return {
    field: "messages",
    value: {
      messaging_product: "whatsapp",
      metadata: { display_phone_number: input.displayPhoneNumber.replace(/\D/g, ""), phone_number_id: input.phoneNumberId },
      contacts: [{ profile: { name: input.profileName ?? "Shopper" }, wa_id: waId }],
      messages: [
        {
          from: waId,
          id: input.messageId,
          timestamp: unix(input.at ?? new Date()),
          ...(input.replyTo ? { context: { from: input.displayPhoneNumber.replace(/\D/g, ""), id: input.replyTo } } : {}),
          ...input.message,
        },
      ],
    },
  };
}

export function templateStatusChange(input: {
  templateId: string;
  name: string;
  language: string;
  event: string;
  reason?: string;
  rejection?: { reason: string; recommendation: string };
  category?: string;
}): { field: string; value: Json } {
  return {
    field: "message_template_status_update",
    value: {
      event: input.event,
      message_template_id: Number(input.templateId),
      message_template_name: input.name,
      message_template_language: input.language,
      reason: input.reason ?? "NONE",
      ...(input.category ? { message_template_category: input.category } : {}),
      ...(input.rejection ? { rejection_info: input.rejection } : {}),
    },
  };
}
