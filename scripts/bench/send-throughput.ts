/**
 * How fast the send pipeline is, against a baseline measured in the same run on the same
 * machine: Meta's Graph API stand-in driven directly over HTTP, with no app in between.
 *
 *   npm run bench            (or: npm run bench -- --alerts 2000 --workers 2 --no-statuses)
 *
 * 1. Baseline: template sends POSTed straight to the stand-in, 16 in flight (the send worker's
 *    concurrency) — what the network edge here can take.
 * 2. Pipeline: a back-in-stock restock with that many waiting shoppers, through the real path —
 *    signed inventory webhook → event worker → fan-out → outbox → send worker → stand-in — with
 *    the number's limit set out of the way, so the pipeline's own ceiling shows.
 * 3. The default per-number limit (80/s): the same restock on a second shop, to see whether
 *    the pipeline keeps up with the limit a merchant gets out of the box.
 * 4. Webhook answer time: signed orders/create deliveries until the 200, against a GET on the
 *    same route, which answers 405 with no work.
 *
 * Prints ratios, not verdicts: a machine's speed changes the numbers, not the ratios much.
 * The web app, the stand-ins and this script share one process; the workers run in another, as
 * in production. Uses its own database (whatsapp_journeys_bench) and queue prefix on the local
 * PostgreSQL and Redis.
 */
import { spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { parseArgs } from "node:util";

const { values: args } = parseArgs({
  options: {
    alerts: { type: "string", default: "1000" },
    workers: { type: "string", default: "1" },
    "no-statuses": { type: "boolean", default: false },
  },
});
const alerts = Number(args.alerts);
const workerCount = Number(args.workers);

Object.assign(process.env, {
  NODE_ENV: "test",
  LOG_LEVEL: "silent",
  DATABASE_URL: process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/whatsapp_journeys_bench",
  REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379/0",
  QUEUE_PREFIX: `wj-bench-${randomBytes(4).toString("hex")}`,
  SHOPIFY_API_KEY: "bench-client-id",
  SHOPIFY_API_SECRET: randomBytes(24).toString("hex"),
  SHOPIFY_APP_URL: "https://journeys.bench",
  SCOPES: "read_orders,read_fulfillments,read_customers,read_inventory,read_products,write_draft_orders",
  ENCRYPTION_KEY: randomBytes(32).toString("base64"),
  WHATSAPP_GRAPH_URL: "http://127.0.0.1:9",
  WHATSAPP_APP_SECRET: randomBytes(24).toString("hex"),
  WHATSAPP_VERIFY_TOKEN: randomBytes(12).toString("hex"),
});

const { deployMigrations, dropDatabase } = await import("../db.mjs");
await dropDatabase(process.env.DATABASE_URL!);
await deployMigrations(process.env.DATABASE_URL!);

const { startJourneyHarness } = await import("../../test/support/journey-harness");
const { shopifyFixture, shopifyWebhookHeaders } = await import("../../test/support/shopify");
const { waitFor } = await import("../../test/support/wait");
const { GRAPH_API_VERSION } = await import("~/whatsapp/cloud/graph-client.server");
// As production runs it: the web app here (with the stand-ins), the workers in a process of their own.
const harness = await startJourneyHarness({ workers: false, readEventsInline: true });
const { graph, prisma, shopify } = harness;
// Meta reports sent and delivered for every message; --no-statuses shows what the send path alone does.
if (args["no-statuses"]) graph.autoStatuses = undefined;
const workers = Array.from({ length: workerCount }, () =>
  spawn(
    process.execPath,
    [
      ...(process.env.BENCH_PROFILE_DIR ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : []),
      "--import",
      "tsx",
      "--import",
      "./app/sandbox/shopify-fetch-preload.ts",
      "app/jobs/worker.ts",
    ],
    {
      env: { ...process.env, SHOPIFY_ADMIN_STAND_IN_URL: shopify.url, LOG_LEVEL: "warn" },
      stdio: ["ignore", "ignore", "inherit"],
    },
  ),
);

const rate = (count: number, ms: number) => (count / ms) * 1000;
const fmt = (n: number, digits = 1) => n.toFixed(digits);
const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length * 0.95)];

