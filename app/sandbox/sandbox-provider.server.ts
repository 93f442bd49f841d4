import { randomInt, randomUUID } from "node:crypto";
import { prisma } from "~/db.server";
import { validateOutboundMessage } from "~/whatsapp/message";
import { cloudCapabilities } from "~/whatsapp/cloud/cloud-provider.server";
import type {
  PhoneNumberFacts,
  ProviderCapabilities,
  SendRequest,
  SendResult,
  TemplateOperations,
  WhatsAppProvider,
} from "~/whatsapp/provider";
import { ingestWhatsAppEvents } from "~/whatsapp/webhook/ingest.server";
import { metaJson } from "~/whatsapp/webhook/signature";
import { inboundMessageChange, metaEnvelope, statusChange, templateStatusChange } from "./meta-webhook-builders";

/**
 * The built-in sandbox: a WhatsApp number that delivers nowhere. Every message is kept in
 * PostgreSQL (what the shopper's phone would show), statuses arrive on a realistic schedule,
 * and a person or a test can answer as the shopper — all through the same inbound path
 * (record → `inbound` queue → processing) that Meta's webhooks take.
 */
export const sandboxSettings = {
  /** Delays after a send at which the sandbox reports each status. */
  statusDelaysMs: { sent: 700, delivered: 2_500, read: 8_000 },
  /** Share of messages the shopper reads. */
  readProbability: 0.8,
  /** How long the sandbox's "Meta review" of a submitted template takes. */
  templateReviewMs: 3_000,
};

// The sandbox behaves as Meta's Cloud API does, except that nothing is uploaded anywhere.
export const sandboxCapabilities: ProviderCapabilities = {
  ...cloudCapabilities,
  mediaUpload: false,
  serviceWindow: true,
  notes: [
    "Try everything without a WhatsApp number: messages stay in the app and nothing reaches a real phone.",
    "Submitted templates are approved by the sandbox after a few seconds, as Meta would after its review.",
    "Answer as the shopper on the Shopper phone page to see replies, buttons and opt-outs handled.",
  ],
};

/** A number in the 555-0100…0199 range, reserved for fiction: it can never reach anyone. */
export function sandboxDisplayNumber(phoneNumberId: string): string {
  const line = [...phoneNumberId].reduce((sum, c) => (sum * 31 + c.charCodeAt(0)) % 100, 7);
  return `+1 415 555 01${String(line).padStart(2, "0")}`;
}

export type ShopperMessage =
  | { type: "text"; text: string }
  | { type: "button_reply"; id: string; title: string; replyTo: string }
  | { type: "list_reply"; id: string; title: string; description?: string; replyTo: string }
  | { type: "quick_reply"; payload: string; text: string; replyTo: string }
  | { type: "location"; latitude: number; longitude: number; name?: string; address?: string }
  | {
      type: "order";
      catalogId: string;
      text?: string;
      items: { productRetailerId: string; quantity: number; itemPrice: number; currency: string }[];
    };

function metaMessage(message: ShopperMessage): Record<string, unknown> & { type: string } {
  switch (message.type) {
    case "text":
      return { type: "text", text: { body: message.text } };
    case "button_reply":
      return { type: "interactive", interactive: { type: "button_reply", button_reply: { id: message.id, title: message.title } } };
    case "list_reply":
      return {
        type: "interactive",
        interactive: {
          type: "list_reply",
          list_reply: { id: message.id, title: message.title, ...(message.description ? { description: message.description } : {}) },
        },
      };
    case "quick_reply":
      return { type: "button", button: { payload: message.payload, text: message.text } };
    case "location":
      return {
        type: "location",
        location: { latitude: message.latitude, longitude: message.longitude, name: message.name, address: message.address },
      };
    case "order":
      return {
        type: "order",
        order: {
          catalog_id: message.catalogId,
          text: message.text ?? "",
          product_items: message.items.map((item) => ({
            product_retailer_id: item.productRetailerId,
            quantity: item.quantity,
            item_price: item.itemPrice,
            currency: item.currency,
          })),
        },
      };
  }
}

export class SandboxProvider implements WhatsAppProvider {
  readonly kind = "SANDBOX" as const;
  readonly capabilities = sandboxCapabilities;
  private readonly displayNumber: string;

