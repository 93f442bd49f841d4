import { describe, expect, it } from "vitest";
import {
  planBackInStock,
  planCodAnswered,
  planOrderCancelled,
  planOrderCreated,
  planShipmentUpdate,
  shippingStep,
  type Mappings,
  type Recipient,
} from "~/domain/journeys";

const now = new Date("2026-11-25T12:00:00Z");
const on = (templateId: string) => ({ enabled: true, templateId, bindings: { header: {}, body: {}, buttons: {} } });
const mappings: Mappings = {
  order_confirmation: on("tpl-confirm"),
  cod_confirmation: on("tpl-cod"),
  shipped: on("tpl-shipped"),
  out_for_delivery: on("tpl-ofd"),
  delivered: on("tpl-delivered"),
  delivery_failed: on("tpl-failed"),
  back_in_stock: on("tpl-bis"),
};
const policy = { optInPolicy: "EXPLICIT" as const, codReminderHours: 6 };
const optedIn: Recipient = { phone: "+34612345678", consent: { ORDER_UPDATES: true }, phoneGivenAtCheckout: true };

describe("order journeys", () => {
  it("confirm an order once, with a key made of the order and the number", () => {
    const plan = planOrderCreated({
      order: { id: "820982911946154508", cod: false },
      facts: {},
      recipient: optedIn,
      mappings,
      policy,
      now,
    });
    expect(plan.skips).toEqual([]);
    expect(plan.messages).toHaveLength(1);
    expect(plan.messages[0]).toMatchObject({
      step: "order_confirmation",
      idempotencyKey: "order_confirmation:820982911946154508:+34612345678",
      purpose: "UTILITY",
      priority: 2,
      templateId: "tpl-confirm",
      subjectRef: "order:820982911946154508",
      expiresAt: new Date("2026-11-26T12:00:00Z"),
    });
    // The same event planned again gives the same key: the outbox makes it one message.
    expect(
      planOrderCreated({ order: { id: "820982911946154508", cod: false }, facts: {}, recipient: optedIn, mappings, policy, now })
        .messages[0].idempotencyKey,
    ).toBe(plan.messages[0].idempotencyKey);
  });

  it("ask cash-on-delivery orders to confirm, with a reminder that a cancellation or an answer stops", () => {
    const plan = planOrderCreated({ order: { id: "1001", cod: true }, facts: {}, recipient: optedIn, mappings, policy, now });
    expect(plan.messages.map((m) => [m.step, m.subjectRef, m.scheduledAt?.toISOString()])).toEqual([
      ["cod_confirmation", "order:1001", undefined],
      ["cod_reminder", "cod:1001", "2026-11-25T18:00:00.000Z"],
    ]);
    expect(plan.messages[0].quickReplyPayloads).toEqual({ "0": "cod_confirm:1001", "1": "cod_cancel:1001" });
    expect(planOrderCancelled({ id: "1001" }).cancel).toEqual({
      subjectRefs: ["order:1001", "cod:1001"],
      reason: "the order was cancelled",
    });
    expect(planCodAnswered({ id: "1001" }).cancel?.subjectRefs).toEqual(["cod:1001"]);
  });

  it("ask cash-on-delivery orders once when the shop set no reminder", () => {
    const plan = planOrderCreated({
      order: { id: "1002", cod: true },
      facts: {},
      recipient: optedIn,
      mappings,
      policy: { ...policy, codReminderHours: 0 },
      now,
    });
    expect(plan.messages.map((m) => m.step)).toEqual(["cod_confirmation"]);
  });

  it("send nothing without consent for order updates, and say why", () => {
    const plan = planOrderCreated({
      order: { id: "1", cod: false },
      facts: {},
      recipient: { ...optedIn, consent: {} },
      mappings,
      policy,
      now,
    });
    expect(plan.messages).toEqual([]);
    expect(plan.skips).toEqual([
      {
        step: "order_confirmation",
        reason: "no consent: no WhatsApp opt-in for order updates (the shop's policy asks for an explicit one)",
      },
    ]);
  });

  it("count a phone given at a checkout that discloses WhatsApp updates, when that is the shop's policy", () => {
    const plan = planOrderCreated({
      order: { id: "1", cod: false },
      facts: {},
      recipient: { ...optedIn, consent: {} },
      mappings,
      policy: { ...policy, optInPolicy: "CHECKOUT_DISCLOSED" },
      now,
    });
    expect(plan.messages).toHaveLength(1);
  });

  it("respect a STOP even under the checkout policy", () => {
    const plan = planOrderCreated({
      order: { id: "1", cod: false },
      facts: {},
      recipient: { ...optedIn, consent: { ORDER_UPDATES: false } },
      mappings,
      policy: { ...policy, optInPolicy: "CHECKOUT_DISCLOSED" },
      now,
    });
    expect(plan.skips[0].reason).toBe("no consent: the shopper opted out of order updates");
  });

  it("explain an order with no usable phone number instead of failing", () => {
    const plan = planOrderCreated({
      order: { id: "1", cod: false },
      facts: {},
      recipient: { consent: {}, phoneGivenAtCheckout: false, phoneProblem: "“555-555-SHIP” is not a phone number" },
      mappings,
      policy,
      now,
    });
    expect(plan).toEqual({
      messages: [],
      skips: [{ step: "order_confirmation", reason: "no WhatsApp number: “555-555-SHIP” is not a phone number" }],
    });
  });

  it("leave a suppressed number alone", () => {
    const plan = planOrderCreated({
      order: { id: "1", cod: false },
      facts: {},
      recipient: { ...optedIn, suppressedUntil: new Date("2026-12-01T00:00:00Z") },
      mappings,
      policy,
      now,
    });
    expect(plan.skips[0].reason).toMatch(/paused until 2026-12-01/);
  });

  it("say when the journey is off or has no template", () => {
    expect(
      planOrderCreated({ order: { id: "1", cod: false }, facts: {}, recipient: optedIn, mappings: {}, policy, now }).skips[0].reason,
    ).toBe("the order confirmation journey is switched off");
    expect(
      planOrderCreated({
        order: { id: "1", cod: false },
        facts: {},
        recipient: optedIn,
        mappings: { order_confirmation: { ...on("x"), templateId: null } },
        policy,
        now,
      }).skips[0].reason,
    ).toBe("no template is chosen for the order confirmation journey");
  });
});

