import { z } from "zod";
import { dateFromUnixSeconds, phoneFromWaId, type InboundMessage, type InboundUpdate } from "../inbound";

/**
 * Meta's WhatsApp webhook envelope, parsed tolerantly: unknown fields pass through, unknown
 * `field`s become "ignored" updates, and one malformed change does not spoil the rest.
 */
const id = z.union([z.string(), z.number()]).transform(String);

const change = z.looseObject({ field: z.string(), value: z.unknown() });
export const metaWebhookSchema = z.looseObject({
  object: z.string(),
  entry: z.array(z.looseObject({ id: id, changes: z.array(change).default([]) })).default([]),
});
export type MetaWebhook = z.infer<typeof metaWebhookSchema>;

const metadata = z.looseObject({ phone_number_id: id, display_phone_number: z.string().optional() });

const messagesValue = z.looseObject({
  metadata: metadata,
  contacts: z
    .array(z.looseObject({ wa_id: z.string().optional(), profile: z.looseObject({ name: z.string().optional() }).optional() }))
    .optional(),
  messages: z
    .array(
      z.looseObject({
        id: z.string(),
        from: z.string(),
        timestamp: z.union([z.string(), z.number()]),
        type: z.string(),
        context: z
          .looseObject({
            id: z.string().optional(),
            // A question about a product, asked from a product or catalog message.
            referred_product: z.looseObject({ catalog_id: z.string(), product_retailer_id: z.string() }).optional(),
          })
          .optional(),
        referral: z.record(z.string(), z.unknown()).optional(),
        errors: z.array(z.looseObject({ code: z.number(), title: z.string().optional() })).optional(),
      }),
    )
    .optional(),
  statuses: z
    .array(
      z.looseObject({
        id: z.string(),
        status: z.string(),
        timestamp: z.union([z.string(), z.number()]),
        recipient_id: z.string().optional(),
        biz_opaque_callback_data: z.string().optional(),
        pricing: z.looseObject({ category: z.string().optional() }).optional(),
        errors: z
          .array(
            z.looseObject({
              code: z.number(),
              title: z.string().optional(),
              message: z.string().optional(),
              error_data: z.looseObject({ details: z.string().optional() }).optional(),
            }),
          )
          .optional(),
      }),
    )
    .optional(),
});

const templateStatusValue = z.looseObject({
  event: z.string(),
  message_template_id: id,
  message_template_name: z.string(),
  message_template_language: z.string(),
  reason: z.string().nullish(),
  rejection_info: z.looseObject({ reason: z.string().optional(), recommendation: z.string().optional() }).optional(),
});

const templateQualityValue = z.looseObject({
  message_template_id: id,
  message_template_name: z.string(),
  message_template_language: z.string(),
  new_quality_score: z.string(),
  previous_quality_score: z.string().optional(),
});

const numberQualityValue = z.looseObject({
  event: z.string(),
  display_phone_number: z.string().optional(),
  current_limit: z.string().optional(),
});

const accountValue = z.looseObject({ event: z.string() });

const preferencesValue = z.looseObject({
  metadata: metadata.optional(),
  user_preferences: z.array(
    z.looseObject({ wa_id: z.string(), value: z.string(), category: z.string().optional(), timestamp: z.union([z.string(), z.number()]) }),
  ),
});

/** The phone number id a change concerns, if it names one (message and preference changes do). */
export function phoneNumberIdOf(value: unknown): string | undefined {
  const parsed = z.looseObject({ metadata }).safeParse(value);
  return parsed.success ? parsed.data.metadata.phone_number_id : undefined;
}

function summarize(type: string, content: Record<string, unknown>): string | undefined {
  const part = (content[type] ?? {}) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  switch (type) {
    case "text":
      return part.body;
    case "image":
    case "video":
    case "document":
    case "sticker":
    case "audio":
      return part.caption ?? part.filename ?? `[${type}]`;
    case "location":
      return [part.name, part.address].filter(Boolean).join(", ") || `${part.latitude},${part.longitude}`;
    case "interactive":
      return part.button_reply?.title ?? part.list_reply?.title ?? (part.nfm_reply ? "[form reply]" : undefined);
    case "button":
      return part.text ?? part.payload;
    case "reaction":
      return part.emoji || "[reaction removed]";
    case "order": {
      const items = (part.product_items ?? []) as { quantity?: number }[];
      const count = items.reduce((sum, item) => sum + (item.quantity ?? 1), 0);
      return [`[cart: ${count} item${count === 1 ? "" : "s"}]`, part.text].filter(Boolean).join(" ");
    }
    case "contacts":
      return (content.contacts as { name?: { formatted_name?: string } }[] | undefined)?.map((c) => c.name?.formatted_name).join(", ");
    case "system":
      return part.body;
    case "unsupported":
      return "[a message type WhatsApp does not support here]";
    default:
      return undefined;
  }
}