  constructor(
    private readonly shopId: string,
    private readonly phoneNumberId: string,
  ) {
    this.displayNumber = sandboxDisplayNumber(phoneNumberId);
  }

  async send({ to, message, callbackData }: SendRequest): Promise<SendResult> {
    const valid = validateOutboundMessage(message);
    const wamid = `wamid.SANDBOX.${randomUUID()}`;
    await prisma.sandboxMessage.create({
      data: { shopId: this.shopId, wamid, direction: "TO_SHOPPER", shopperPhone: to, type: valid.type, content: valid, callbackData },
    });
    const { statusDelaysMs, readProbability } = sandboxSettings;
    const statuses: ("sent" | "delivered" | "read")[] = [
      "sent",
      "delivered",
      ...(Math.random() < readProbability ? ["read" as const] : []),
    ];
    for (const status of statuses) {
      const change = statusChange({
        phoneNumberId: this.phoneNumberId,
        displayPhoneNumber: this.displayNumber,
        messageId: wamid,
        status,
        recipient: to,
        callbackData,
        at: new Date(Date.now() + statusDelaysMs[status]),
        category: valid.type === "template" ? "utility" : "service",
      });
      await this.deliver(`sandbox:${wamid}:${status}`, change, statusDelaysMs[status]);
    }
    return { providerMessageId: wamid, waId: to.replace(/^\+/, "") };
  }

  /** Templates: the sandbox approves what it is given after a short "review", through the inbound path. */
  readonly templates: TemplateOperations = {
    create: async (draft) => {
      const id = String(9_000_000_000_000_000 + randomInt(2 ** 40));
      await this.review(id, draft.name, draft.language);
      return { id, status: "PENDING", category: draft.category };
    },
    list: async () => ({ templates: [] }),
    // The sandbox keeps no template content; an edit is reviewed and approved like a creation.
    edit: async (template) => this.review(template.id, template.name, template.language),
    delete: async () => {},
    uploadSample: async ({ filename }) => `sandbox-sample:${filename}`,
  };

  /** Schedules the sandbox's review verdict for a template (approval), like Meta's webhook. */
  async review(templateId: string, name: string, language: string): Promise<void> {
    const change = templateStatusChange({ templateId, name, language, event: "APPROVED" });
    await this.deliver(`sandbox:template:${templateId}:${Date.now()}`, change, sandboxSettings.templateReviewMs);
  }

  async markRead(): Promise<void> {
    // The sandbox shopper sees no read receipts; nothing to do.
  }

  async numberFacts(): Promise<PhoneNumberFacts> {
    const shop = await prisma.shop.findUniqueOrThrow({ where: { id: this.shopId }, select: { name: true, domain: true } });
    return {
      phoneNumberId: this.phoneNumberId,
      displayPhoneNumber: this.displayNumber,
      verifiedName: `${shop.name ?? shop.domain.replace(/\.myshopify\.com$/, "")} (sandbox)`,
      qualityRating: "GREEN",
      nameStatus: "APPROVED",
      messagingLimit: "TIER_UNLIMITED",
    };
  }

  /** The shopper writes to the shop: recorded as their phone sent it, then delivered as Meta would. */
  async shopperSends(input: { from: string; profileName?: string; message: ShopperMessage }): Promise<string> {
    const wamid = `wamid.SANDBOX.IN.${randomUUID()}`;
    const meta = metaMessage(input.message);
    await prisma.sandboxMessage.create({
      data: { shopId: this.shopId, wamid, direction: "FROM_SHOPPER", shopperPhone: input.from, type: meta.type, content: meta as object },
    });
    const change = inboundMessageChange({
      phoneNumberId: this.phoneNumberId,
      displayPhoneNumber: this.displayNumber,
      from: input.from,
      profileName: input.profileName,
      messageId: wamid,
      message: meta,
      replyTo: "replyTo" in input.message ? input.message.replyTo : undefined,
    });
    await this.deliver(`sandbox:${wamid}`, change);
    return wamid;
  }

  private async deliver(dedupKey: string, change: { field: string; value: Record<string, unknown> }, delayMs?: number) {
    await ingestWhatsAppEvents(
      [{ shopId: this.shopId, source: "SANDBOX", dedupKey, payload: metaJson(metaEnvelope(`sandbox-waba-${this.shopId}`, [change])) }],
      { delayMs },
    );
  }
}
