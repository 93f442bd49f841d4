import { readdirSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { interceptShopifyFetch, ShopifyAdminStandIn } from "~/sandbox/shopify-admin-stand-in";

// The Shopify Admin API is a loopback stand-in, reached through the app's own client.
const shopify = await ShopifyAdminStandIn.start();
const restoreFetch = interceptShopifyFetch(shopify.url);

const { prisma } = await import("~/db.server");
const { action: subscribe } = await import("~/routes/proxy.back-in-stock");
const { loader: track } = await import("~/routes/proxy.t.$fulfillmentId");
const { installShop } = await import("../support/db");
const { appProxyUrl, soldOutTrailRunner, uniqueShop } = await import("../support/shopify");
const { subscribeAnswerCodes } = await import("~/storefront/back-in-stock.server");
const { storefrontLimits } = await import("~/storefront/storefront-limits.server");

let shop: { id: string; domain: string };
beforeAll(async () => {
  shop = await installShop(uniqueShop("storefront"));
  shopify.addVariant(shop.domain, soldOutTrailRunner());
});
afterAll(async () => {
  restoreFetch();
  await shopify.close();
});

const post = (fields: Record<string, string>, url = appProxyUrl("/proxy/back-in-stock", shop.domain), headers: HeadersInit = {}) =>
  subscribe({
    request: new Request(url, { method: "POST", body: new URLSearchParams(fields), headers }),
    params: {},
    context: {},
  }) as Promise<Response>;
const form = { variant_id: "808950810", phone: "612 34 56 78", country: "ES", consent: "on", locale: "es" };

describe("the storefront's Notify me on WhatsApp form", () => {
  it("subscribes with explicit marketing consent and the variant's inventory item", async () => {
    const response = await post(form);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, code: "subscribed" });

    const customer = await prisma.customer.findUniqueOrThrow({
      where: { shopId_phoneE164: { shopId: shop.id, phoneE164: "+34612345678" } },
      include: { consents: true, consentChanges: true },
    });
    expect(customer.consents).toMatchObject([{ purpose: "MARKETING", granted: true, source: "STOREFRONT" }]);
    expect(customer.consentChanges).toMatchObject([
      { purpose: "MARKETING", granted: true, source: "STOREFRONT", sourceRef: "gid://shopify/ProductVariant/808950810" },
    ]);
    expect(await prisma.backInStockSubscription.findFirstOrThrow({ where: { customerId: customer.id } })).toMatchObject({
      status: "ACTIVE",
      variantId: "gid://shopify/ProductVariant/808950810",
      inventoryItemId: "gid://shopify/InventoryItem/271878346596884015",
      locale: "es",
      source: "STOREFRONT",
    });
  });

  it("subscribing twice keeps one subscription", async () => {
    expect(await (await post(form)).json()).toEqual({ ok: true, code: "already_subscribed" });
    expect(await prisma.backInStockSubscription.count({ where: { shopId: shop.id } })).toBe(1);
  });

  it("refuses a forged signature and changes nothing", async () => {
    const forged = appProxyUrl("/proxy/back-in-stock", shop.domain, { secret: "not-the-secret" });
    const outcome = await post({ ...form, phone: "611 11 11 11" }, forged).catch((thrown) => thrown as Response);
    expect(outcome.status).toBe(400);
    expect(await prisma.customer.count({ where: { shopId: shop.id, phoneE164: "+34611111111" } })).toBe(0);
  });

  it("answers with a code the block can explain, and stores nothing, for bad input", async () => {
    const answers = await Promise.all([
      post({ ...form, consent: "" }),
      post({ ...form, phone: "91 234 56 78" }), // a Madrid landline
      post({ ...form, phone: "abc" }),
      post({ ...form, variant_id: "999" }),
    ]);
    expect(answers.map((r) => r.status)).toEqual([422, 422, 422, 422]);
    expect(await Promise.all(answers.map((r) => r.json()))).toMatchObject([
      { ok: false, code: "consent_required" },
      { ok: false, code: "invalid_phone", detail: "+34912345678 is a landline, which cannot receive WhatsApp messages" },
      { ok: false, code: "invalid_phone" },
      { ok: false, code: "unknown_variant" },
    ]);
    expect(await prisma.backInStockSubscription.count({ where: { shopId: shop.id } })).toBe(1);
  });
});

describe("the form's limits against subscribing strangers' numbers", () => {
  it("takes a few attempts per number an hour, then answers 429 and records no further consent", async () => {
    const number = { ...form, phone: "622 00 00 01" };
    for (let i = 0; i < storefrontLimits.perNumberPerHour; i++) expect((await post(number)).status).toBe(200);
    const consentsBefore = await prisma.consentChange.count({ where: { customer: { shopId: shop.id, phoneE164: "+34622000001" } } });

    const refused = await post(number);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(3000);
    expect(await refused.json()).toMatchObject({ ok: false, code: "rate_limited" });
    expect(await prisma.consentChange.count({ where: { customer: { shopId: shop.id, phoneE164: "+34622000001" } } })).toBe(consentsBefore);
    // Another number is not held back by it.
    expect((await post({ ...form, phone: "622 00 00 02" })).status).toBe(200);
  });

  it("stops one visitor subscribing many numbers, and only that visitor", async () => {
    const from = (ip: string) => ({ "X-Forwarded-For": `${ip}, 23.227.38.1` });
    const url = appProxyUrl("/proxy/back-in-stock", shop.domain);
    for (let i = 0; i < storefrontLimits.perVisitorPerHour; i++) {
      expect((await post({ ...form, phone: `633 00 01 ${String(i).padStart(2, "0")}` }, url, from("203.0.113.7"))).status).toBe(200);
    }
    const refused = await post({ ...form, phone: "633 00 02 00" }, url, from("203.0.113.7"));
    expect(refused.status).toBe(429);
    expect(await prisma.customer.count({ where: { shopId: shop.id, phoneE164: "+34633000200" } })).toBe(0);
    expect((await post({ ...form, phone: "633 00 02 00" }, url, from("198.51.100.4"))).status).toBe(200);
  });

  it("has a message for every answer in every language of the theme block", () => {
    const block = readFileSync("extensions/whatsapp-alerts/blocks/back-in-stock.liquid", "utf8");
    for (const file of readdirSync("extensions/whatsapp-alerts/locales").filter((f) => !f.includes("schema"))) {
      const messages = JSON.parse(readFileSync(`extensions/whatsapp-alerts/locales/${file}`, "utf8")).back_in_stock.messages;
      for (const code of subscribeAnswerCodes) {
        expect(messages[code], `${file}: ${code}`).toMatch(/\S/);
        expect(block).toContain(`"${code}": {{ 'back_in_stock.messages.${code}' | t | json }}`);
      }
    }
  });
});

describe("the tracking link", () => {
  it("sends the shopper on to the carrier's page", async () => {
    await prisma.shipment.create({
      data: { shopId: shop.id, fulfillmentId: "123456", trackingUrl: "https://www.ups.com/track?tracknum=1Z2345" },
    });
    const outcome = await track({
      request: new Request(appProxyUrl("/proxy/t/123456", shop.domain)),
      params: { fulfillmentId: "123456" },
      context: {},
    }).catch((thrown) => thrown as Response);
    expect(outcome.status).toBe(302);
    expect(outcome.headers.get("Location")).toBe("https://www.ups.com/track?tracknum=1Z2345");
    const unknown = (await track({
      request: new Request(appProxyUrl("/proxy/t/999", shop.domain)),
      params: { fulfillmentId: "999" },
      context: {},
    })) as Response;
    expect(unknown.status).toBe(404);
  });
});
