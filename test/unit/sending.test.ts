import { describe, expect, it } from "vitest";
import { backoffMs, decideAfterFailure, frequencyCapRelease, marketingAllowance, tierLimit, warmupCap } from "~/domain/sending";
import { sessionMessage } from "~/domain/session-message";
import type { TemplateContent } from "~/domain/template-content";
import { describeError } from "~/whatsapp/errors";

const now = new Date("2026-11-25T12:00:00Z");
const half = () => 0.5;

describe("after a failed send", () => {
  it("retries transient errors with growing, jittered backoff, then gives up with the reason", () => {
    expect(backoffMs(1, () => 0)).toBe(1000);
    expect(backoffMs(1, () => 1)).toBe(2000);
    expect(backoffMs(4, () => 1)).toBe(16_000);
    expect(backoffMs(30, () => 1)).toBe(600_000);
    expect(decideAfterFailure(describeError(131000), { attempts: 1, sentSessionForm: false, now }, half)).toEqual({
      kind: "retry",
      at: new Date(now.getTime() + 1500),
    });
    expect(decideAfterFailure(describeError(131000), { attempts: 6, sentSessionForm: false, now })).toEqual({
      kind: "dead",
      reason: "Gave up after 6 attempts: WhatsApp had a temporary problem",
    });
  });

  it("waits as long as Meta asks for throttling errors", () => {
    expect(decideAfterFailure(describeError(131056), { attempts: 1, sentSessionForm: false, now }, () => 0)).toEqual({
      kind: "retry",
      at: new Date(now.getTime() + 6000),
    });
  });

  it("re-plans a free-form message refused for the closed window as the template, never retrying it", () => {
    expect(decideAfterFailure(describeError(131047), { attempts: 1, sentSessionForm: true, now })).toEqual({ kind: "use_template" });
  });

  it("dead-letters permanent errors with their title, and holds the shop on account errors", () => {
    expect(decideAfterFailure(describeError(132000), { attempts: 1, sentSessionForm: false, now })).toEqual({
      kind: "dead",
      reason: "Template parameter count does not match",
    });
    expect(decideAfterFailure(describeError(190), { attempts: 1, sentSessionForm: false, now }).kind).toBe("hold_shop");
  });

  it("reconciles before resending when the outcome is unknown", () => {
    expect(decideAfterFailure(describeError(1), { attempts: 1, outcomeUnknown: true, sentSessionForm: false, now })).toEqual({
      kind: "reconcile",
      at: new Date(now.getTime() + 60_000),
    });
  });
});

describe("marketing within the messaging limit", () => {
  it("knows Meta's tiers", () => {
    expect(tierLimit("TIER_1K")).toBe(1000);
    expect(tierLimit("TIER_UNLIMITED")).toBe(Number.POSITIVE_INFINITY);
    expect(tierLimit(undefined)).toBe(250);
  });

  it("keeps a tenth of the tier for order updates", () => {
    const old = new Date("2026-01-01T00:00:00Z");
    expect(marketingAllowance({ messagingLimit: "TIER_1K", uniqueRecipients24h: 400, marketingSent24h: 0, connectedAt: old, now })).toBe(
      500,
    );
    expect(marketingAllowance({ messagingLimit: "TIER_1K", uniqueRecipients24h: 950, marketingSent24h: 0, connectedAt: old, now })).toBe(0);
  });

  it("ramps a new number up", () => {
    expect(warmupCap(now, now)).toBe(50);
    expect(warmupCap(new Date(now.getTime() - 2 * 24 * 3600 * 1000), now)).toBe(200);
    expect(marketingAllowance({ messagingLimit: "TIER_100K", uniqueRecipients24h: 0, marketingSent24h: 30, connectedAt: now, now })).toBe(
      20,
    );
  });

  it("caps marketing per shopper per day", () => {
    const hoursAgo = (h: number) => new Date(now.getTime() - h * 3600 * 1000);
    expect(frequencyCapRelease([hoursAgo(2)], 2, now)).toBeNull();
    expect(frequencyCapRelease([hoursAgo(2), hoursAgo(5)], 2, now)).toEqual(new Date(hoursAgo(5).getTime() + 24 * 3600 * 1000));
  });
});

describe("the free-form twin of a template", () => {
  const cod: TemplateContent = {
    parameterFormat: "named",
    body: "Hi {{first_name}}, please *confirm* order {{order_name}} for cash on delivery.",
    buttons: [
      { type: "QUICK_REPLY", text: "Confirm order" },
      { type: "QUICK_REPLY", text: "Cancel order" },
    ],
    examples: { header: {}, body: {}, buttons: {} },
  };

  it("turns quick replies into reply buttons carrying the payloads", () => {
    expect(
      sessionMessage(cod, {
        body: { first_name: "Ana", order_name: "#1001" },
        quickReplyPayloads: { "0": "cod_confirm:1", "1": "cod_cancel:1" },
      }),
    ).toEqual({
      type: "buttons",
      body: "Hi Ana, please *confirm* order #1001 for cash on delivery.",
      buttons: [
        { id: "cod_confirm:1", title: "Confirm order" },
        { id: "cod_cancel:1", title: "Cancel order" },
      ],
    });
  });

  it("writes URL buttons out as links", () => {
    const shipped: TemplateContent = {
      ...cod,
      body: "Your order {{order_name}} has shipped today.",
      buttons: [{ type: "URL", text: "Track package", url: "https://shop.example/{{1}}" }],
    };
    expect(sessionMessage(shipped, { body: { order_name: "#1001" }, buttons: { "0": "apps/whatsapp/t/9" } })).toEqual({
      type: "text",
      body: "Your order #1001 has shipped today.\n\nTrack package: https://shop.example/apps/whatsapp/t/9",
      previewUrl: true,
    });
  });
});
