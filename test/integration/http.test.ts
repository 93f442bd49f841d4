import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import express from "express";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import { createServer, type ViteDevServer } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getJwt } from "@shopify/shopify-api/test-helpers";
import { installShop } from "../support/db";
import { shopifyFixture, shopifyWebhookHeaders, uniqueShop } from "../support/shopify";

// The whole Remix app (routes, entry.server, root) built by Remix's Vite plugin from
// vite.config.ts and remix.config.js, served by Express on a loopback port: requests travel
// over real HTTP through the same route table as in production.
let vite: ViteDevServer;
let server: Server;
let baseUrl: string;
let prisma: typeof import("~/db.server").prisma;

beforeAll(async () => {
  vite = await createServer({ server: { middlewareMode: true, hmr: false }, appType: "custom", logLevel: "silent" });
  const build = (await vite.ssrLoadModule("virtual:remix/server-build")) as ServerBuild;
  ({ prisma } = (await vite.ssrLoadModule("/app/db.server.ts")) as typeof import("~/db.server"));
  const app = express();
  app.all("*", createRequestHandler({ build, mode: "production" }));
  server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  const queues = (await vite.ssrLoadModule("/app/jobs/queues.server.ts")) as typeof import("~/jobs/queues.server");
  await queues.closeQueues();
  await vite?.close();
});

describe("over HTTP", () => {
  it("a signed orders/create POSTed to /webhooks/orders is recorded", async () => {
    const shop = uniqueShop("http");
    const body = shopifyFixture("orders-create");
    const headers = shopifyWebhookHeaders({ topic: "orders/create", shop, body });

    const response = await fetch(`${baseUrl}/webhooks/orders`, { method: "POST", headers, body });

    expect(response.status).toBe(200);
    const event = await prisma.shopifyEvent.findUniqueOrThrow({ where: { webhookId: headers["X-Shopify-Webhook-Id"] } });
    expect(event).toMatchObject({ topic: "orders/create", shopDomain: shop, payload: body });
  });

  it("a GET on a webhook route is 405", async () => {
    expect((await fetch(`${baseUrl}/webhooks/compliance`)).status).toBe(405);
  });

  it("the embedded home page renders for a shop opening the app in the admin", async () => {
    const shop = uniqueShop("embedded");
    await installShop(shop);
    const { token } = await getJwt(shop.replace(".myshopify.com", ""), process.env.SHOPIFY_API_KEY!, process.env.SHOPIFY_API_SECRET!);
    const host = Buffer.from(`admin.shopify.com/store/${shop.replace(".myshopify.com", "")}`).toString("base64");

    const response = await fetch(`${baseUrl}/app?embedded=1&shop=${shop}&host=${host}&id_token=${token}`, {
      // The admin is a browser; Shopify's library turns away bots (and Node's fetch looks like one).
      headers: { "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/156.0 Safari/537.36" },
    });

    expect(response.status).toBe(200);
    // The frame-ancestors policy the App Store requires for embedded apps.
    expect(response.headers.get("content-security-policy")).toContain(`frame-ancestors https://${shop} https://admin.shopify.com`);
    const html = await response.text();
    expect(html).toContain("Store events in the last 24 hours");
    expect(html).toContain("No store events yet");
  });
});