describe("shipping journeys", () => {
  const update = (shipmentStatus: string | null, alreadyPlanned: string[] = [], created = false) =>
    planShipmentUpdate({
      fulfillment: { id: "123456", orderId: "1001", created, status: "success", shipmentStatus },
      alreadyPlanned: alreadyPlanned as never[],
      facts: {},
      recipient: optedIn,
      mappings,
      policy,
      now,
    });

  it("map Shopify's shipment statuses to steps", () => {
    expect(shippingStep({ created: true, status: "success", shipmentStatus: null })).toBe("shipped");
    expect(shippingStep({ created: false, shipmentStatus: "in_transit" })).toBe("shipped");
    expect(shippingStep({ created: false, shipmentStatus: "out_for_delivery" })).toBe("out_for_delivery");
    expect(shippingStep({ created: false, shipmentStatus: "attempted_delivery" })).toBe("delivery_failed");
    expect(shippingStep({ created: false, shipmentStatus: "delivered" })).toBe("delivered");
    expect(shippingStep({ created: false, status: "cancelled", shipmentStatus: "delivered" })).toBeUndefined();
  });

  it("send each status change once, keyed by fulfillment and step", () => {
    expect(update(null, [], true).messages[0].idempotencyKey).toBe("shipped:123456:+34612345678");
    expect(update("in_transit", ["shipped"]).skips[0].reason).toBe("this shipping update was already sent");
    expect(update("out_for_delivery", ["shipped"]).messages[0].step).toBe("out_for_delivery");
  });

  it("never send older news: delivered first means out-for-delivery is not sent afterwards", () => {
    expect(update("out_for_delivery", ["shipped", "delivered"]).skips[0]).toEqual({
      step: "out_for_delivery",
      reason: "the shopper already has newer shipping news",
    });
    expect(update("in_transit", ["out_for_delivery"]).skips[0].reason).toBe("the shopper already has newer shipping news");
  });
});

describe("back in stock", () => {
  it("alerts each subscriber with marketing consent, in order, and keys each alert by subscription and run", () => {
    const plan = planBackInStock({
      runId: "run-1",
      variantId: "gid://shopify/ProductVariant/1",
      subscriptions: [
        { id: "s1", recipient: { ...optedIn, consent: { MARKETING: true } } },
        { id: "s2", recipient: { ...optedIn, phone: "+34600000002", consent: { ORDER_UPDATES: true } } },
        { id: "s3", recipient: { ...optedIn, phone: "+34600000003", consent: { MARKETING: true } } },
      ],
      facts: {},
      mapping: mappings.back_in_stock,
      policy: { ...policy, optInPolicy: "CHECKOUT_DISCLOSED" },
      now,
    });
    expect(plan.messages.map((m) => [m.idempotencyKey, m.purpose, m.priority])).toEqual([
      ["back_in_stock:s1:run-1", "MARKETING", 3],
      ["back_in_stock:s3:run-1", "MARKETING", 3],
    ]);
    expect(plan.skippedSubscriptions).toEqual([{ id: "s2", reason: "no consent: no explicit opt-in for marketing messages" }]);
  });
});
