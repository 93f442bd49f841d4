#!/usr/bin/env node
// @ts-check
// `npm run demo`: the app on this machine's PostgreSQL and Redis, with no Shopify account.
//
// Builds the app, applies migrations to its own database (whatsapp_journeys_demo), starts the
// web process and a worker exactly as production runs them, installs a demo shop, and plays
// Shopify's part: signed webhooks over HTTP, including a duplicate delivery. Then it prints
// what happened and where to look, and keeps running until Ctrl-C.
//   npm run demo -- --check    run the same, print the summary, stop, and exit non-zero on a problem
import { spawn, spawnSync } from "node:child_process";
import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import net from "node:net";
import pg from "pg";
import { getJwt } from "@shopify/shopify-api/test-helpers";
import { deployMigrations } from "./db.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const checkOnly = process.argv.includes("--check");
const shop = "demo-store.myshopify.com";
const port = Number(process.env.DEMO_PORT ?? 3000);
const appUrl = `http://localhost:${port}`;

/** Demo settings: local services, secrets generated once per checkout (kept in .demo/, never committed). */
function demoEnv() {
  const dir = path.join(root, ".demo");
  const secretsFile = path.join(dir, "secrets.json");
  mkdirSync(dir, { recursive: true });
  if (!existsSync(secretsFile)) {
    const secrets = {
      SHOPIFY_API_SECRET: randomBytes(24).toString("hex"),
      ENCRYPTION_KEY: randomBytes(32).toString("base64"),
      WHATSAPP_APP_SECRET: randomBytes(24).toString("hex"),
      WHATSAPP_VERIFY_TOKEN: randomBytes(12).toString("hex"),
    };
    writeFileSync(secretsFile, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  return {
    ...process.env,
    NODE_ENV: "production",
    LOG_LEVEL: process.env.DEMO_LOG_LEVEL ?? "warn",
    PORT: String(port),
    DATABASE_URL: process.env.DEMO_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/whatsapp_journeys_demo",
    REDIS_URL: process.env.DEMO_REDIS_URL ?? "redis://127.0.0.1:6379/0",
    QUEUE_PREFIX: "wj-demo",
    SHOPIFY_API_KEY: "demo-client-id",
    SHOPIFY_APP_URL: appUrl,
    SCOPES: "read_orders,read_fulfillments,read_customers,read_inventory,read_products,write_draft_orders",
    WHATSAPP_GRAPH_URL: "http://127.0.0.1:9",
    ...JSON.parse(readFileSync(secretsFile, "utf8")),
  };
}

/** @param {string} message */
function step(message) {
  console.log(`\n▸ ${message}`);
}

/** @param {string} command @param {string[]} args @param {NodeJS.ProcessEnv} env */
function run(command, args, env) {
  const result = spawnSync(command, args, { cwd: root, env, stdio: "inherit" });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed`);
}

/** @param {string} name @param {string} script @param {NodeJS.ProcessEnv} env */
function startProcess(name, script, env) {
  const child = spawn(process.execPath, ["--enable-source-maps", script], { cwd: root, env, stdio: ["ignore", "inherit", "inherit"] });
  child.on("exit", (code, signal) => {
    if (!stopping) {
      console.error(`${name} exited (${signal ?? code}); stopping the demo.`);
      void shutdown(1);
    }
  });
  return child;
}

/** @param {string} url */
async function waitForHttp(url, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Shopify's part: POST a signed webhook to the running app. */
/**
 * @param {Record<string, string>} env @param {string} topic @param {string} uri @param {string} fixture
 */
async function sendWebhook(env, topic, uri, fixture, webhookId = randomUUID()) {
  const body = readFileSync(path.join(root, "test", "fixtures", "shopify", `${fixture}.json`), "utf8").replaceAll(
    "{shop}.myshopify.com",
    shop,
  );
  const response = await fetch(`${appUrl}${uri}`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "X-Shopify-Topic": topic,
      "X-Shopify-Shop-Domain": shop,
      "X-Shopify-API-Version": "2026-10",
      "X-Shopify-Webhook-Id": webhookId,
      "X-Shopify-Event-Id": randomUUID(),
      "X-Shopify-Triggered-At": new Date().toISOString(),
      "X-Shopify-Hmac-Sha256": createHmac("sha256", env.SHOPIFY_API_SECRET).update(body).digest("base64"),
    },
    body,
  });
  console.log(`  ${topic.padEnd(24)} → ${response.status}`);
  return webhookId;
}

let stopping = false;
// However the demo ends, its web and worker processes end with it.
process.on("exit", () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
});
/** @type {import("node:child_process").ChildProcess[]} */
const children = [];
async function shutdown(code = 0) {
  stopping = true;
  await Promise.all(
    children.map(
      (child) =>
        new Promise((resolve) => {
          if (child.exitCode !== null) return resolve(undefined);
          child.once("exit", resolve);
          child.kill("SIGTERM");
        }),
    ),
  );
  process.exit(code);
}

/** @param {number} candidate */
function portIsFree(candidate) {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", () => resolve(false));
    probe.listen(candidate, () => probe.close(() => resolve(true)));
  });
}

async function main() {
  const env = demoEnv();
  if (!(await portIsFree(port))) {
    throw new Error(`port ${port} is in use (another demo or dev server?). Stop it, or run with DEMO_PORT=3100.`);
  }

  step("Building the app (npm run build)");
  run("npm", ["run", "--silent", "build"], env);

  step("Preparing the demo database");
  const applied = await deployMigrations(env.DATABASE_URL);
  console.log(applied.length ? `  applied ${applied.join(", ")}` : "  up to date");

  step("Installing the demo shop (an offline session, as token exchange would store it)");
  const db = new pg.Client({ connectionString: env.DATABASE_URL });
  await db.connect();
  await db.query(
    `INSERT INTO "Session" (id, shop, state, "isOnline", scope, "accessToken") VALUES ($1, $2, '', false, $3, 'demo-offline-token')
     ON CONFLICT (id) DO NOTHING`,
    [`offline_${shop}`, shop, env.SCOPES],
  );
  await db.query(
    `WITH s AS (INSERT INTO "Shop" (id, domain, "updatedAt") VALUES (gen_random_uuid(), $1, now())
       ON CONFLICT (domain) DO UPDATE SET status = 'INSTALLED', "uninstalledAt" = NULL RETURNING id)
     INSERT INTO "ShopSettings" ("shopId", "updatedAt") SELECT id, now() FROM s ON CONFLICT ("shopId") DO NOTHING`,
    [shop],
  );
  console.log(`  ${shop}`);

  step(`Starting the web process on ${appUrl} and a worker`);
  children.push(startProcess("web", "build/bin/server.js", env));
  children.push(startProcess("worker", "build/bin/worker.js", env));
  await waitForHttp(`${appUrl}/healthz`);

  // The admin's own actions, over HTTP with a session token, as App Bridge sends them from the
  // browser (Shopify's library turns away requests that do not look like one).
  const { token } = await getJwt(shop.replace(".myshopify.com", ""), env.SHOPIFY_API_KEY, env.SHOPIFY_API_SECRET);
  const browser = {
    Authorization: `Bearer ${token}`,
    "Content-Type": "application/x-www-form-urlencoded",
    "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36",
  };
  /** @param {string} path @param {Record<string, string> | URLSearchParams} fields */
  const admin = (path, fields) =>
    fetch(`${appUrl}${path}`, {
      method: "POST",
      headers: browser,
      body: fields instanceof URLSearchParams ? fields : new URLSearchParams(fields),
    });

  step("Connecting the demo shop to the WhatsApp sandbox (Settings)");
  console.log(`  ${(await admin("/app/settings", { intent: "connect", provider: "SANDBOX" })).status === 200 ? "connected" : "FAILED"}`);

  step("Installing the starter templates in English, Spanish and Arabic (Templates)");
  const install = new URLSearchParams({ intent: "install" });
  for (const language of ["en", "es", "ar"]) install.append("languages", language);
  await admin("/app/templates?index", install);
  const approvedBy = Date.now() + 30_000;
  let approved = 0;
  while (Date.now() < approvedBy) {
    ({
      rows: [{ approved }],
    } = await db.query(
      `SELECT count(*)::int AS approved FROM "TemplateVersion" v JOIN "TemplateVariant" va ON va.id = v."variantId"
       JOIN "Template" t ON t.id = va."templateId" JOIN "Shop" s ON s.id = t."shopId" WHERE s.domain = $1 AND v.status = 'APPROVED'`,
      [shop],
    ));
    if (approved >= 21) break;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  console.log(`  ${approved} template languages approved by the sandbox's review`);

  step("Playing Shopify: signed webhooks over HTTP");
  const ids = [
    await sendWebhook(env, "orders/create", "/webhooks/orders", "orders-create"),
    await sendWebhook(env, "fulfillments/update", "/webhooks/fulfillments", "fulfillments-update"),
    await sendWebhook(env, "inventory_levels/update", "/webhooks/inventory", "inventory-levels-update"),
  ];
  const duplicate = ids[0];
  await sendWebhook(env, "orders/create", "/webhooks/orders", "orders-create", duplicate);
  console.log("  (the last one is a redelivery of the first: answered 200, recorded once)");

  step("Waiting for the worker");
  const deadline = Date.now() + 30_000;
  let rows = [];
  while (Date.now() < deadline) {
    ({ rows } = await db.query(
      `SELECT topic, status, outcome, "webhookId" FROM "ShopifyEvent" WHERE "webhookId" = ANY($1) ORDER BY "receivedAt"`,
      [ids],
    ));
    if (rows.length === ids.length && rows.every((row) => row.status === "PROCESSED")) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  for (const row of rows) console.log(`  ${row.topic.padEnd(24)} ${row.status.padEnd(10)} ${row.outcome ?? ""}`);
  const ok = rows.length === ids.length && rows.every((row) => row.status === "PROCESSED") && approved >= 21;
  await db.end();

  const host = Buffer.from(`admin.shopify.com/store/${shop.replace(".myshopify.com", "")}`).toString("base64");
  console.log(`
Where to look
  Admin pages (as the Shopify admin opens them; the links are valid for an hour):
    Home       ${appUrl}/app?embedded=1&shop=${shop}&host=${host}&id_token=${token}
    Templates  ${appUrl}/app/templates?embedded=1&shop=${shop}&host=${host}&id_token=${token}
    Settings   ${appUrl}/app/settings?embedded=1&shop=${shop}&host=${host}&id_token=${token}
  Health check:           ${appUrl}/healthz
  Events in PostgreSQL:   psql ${env.DATABASE_URL} -c 'SELECT topic, status, outcome FROM "ShopifyEvent"'
  Queues in Redis:        redis-cli --scan --pattern 'wj-demo:*'
`);

  if (checkOnly) {
    console.log(
      ok
        ? "Demo check passed: sandbox connected, starter templates approved, every webhook recorded once and processed."
        : "Demo check FAILED.",
    );
    await shutdown(ok ? 0 : 1);
    return;
  }
  console.log("Running. Press Ctrl-C to stop.");
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));
}

main().catch(async (error) => {
  console.error(`Demo failed: ${error?.message ?? error}`);
  await shutdown(1);
});