/** Sends accepted by the stand-in for a number, first to last, as a rate. */
async function restockRate(label: string, throughputPerSecond: number, variantId: string) {
  const { shop, domain, number } = await harness.installShop(label, { throughputPerSecond });
  const { restock } = await harness.soldOutVariant(shop, domain, {
    variantId,
    inventoryItemId: `${variantId}1`,
    product: "Bench Runner",
    waiting: alerts,
  });
  const started = Date.now();
  await restock(alerts + 10);
  await waitFor(() => harness.sentTo(number).length >= alerts, { what: `${label}: every alert sent`, timeoutMs: 600_000, intervalMs: 100 });
  const times = harness.sentTo(number).map((s) => s.at.getTime());
  return { perSecond: rate(alerts - 1, Math.max(...times) - Math.min(...times)), firstAfterMs: Math.min(...times) - started };
}

try {
  // 1. Baseline: straight to the stand-in.
  const number = graph.addNumber({ accessToken: `EAAG-${randomUUID()}`, messagingLimit: "TIER_UNLIMITED" });
  const body = (i: number) =>
    JSON.stringify({
      messaging_product: "whatsapp",
      to: `+34${700_000_000 + i}`,
      type: "template",
      template: { name: "wj_back_in_stock", language: { code: "en" }, components: [] },
    });
  let next = 0;
  const baselineStart = Date.now();
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < alerts) {
        const i = next++;
        const response = await fetch(`${graph.url}/${GRAPH_API_VERSION}/${number.phoneNumberId}/messages`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${number.accessToken}` },
          body: body(i),
        });
        await response.arrayBuffer();
      }
    }),
  );
  const baseline = rate(alerts, Date.now() - baselineStart);

  // 2 and 3. The pipeline, unbounded, then at the default limit.
  const unbounded = await restockRate("bench-unbounded", 100_000, "510000");
  const atDefault = await restockRate("bench-default", 80, "520000");

  // 4. Webhook answer time.
  const { domain } = await harness.installShop("bench-webhooks");
  const order = shopifyFixture("orders-create").replaceAll("Cash on Delivery (COD)", "shopify_payments");
  const webhookMs: number[] = [];
  const healthMs: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t0 = performance.now();
    const health = await fetch(`${harness.app.url}/webhooks/orders`); // the same route, answering 405 at once
    await health.arrayBuffer();
    healthMs.push(performance.now() - t0);
    const body = order.replaceAll("820982911946154508", String(900_000_000_000 + i));
    const t1 = performance.now();
    const response = await fetch(`${harness.app.url}/webhooks/orders`, {
      method: "POST",
      headers: shopifyWebhookHeaders({ topic: "orders/create", shop: domain, body, webhookId: randomUUID() }),
      body,
    });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`orders/create answered ${response.status}`);
    webhookMs.push(performance.now() - t1);
  }
  const memory = process.memoryUsage();
  const { readFileSync } = await import("node:fs");
  const workerRssKiB = workers.map((worker) =>
    Number(readFileSync(`/proc/${worker.pid}/status`, "utf8").match(/VmRSS:\s+(\d+)/)?.[1] ?? 0),
  );

  console.log(`
Send pipeline, ${alerts} back-in-stock alerts (this machine, ${workerCount} worker process(es) beside the web process${
    args["no-statuses"] ? ", no status webhooks" : ", with Meta's sent and delivered webhooks for each"
  })
  baseline: stand-in alone, 16 in flight      ${fmt(baseline)} msg/s
  pipeline, limit out of the way              ${fmt(unbounded.perSecond)} msg/s   ratio to baseline ${fmt(unbounded.perSecond / baseline, 2)}
  pipeline, default limit 80/s                ${fmt(atDefault.perSecond)} msg/s   ratio to the limit ${fmt(atDefault.perSecond / 80, 2)}
  webhook to first alert                      ${fmt(unbounded.firstAfterMs, 0)} ms

Webhook answer time, 200 signed orders/create (sequential)
  baseline: GET, answered 405 median ${fmt(median(healthMs))} ms   p95 ${fmt(p95(healthMs))} ms
  orders/create until 200     median ${fmt(median(webhookMs))} ms   p95 ${fmt(p95(webhookMs))} ms   ratio (median) ${fmt(median(webhookMs) / median(healthMs), 2)}

Memory: worker process rss ${workerRssKiB.map((kib) => `${fmt(kib / 1024, 0)} MiB`).join(", ")}; web process with the stand-ins rss ${fmt(memory.rss / 2 ** 20, 0)} MiB
`);
  await prisma.$disconnect();
} finally {
  for (const worker of workers) worker.kill("SIGTERM");
  await Promise.race([harness.stop(), new Promise((resolve) => setTimeout(resolve, 5_000))]);
}
process.exit(0);
