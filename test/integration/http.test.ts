import { getJwt } from "@shopify/shopify-api/test-helpers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { starterLibrary } from "~/domain/starter-templates";
import { createTemplate } from "~/models/template.server";
import { startAppServer, type AppServer } from "../support/app-server";
import { installShop } from "../support/db";
import { shopifyFixture, shopifyWebhookHeaders, uniqueShop } from "../support/shopify";

let app: AppServer;
beforeAll(async () => {
  app = await startAppServer();
});
afterAll(() => app.close());

// The admin is a browser; Shopify's library turns away bots (and Node's fetch looks like one).
const browser = { "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/156.0 Safari/537.36" };

async function openEmbedded(shop: string, path: string) {
  const store = shop.replace(".myshopify.com", "");
  const { token } = await getJwt(store, process.env.SHOPIFY_API_KEY!, process.env.SHOPIFY_API_SECRET!);
  const host = Buffer.from(`admin.shopify.com/store/${store}`).toString("base64");
  return fetch(`${app.url}${path}?embedded=1&shop=${shop}&host=${host}&id_token=${token}`, { headers: browser });
}

describe("over HTTP", () => {
  it("a signed orders/create POSTed to /webhooks/orders is recorded", async () => {
    const shop = uniqueShop("http");
    const body = shopifyFixture("orders-create");
    const headers = shopifyWebhookHeaders({ topic: "orders/create", shop, body });

    const response = await fetch(`${app.url}/webhooks/orders`, { method: "POST", headers, body });

    expect(response.status).toBe(200);
    const event = await prisma.shopifyEvent.findUniqueOrThrow({ where: { webhookId: headers["X-Shopify-Webhook-Id"] } });
    expect(event).toMatchObject({ topic: "orders/create", shopDomain: shop, payload: body });
  });

  it("a GET on a webhook route is 405", async () => {
    expect((await fetch(`${app.url}/webhooks/compliance`)).status).toBe(405);
  });

  it("the embedded home page renders for a shop opening the app in the admin", async () => {
    const shop = uniqueShop("embedded");
    await installShop(shop);

    const response = await openEmbedded(shop, "/app");

    expect(response.status).toBe(200);
    // The frame-ancestors policy the App Store requires for embedded apps.
    expect(response.headers.get("content-security-policy")).toContain(`frame-ancestors https://${shop} https://admin.shopify.com`);
    const html = await response.text();
    expect(html).toContain("Store events in the last 24 hours");
    expect(html).toContain("No store events yet");
  });

  it("the settings page renders the provider choice for a shop with no number yet", async () => {
    const shop = uniqueShop("settings");
    await installShop(shop);

    const response = await openEmbedded(shop, "/app/settings");

    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("No WhatsApp number is connected yet");
    expect(html).toContain("WhatsApp Cloud API (Meta)");
    expect(html).toContain("UltraMsg");
    expect(html).toContain("Sandbox (no real messages)");
  });
});

describe("the template pages over HTTP", () => {
  it("render the list and an editor with its WhatsApp preview, right to left for Arabic", async () => {
    const shop = uniqueShop("template-pages");
    const { id: shopId } = await installShop(shop);
    const starter = starterLibrary("trail.example.com").find((t) => t.step === "shipped")!;
    const template = await createTemplate(shopId, {
      name: starter.name,
      category: starter.category,
      purposes: [starter.step],
      language: "ar",
      content: starter.variants.ar,
    });

    const listPage = await (await openEmbedded(shop, "/app/templates")).text();
    expect(listPage).toContain("wj_shipped");
    expect(listPage).toContain("ar · Draft");

    const editorPage = await openEmbedded(shop, `/app/templates/${template.id}`);
    expect(editorPage.status).toBe(200);
    const html = await editorPage.text();
    expect(html).toMatch(/data-testid="whatsapp-preview"[^>]*dir="rtl"|dir="rtl"[^>]*data-testid="whatsapp-preview"/);
    expect(html).toContain("تتبّع الطرد"); // the button, in Arabic
    expect(html).toContain("Version history");
    expect(html).toContain("Submit for review");
  });
});