function messageUpdates(value: unknown): InboundUpdate[] {
  const parsed = messagesValue.safeParse(value);
  if (!parsed.success) return [{ kind: "ignored", what: "a messages change that does not match Meta's shape" }];
  const { contacts = [], messages = [], statuses = [] } = parsed.data;
  const updates: InboundUpdate[] = [];
  for (const message of messages) {
    const contact = contacts.find((c) => c.wa_id === message.from) ?? (contacts.length === 1 ? contacts[0] : undefined);
    const referral = message.referral as Record<string, string> | undefined;
    const inbound: InboundMessage = {
      providerMessageId: message.id,
      from: phoneFromWaId(message.from),
      waId: contact?.wa_id ?? message.from,
      profileName: contact?.profile?.name,
      timestamp: dateFromUnixSeconds(message.timestamp),
      type: message.type,
      text: summarize(message.type, message),
      content: message.type in message ? { [message.type]: message[message.type] } : {},
      replyTo: message.context?.id,
      referredProduct: message.context?.referred_product && {
        catalogId: message.context.referred_product.catalog_id,
        retailerId: message.context.referred_product.product_retailer_id,
      },
      referral: referral && {
        sourceType: referral.source_type,
        sourceId: referral.source_id,
        sourceUrl: referral.source_url,
        headline: referral.headline,
        ctwaClid: referral.ctwa_clid,
      },
      errors: message.errors,
    };
    updates.push({ kind: "message", message: inbound });
  }
  for (const status of statuses) {
    updates.push({
      kind: "status",
      status: {
        providerMessageId: status.id,
        status: status.status,
        timestamp: dateFromUnixSeconds(status.timestamp),
        recipient: status.recipient_id,
        callbackData: status.biz_opaque_callback_data,
        pricingCategory: status.pricing?.category,
        errors: (status.errors ?? []).map((error) => ({
          code: error.code,
          title: error.title ?? error.message,
          details: error.error_data?.details,
        })),
      },
    });
  }
  return updates;
}

/** Every update in one change of Meta's webhook. */
export function normalizeMetaChange(field: string, value: unknown): InboundUpdate[] {
  switch (field) {
    case "messages":
      return messageUpdates(value);
    case "message_template_status_update": {
      const parsed = templateStatusValue.safeParse(value);
      if (!parsed.success) return [{ kind: "ignored", what: "a malformed template status update" }];
      const v = parsed.data;
      return [
        {
          kind: "template_status",
          providerTemplateId: v.message_template_id,
          name: v.message_template_name,
          language: v.message_template_language,
          event: v.event,
          reason: v.reason && v.reason !== "NONE" ? v.reason : undefined,
          rejection: v.rejection_info,
        },
      ];
    }
    case "message_template_quality_update": {
      const parsed = templateQualityValue.safeParse(value);
      if (!parsed.success) return [{ kind: "ignored", what: "a malformed template quality update" }];
      const v = parsed.data;
      return [
        {
          kind: "template_quality",
          providerTemplateId: v.message_template_id,
          name: v.message_template_name,
          language: v.message_template_language,
          quality: v.new_quality_score,
          previous: v.previous_quality_score,
        },
      ];
    }
    case "phone_number_quality_update": {
      const parsed = numberQualityValue.safeParse(value);
      if (!parsed.success) return [{ kind: "ignored", what: "a malformed number quality update" }];
      return [
        {
          kind: "number_quality",
          event: parsed.data.event,
          displayPhoneNumber: parsed.data.display_phone_number,
          currentLimit: parsed.data.current_limit,
        },
      ];
    }
    case "account_update": {
      const parsed = accountValue.safeParse(value);
      if (!parsed.success) return [{ kind: "ignored", what: "a malformed account update" }];
      const { event, ...detail } = parsed.data;
      return [{ kind: "account", event, detail }];
    }
    case "user_preferences": {
      const parsed = preferencesValue.safeParse(value);
      if (!parsed.success) return [{ kind: "ignored", what: "a malformed user preference update" }];
      return parsed.data.user_preferences
        .filter((preference) => !preference.category || preference.category === "marketing_messages")
        .map((preference) => ({
          kind: "marketing_preference" as const,
          waId: preference.wa_id,
          value: preference.value,
          timestamp: dateFromUnixSeconds(preference.timestamp),
        }));
    }
    default:
      return [{ kind: "ignored", what: `${field} updates` }];
  }
}

/** Every update in a webhook body. */
export function normalizeMetaWebhook(webhook: MetaWebhook): InboundUpdate[] {
  return webhook.entry.flatMap((entry) => entry.changes.flatMap((c) => normalizeMetaChange(c.field, c.value)));
}
