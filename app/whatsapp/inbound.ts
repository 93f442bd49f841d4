/**
 * What a WhatsApp webhook tells the app, in provider-neutral form. Meta's Cloud API, UltraMsg
 * and the sandbox webhooks are all normalised to these before anything is stored.
 */
export interface InboundMessage {
  providerMessageId: string;
  /** The shopper's number, E.164; undefined when the provider gave something that is not one. */
  from?: string;
  waId?: string;
  profileName?: string;
  timestamp: Date;
  /** Meta's type: text, image, interactive, button, order, location, reaction, unsupported, … */
  type: string;
  /** A readable summary of the content (the text, a caption, the chosen button's title …). */
  text?: string;
  /** The type-specific object as received (e.g. `{ button_reply: { id, title } }`). */
  content: Record<string, unknown>;
  replyTo?: string;
  /** The catalog product the shopper asked about ("Message business" on a product message). */
  referredProduct?: { catalogId: string; retailerId: string };
  /** A click-to-WhatsApp ad or post the shopper came from (opens a 72-hour window). */
  referral?: { sourceType?: string; sourceId?: string; sourceUrl?: string; headline?: string; ctwaClid?: string };
  errors?: { code: number; title?: string }[];
}

export interface StatusUpdate {
  providerMessageId: string;
  status: string; // sent | delivered | read | played | failed
  timestamp: Date;
  recipient?: string;
  /** `biz_opaque_callback_data`: our outbox message id, echoed back. */
  callbackData?: string;
  pricingCategory?: string;
  errors: { code: number; title?: string; details?: string }[];
}

export type InboundUpdate =
  | { kind: "message"; message: InboundMessage }
  | { kind: "status"; status: StatusUpdate }
  | {
      kind: "template_status";
      providerTemplateId: string;
      name: string;
      language: string;
      event: string;
      reason?: string;
      rejection?: { reason?: string; recommendation?: string };
    }
  | { kind: "template_quality"; providerTemplateId: string; name: string; language: string; quality: string; previous?: string }
  | { kind: "number_quality"; displayPhoneNumber?: string; event: string; currentLimit?: string }
  | { kind: "account"; event: string; detail: Record<string, unknown> }
  | { kind: "marketing_preference"; waId: string; value: string; timestamp: Date }
  | { kind: "ignored"; what: string };

/** "972987654321" → "+972987654321"; anything that is not a phone number → undefined. */
export function phoneFromWaId(value: string | undefined): string | undefined {
  return value && /^\d{7,15}$/.test(value) ? `+${value}` : undefined;
}

export function dateFromUnixSeconds(value: string | number | undefined): Date {
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000) : new Date();
}
