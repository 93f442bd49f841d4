import type { OutboundMessage, OutboundMessageType } from "./message";

/**
 * The one interface every WhatsApp provider implements (Chatwoot-style: one class per
 * provider; adding a provider touches one folder). Optional groups are absent where the
 * provider cannot do the thing, and `capabilities` says so in words a merchant understands.
 */
export type ProviderKind = "CLOUD" | "ULTRAMSG" | "SANDBOX";

export interface ProviderCapabilities {
  /** Message types sent as such; others are degraded to text with links (see `degrades`). */
  nativeTypes: OutboundMessageType[];
  templates: boolean;
  interactive: boolean;
  catalog: boolean;
  markRead: boolean;
  mediaUpload: boolean;
  /** Meta's 24-hour customer service window and per-message pricing apply. */
  serviceWindow: boolean;
  /** Plain-language limits, shown where a merchant picks the provider. */
  notes: string[];
}

export interface SendRequest {
  /** E.164, e.g. +14155550123. */
  to: string;
  message: OutboundMessage;
  /** Echoed back on every status webhook (Cloud API); we put our outbox message id here. */
  callbackData?: string;
}

export interface SendResult {
  providerMessageId: string;
  /** The recipient's WhatsApp id, when the provider reports it. */
  waId?: string;
  /** Set when the provider sent a simpler form than asked (e.g. a list as numbered text). */
  degradedTo?: OutboundMessageType;
}

export interface PhoneNumberFacts {
  /** Meta's phone number id (Cloud), the instance id (UltraMsg) or the sandbox number's id. */
  phoneNumberId: string;
  displayPhoneNumber: string;
  verifiedName?: string;
  qualityRating?: string; // GREEN | YELLOW | RED | UNKNOWN
  nameStatus?: string;
  /** Unique customers reachable per 24 h outside a window: TIER_250 … TIER_UNLIMITED. */
  messagingLimit?: string;
  throughputLevel?: string;
}

/** A template as Meta's Business Management API describes it. */
export interface ProviderTemplate {
  id: string;
  name: string;
  language: string;
  status: string;
  category: string;
  parameterFormat?: "named" | "positional";
  components: unknown[];
  rejectedReason?: string;
}

export interface TemplateDraft {
  name: string;
  language: string;
  category: "UTILITY" | "MARKETING" | "AUTHENTICATION";
  parameterFormat?: "named" | "positional";
  components: unknown[];
}

export interface TemplateOperations {
  create(draft: TemplateDraft): Promise<{ id: string; status: string; category: string }>;
  /** One page; pass `after` from the previous page to continue. */
  list(options?: { limit?: number; after?: string; name?: string }): Promise<{ templates: ProviderTemplate[]; after?: string }>;
  edit(
    template: { id: string; name: string; language: string },
    changes: { category?: TemplateDraft["category"]; components?: unknown[] },
  ): Promise<void>;
  delete(name: string, templateId?: string): Promise<void>;
  /** Uploads a media header's sample for review; returns Meta's handle for `example.header_handle`. */
  uploadSample?(file: { data: Uint8Array; mimeType: string; filename: string }): Promise<string>;
}

export interface MediaOperations {
  upload(file: { data: Uint8Array; mimeType: string; filename: string }): Promise<{ id: string }>;
  /** A short-lived download URL and what it holds. */
  describe(mediaId: string): Promise<{ url: string; mimeType: string; sha256?: string; fileSize?: number }>;
  download(mediaId: string): Promise<{ data: Uint8Array; mimeType: string }>;
}

export interface WhatsAppProvider {
  readonly kind: ProviderKind;
  readonly capabilities: ProviderCapabilities;
  send(request: SendRequest): Promise<SendResult>;
  markRead?(messageId: string, options?: { typingIndicator?: boolean }): Promise<void>;
  templates?: TemplateOperations;
  media?: MediaOperations;
  /** Reads the number's facts; fails with a WhatsAppError when the credentials do not work. */
  numberFacts(): Promise<PhoneNumberFacts>;
}
