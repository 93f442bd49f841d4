import { randomUUID } from "node:crypto";
import type { Worker } from "bullmq";
import { MetaGraphStandIn, type StandInNumber } from "~/sandbox/meta-graph-stand-in";
import { interceptShopifyFetch, ShopifyAdminStandIn } from "~/sandbox/shopify-admin-stand-in";
import { startAppServer, type AppServer } from "./app-server";
import { shopifyWebhookHeaders, uniqueShop } from "./shopify";
import { waitFor } from "./wait";

/**
 * Everything outside our reach, at the network edge: Meta's Graph API and the Shopify Admin API
 * as loopback stand-ins, the app over real HTTP, and the workers (events, inbound, send,
 * maintenance) on the real PostgreSQL and Redis. Call before importing any app module — the
 * Shopify client keeps the fetch it finds at import.
 */
export async function startJourneyHarness(
  options: {
    workers?: boolean;
    pairPacingSeconds?: number;
    /** With no workers in this process or another: read WhatsApp's template verdicts inline. */
    readEventsInline?: boolean;
  } = {},
) {
  const graph = await MetaGraphStandIn.start({ appSecret: process.env.WHATSAPP_APP_SECRET! });
  graph.autoStatuses = { sentMs: 20, deliveredMs: 60 };
  const shopify = await ShopifyAdminStandIn.start();
  const restoreFetch = interceptShopifyFetch(shopify.url);
  process.env.WHATSAPP_GRAPH_URL = graph.url;
  process.env.PAIR_PACING_SECONDS = String(options.pairPacingSeconds ?? 1);
  process.env.WORKER_LOCK_MS = process.env.WORKER_LOCK_MS ?? "2000";

  const { prisma } = await import("~/db.server");
  const { createRedis } = await import("~/redis.server");
  const { closeQueues, getQueue, QueueName } = await import("~/jobs/queues.server");
  const { createRecordedEventWorker } = await import("~/jobs/event-worker.server");
  const { processShopifyEvent } = await import("~/jobs/shopify-events.server");
  const { processInboundWhatsAppEvent } = await import("~/jobs/inbound-events.server");
  const { createSendWorker } = await import("~/jobs/send.server");
  const { createMaintenanceWorker } = await import("~/jobs/maintenance.server");
  const { connectWhatsApp } = await import("~/models/whatsapp-connection.server");
  const { installStarterTemplates } = await import("~/models/template-lifecycle.server");
  const { recordInstall } = await import("~/models/shop.server");

  const app: AppServer = await startAppServer();
  graph.webhookUrl = `${app.url}/webhooks/whatsapp`;
  const connection = createRedis("worker");
  const workers: Worker[] =
    options.workers === false
      ? []
      : [
          createRecordedEventWorker("shopify", connection, processShopifyEvent),
          createRecordedEventWorker("whatsapp", connection, processInboundWhatsAppEvent),
          createSendWorker(connection),
          createMaintenanceWorker(connection),
        ];
  for (const worker of workers) void worker.run();

  /** A shop as an install leaves it: session, Cloud number, starter templates approved, journeys on. */
  async function installShop(label: string, settings: { throughputPerSecond?: number; quietHours?: boolean } = {}) {
    const domain = uniqueShop(label);
    await prisma.session.create({
      data: {
        id: `offline_${domain}`,
        shop: domain,
        state: "",
        isOnline: false,
        scope: process.env.SCOPES,
        accessToken: `shpat_${randomUUID()}`,
      },
    });
    const shop = await recordInstall(domain, "Trail Co");
    await prisma.shopSettings.update({
      where: { shopId: shop.id },
      data: {
        throughputPerSecond: settings.throughputPerSecond ?? 80,
        // Quiet hours off unless asked: a test must not depend on the time of day it runs at.
        ...(settings.quietHours ? {} : { quietHoursStart: 0, quietHoursEnd: 0 }),
      },
    });
    const number: StandInNumber = graph.addNumber({
      accessToken: `EAAG-${randomUUID()}`,
      messagingLimit: "TIER_10K",
      verifiedName: "Trail Co",
    });
    await connectWhatsApp(shop.id, {
      provider: "CLOUD",
      phoneNumberId: number.phoneNumberId,
      wabaId: number.wabaId,
      accessToken: number.accessToken,
    });
    // An established number: no warm-up ramp.
    await prisma.whatsAppConnection.updateMany({
      where: { shopId: shop.id },
      data: { connectedAt: new Date(Date.now() - 30 * 24 * 3600 * 1000) },
    });
    const summary = await installStarterTemplates(shop.id, { languages: ["en", "es"], storefrontDomain: domain });
    if (summary.failed.length) throw new Error(summary.failed.join("; "));
    for (const template of graph.templates.filter((t) => t.wabaId === number.wabaId)) await graph.reviewTemplate(template.id, "APPROVED");
    if (options.readEventsInline) {
      for (const event of await prisma.whatsAppEvent.findMany({
        where: { shopId: shop.id, processedAt: null },
        orderBy: { receivedAt: "asc" },
      }))
        await processInboundWhatsAppEvent(event.id, { isFinalAttempt: false });
    }
    await waitFor(
      async () =>
        (await prisma.templateVersion.count({ where: { status: "APPROVED", variant: { template: { shopId: shop.id } } } })) === 14,
      {
        what: "the starter templates to be approved",
      },
    );
    return { shop, domain, number };
  }

  /** Shopify delivers a webhook to the app over HTTP; resolves with the HTTP status. */
  async function deliver(domain: string, topic: string, body: string, webhookId = randomUUID()) {
    const path = { orders: "/webhooks/orders", fulfillments: "/webhooks/fulfillments", inventory_levels: "/webhooks/inventory" }[
      topic.split("/")[0]
    ]!;
    const response = await fetch(`${app.url}${path}`, {
      method: "POST",
      headers: shopifyWebhookHeaders({ topic, shop: domain, body, webhookId }),
      body,
    });
    return response.status;
  }

  /**
   * A sold-out variant in the Shopify stand-in with `waiting` shoppers subscribed to it (marketing
   * consent from the storefront, oldest first, numbers +34 600 000 000 upwards). `restock(n)` sets
   * the stock and delivers Shopify's `inventory_levels/update` for it.
   */
  async function soldOutVariant(
    shop: { id: string },
    domain: string,
    spec: { variantId: string; inventoryItemId: string; title?: string; product: string; waiting: number },
  ) {
    const variant = shopify.addVariant(domain, {
      id: `gid://shopify/ProductVariant/${spec.variantId}`,
      title: spec.title ?? "Default Title",
      inventoryItemId: `gid://shopify/InventoryItem/${spec.inventoryItemId}`,
      inventoryQuantity: 0,
      product: {
        id: `gid://shopify/Product/${spec.variantId}0`,
        title: spec.product,
        handle: spec.product.toLowerCase().replaceAll(" ", "-"),
      },
    });
    const customers = await prisma.customer.createManyAndReturn({
      data: Array.from({ length: spec.waiting }, (_, i) => ({ shopId: shop.id, phoneE164: `+34${600_000_000 + i}` })),
    });
    await prisma.consent.createMany({
      data: customers.map((c) => ({ customerId: c.id, purpose: "MARKETING" as const, granted: true, source: "STOREFRONT" as const })),
    });
    const start = Date.now() - spec.waiting * 1000;
    await prisma.backInStockSubscription.createMany({
      data: customers.map((c, i) => ({
        shopId: shop.id,
        customerId: c.id,
        variantId: variant.id,
        inventoryItemId: variant.inventoryItemId,
        source: "STOREFRONT" as const,
        createdAt: new Date(start + i * 1000),
      })),
    });
    const restock = (available: number) => {
      shopify.setStock(domain, variant.id, available);
      // Written as text, as Shopify sends it: the 64-bit inventory item id must keep every digit.
      const body = `{"inventory_item_id":${spec.inventoryItemId},"location_id":24826418,"available":${available},"updated_at":"${new Date().toISOString()}"}`;
      return deliver(domain, "inventory_levels/update", body);
    };
    return { variant, customers, restock };
  }

  /** Messages the Graph API stand-in accepted for a number, in the order it received them. */
  function sentTo(number: StandInNumber) {
    return graph.acceptedSends(number.phoneNumberId).map((r) => ({
      at: r.at,
      body: r.body as {
        to: string;
        type: string;
        template?: { name: string; language: { code: string }; components?: unknown[] };
        text?: { body: string };
        interactive?: unknown;
        biz_opaque_callback_data?: string;
      },
    }));
  }

  async function stop() {
    await Promise.all(workers.map((worker) => worker.close()));
    connection.disconnect();
    await getQueue(QueueName.send)
      .obliterate({ force: true })
      .catch(() => undefined);
    await closeQueues();
    await app.close();
    restoreFetch();
    await graph.close();
    await shopify.close();
  }

  return { graph, shopify, app, prisma, installShop, deliver, soldOutVariant, sentTo, stop };
}
