import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseJsonExact } from "~/shopify/exact-json";
import { metaWebhookSchema, normalizeMetaWebhook } from "~/whatsapp/webhook/meta-webhook";

const dir = path.join(process.cwd(), "test", "fixtures", "meta-webhooks");
const fixtures = readdirSync(dir)
  .filter((file) => file.endsWith(".json"))
  .flatMap((file) =>
    Object.entries(parseJsonExact(readFileSync(path.join(dir, file), "utf8")) as Record<string, unknown>).map(
      ([example, body]) => [`${file.replace(".json", "")}/${example}`, body] as const,
    ),
  );

const normalize = (name: string) => normalizeMetaWebhook(metaWebhookSchema.parse(fixtures.find(([n]) => n === name)![1]));

describe("Meta's webhook bodies (pywa's fixtures)", () => {
  it.each(fixtures)("%s parses into updates", (_name, body) => {
    const updates = normalizeMetaWebhook(metaWebhookSchema.parse(body));
    expect(updates.length).toBeGreaterThan(0);
  });

  it("routes every inbound message type to the message handler with a readable summary", () => {
    const messageExamples = fixtures.filter(([name]) => name.startsWith("message/") || name.startsWith("callback_"));
    for (const [name] of messageExamples) {
      const [update] = normalize(name);
      expect(update.kind, name).toBe("message");
    }
    const text = (name: string) => (normalize(name)[0] as { message: { text?: string } }).message.text;
    expect(text("message/text")).toBe("Body Text");
    expect(text("callback_button/button")).toBe("title");
    expect(text("callback_button/quick_reply")).toBe("title");
    expect(text("callback_selection/description")).toBe("title");
    expect(text("message/order")).toBe("[cart: 7 items]");
    expect(text("message/unsupported")).toMatch(/does not support/);
  });

  it("keeps an order's items, the click-to-WhatsApp referral and the reply context", () => {
    const [order] = normalize("message/order");
    expect(order).toMatchObject({
      kind: "message",
      message: {
        from: "+972987654321",
        type: "order",
        content: {
          order: {
            catalog_id: "354160437058781",
            product_items: expect.arrayContaining([expect.objectContaining({ product_retailer_id: "SODA", quantity: 2 })]),
          },
        },
      },
    });
    expect(normalize("message/referral")[0]).toMatchObject({ message: { referral: { sourceId: "ADID", ctwaClid: "CTWA_CLID" } } });
    expect(normalize("callback_button/button")[0]).toMatchObject({ message: { replyTo: "wamid.xyzxyz" } });
  });

  it("routes statuses with their errors and pricing category", () => {
    const statuses = ["sent", "delivered", "read", "played", "failed"].map((s) => normalize(`message_status/${s}`)[0]);
    expect(statuses.map((u) => u.kind)).toEqual(["status", "status", "status", "status", "status"]);
    expect(statuses[0]).toMatchObject({ status: { status: "sent", pricingCategory: "service", providerMessageId: "wamid.xyzxyz" } });
    expect(statuses[4]).toMatchObject({
      status: { status: "failed", errors: [{ code: 130472, title: "User's number is part of an experiment" }] },
    });
  });

  it("routes template status, template quality, account and marketing preference updates", () => {
    expect(normalize("template_status_update/rejected")[0]).toMatchObject({
      kind: "template_status",
      providerTemplateId: "1689556908129835",
      name: "abandoned_cart",
      event: "REJECTED",
      rejection: { recommendation: expect.stringContaining("Separate parameters") },
    });
    expect(normalize("template_quality_update/yellow")[0]).toMatchObject({ kind: "template_quality", quality: "YELLOW" });
    expect(normalize("account_update/account_restriction")[0]).toMatchObject({ kind: "account", event: "ACCOUNT_RESTRICTION" });
    expect(normalize("user_marketing_preferences/resume")[0]).toMatchObject({
      kind: "marketing_preference",
      value: "resume",
      waId: "16505551234",
    });
  });

  it("tolerates fields it does not know and ignores changes it does not act on", () => {
    const body = {
      object: "whatsapp_business_account",
      entry: [
        { id: "1", unknown: true, changes: [{ field: "business_capability_update", value: { max_daily_conversation_per_phone: 1000 } }] },
      ],
    };
    expect(normalizeMetaWebhook(metaWebhookSchema.parse(body))).toEqual([{ kind: "ignored", what: "business_capability_update updates" }]);
  });
});
