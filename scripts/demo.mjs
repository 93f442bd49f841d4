#!/usr/bin/env node
// @ts-check
// `npm run demo`: the app on this machine's PostgreSQL and Redis, with no Shopify account.
//
// Builds the app, applies migrations to its own database (whatsapp_journeys_demo), starts the
// web process and a worker exactly as production runs them, installs a fresh demo shop on the
// WhatsApp sandbox, and plays Shopify's part: signed webhooks over HTTP (including a duplicate
// delivery), a shopper's "Notify me on WhatsApp" form through the app proxy, and the Admin API
// as a loopback stand-in. Then it prints what the shopper's phone received and where to look,
// and keeps running until Ctrl-C.
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
import { deleteRedisKeys } from "./redis.mjs";

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
  // The preload routes Admin API calls for *.myshopify.com to the demo's stand-in (see below).
  const preload = path.join(root, ".demo", "bin", "shopify-fetch-preload.js");
  const child = spawn(process.execPath, ["--enable-source-maps", "--import", preload, script], {
    cwd: root,
    env,
    stdio: ["ignore", "inherit", "inherit"],
  });
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

/**
 * The storefront's "Notify me on WhatsApp" form as Shopify's app proxy forwards it: signed
 * query parameters (HMAC-SHA256 of the sorted pairs with the app's secret).
 * @param {Record<string, string>} env @param {Record<string, string>} fields
 */
function storefrontSubscribe(env, fields) {
  /** @type {Record<string, string>} */
  const params = { shop, path_prefix: "/apps/whatsapp", timestamp: String(Math.floor(Date.now() / 1000)), logged_in_customer_id: "" };
  const message = Object.keys(params)
    .sort()
    .map((key) => `${key}=${params[key]}`)
    .join("");
  const signature = createHmac("sha256", env.SHOPIFY_API_SECRET).update(message).digest("hex");
  return fetch(`${appUrl}/proxy/back-in-stock?${new URLSearchParams({ ...params, signature })}`, {
    method: "POST",
    body: new URLSearchParams(fields),
  });
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

  step("Installing a fresh demo shop (an offline session, as token exchange would store it)");
  const db = new pg.Client({ connectionString: env.DATABASE_URL });
  await db.connect();
  // Each run starts from a newly installed shop: last run's templates, shoppers and messages go.
  await db.query(`DELETE FROM "Shop" WHERE domain = $1`, [shop]);
  await db.query(`DELETE FROM "Session" WHERE shop = $1`, [shop]);
  await db.query(
    `INSERT INTO "Session" (id, shop, state, "isOnline", scope, "accessToken") VALUES ($1, $2, '', false, $3, 'demo-offline-token')`,
    [`offline_${shop}`, shop, env.SCOPES],
  );
  // Quiet hours (21:00–09:00 in the shopper's time zone by default) would hold the back-in-stock
  // alert until morning; the demo switches them off so it shows at any hour.
  await db.query(
    `WITH s AS (INSERT INTO "Shop" (id, domain, name, "updatedAt") VALUES (gen_random_uuid(), $1, 'Demo Store', now()) RETURNING id)
     INSERT INTO "ShopSettings" ("shopId", "quietHoursStart", "quietHoursEnd", "updatedAt") SELECT id, 0, 0, now() FROM s`,
    [shop],
  );
  // …and so do last run's queues and the storefront form's per-number limits, which would
  // otherwise turn away this run's subscriber when the demo runs more than a few times an hour.
  await deleteRedisKeys(env.REDIS_URL, `${env.QUEUE_PREFIX}:*`);
  console.log(`  ${shop}`);

  step("Playing Shopify's Admin API: a loopback stand-in with one sold-out product");
  run(
    "npx",
    [
      "esbuild",
      "app/sandbox/shopify-admin-stand-in.ts",
      "app/sandbox/shopify-fetch-preload.ts",
      "--bundle",
      "--platform=node",
      "--format=esm",
      "--target=node22",
      "--packages=external",
      "--outdir=.demo/bin",
      "--log-level=warning",
    ],
    env,
  );
  const { ShopifyAdminStandIn } = await import(path.join(root, ".demo", "bin", "shopify-admin-stand-in.js"));
  const shopifyAdmin = await ShopifyAdminStandIn.start();
  env.SHOPIFY_ADMIN_STAND_IN_URL = shopifyAdmin.url;
  // The variant in the inventory webhook fixture (inventory item 271878346596884015).
  shopifyAdmin.addVariant(shop, {
    id: "gid://shopify/ProductVariant/808950810",
    title: "42 / Blue",
    inventoryItemId: "gid://shopify/InventoryItem/271878346596884015",
    inventoryQuantity: 0,
    product: { id: "gid://shopify/Product/632910392", title: "Trail Runner 2", handle: "trail-runner-2" },
  });
  console.log(`  Trail Runner 2 (42 / Blue): sold out, at ${shopifyAdmin.url}`);

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

  step("A shopper asks to be told on WhatsApp when the sold-out shoes are back (storefront block → app proxy)");
  const subscriber = await storefrontSubscribe(env, {
    variant_id: "808950810",
    phone: "07911 123456",
    country: "GB",
    consent: "on",
    locale: "en",
  });
  console.log(`  +44 7911 123456 → ${subscriber.status} ${JSON.stringify(await subscriber.json())}`);

  step("Playing Shopify: signed webhooks over HTTP");
  const ids = [await sendWebhook(env, "orders/create", "/webhooks/orders", "orders-create")];
  const duplicate = ids[0];
  await sendWebhook(env, "orders/create", "/webhooks/orders", "orders-create", duplicate);
  console.log("  (a redelivery of the order: answered 200, recorded once, one message)");
  ids.push(await sendWebhook(env, "fulfillments/update", "/webhooks/fulfillments", "fulfillments-update"));
  shopifyAdmin.setStock(shop, "gid://shopify/ProductVariant/808950810", 7);
  ids.push(await sendWebhook(env, "inventory_levels/update", "/webhooks/inventory", "inventory-levels-update"));

  step("Waiting for the worker");
  const expectedSteps = ["cod_confirmation", "shipped", "back_in_stock"];
  const deadline = Date.now() + 45_000;
  let rows = [];
  /** @type {any[]} */
  let messages = [];
  for (;;) {
    ({ rows } = await db.query(
      `SELECT topic, status, outcome, "webhookId" FROM "ShopifyEvent" WHERE "webhookId" = ANY($1) ORDER BY "receivedAt"`,
      [ids],
    ));
    ({ rows: messages } = await db.query(
      `SELECT m."journeyStep", m."toPhone", m.status, m."scheduledAt", m.content FROM "Message" m JOIN "Shop" s ON s.id = m."shopId"
       WHERE s.domain = $1 AND m.direction = 'OUTBOUND' AND m."journeyStep" IS NOT NULL ORDER BY m."scheduledAt" NULLS FIRST, m."createdAt"`,
      [shop],
    ));
    const processed = rows.length === ids.length && rows.every((row) => row.status === "PROCESSED");
    const delivered = expectedSteps.every((name) =>
      messages.some((m) => m.journeyStep === name && ["DELIVERED", "READ"].includes(m.status)),
    );
    if ((processed && delivered) || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  for (const row of rows) console.log(`  ${row.topic.padEnd(24)} ${row.status.padEnd(10)} ${row.outcome ?? ""}`);

  step("What the shoppers' phones received (the sandbox's record)");
  for (const m of messages) {
    const when = m.status === "PENDING" && m.scheduledAt ? `scheduled ${new Date(m.scheduledAt).toISOString()}` : m.status;
    console.log(`  ${m.toPhone} · ${m.journeyStep} · ${m.content?.name} (${m.content?.language}) · ${when}`);
    if (m.content?.fallback?.text) console.log(`      “${m.content.fallback.text}”`);
  }
  const once = expectedSteps.every((name) => messages.filter((m) => m.journeyStep === name).length === 1);
  const delivered = expectedSteps.every((name) => messages.some((m) => m.journeyStep === name && ["DELIVERED", "READ"].includes(m.status)));

  step("The shopper answers on the Shopper phone page: a tap on “Confirmar pedido”");
  const {
    rows: [question],
  } = await db.query(
    `SELECT m.wamid FROM "SandboxMessage" m JOIN "Shop" s ON s.id = m."shopId"
     WHERE s.domain = $1 AND m.content->>'name' = 'wj_cod_confirmation' ORDER BY m."createdAt" LIMIT 1`,
    [shop],
  );
  const tap = question ? await admin("/app/sandbox", { intent: "tap", wamid: question.wamid, choice: "0" }) : undefined;
  const answeredBy = Date.now() + 20_000;
  /** @type {{ codDecision: string | null; reply: string | null }} */
  let answer = { codDecision: null, reply: null };
  while (Date.now() < answeredBy) {
    ({
      rows: [answer],
    } = await db.query(
      `SELECT o."codDecision", (SELECT m.content->>'body' FROM "SandboxMessage" m WHERE m."shopId" = s.id AND m.content->>'type' = 'text'
         ORDER BY m."createdAt" DESC LIMIT 1) AS reply
       FROM "ShopOrder" o JOIN "Shop" s ON s.id = o."shopId" WHERE s.domain = $1`,
      [shop],
    ));
    if (answer?.codDecision && answer.reply) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  console.log(`  tap → ${tap?.status ?? "no question to tap"}; order ${answer?.codDecision ?? "not answered"}`);
  if (answer?.reply) console.log(`      shop: “${answer.reply}”`);
  const page = await fetch(`${appUrl}/app/sandbox`, { headers: browser });
  const pageText = await page.text();
  const phoneShown = page.status === 200 && pageText.includes("Confirmar pedido") && pageText.includes(answer?.reply ?? "\u0000");
  console.log(
    `  the Shopper phone page (server-rendered by the built app): ${phoneShown ? "shows the question, the tap and the answer" : "FAILED"}`,
  );

  /** Each promise the check makes, and whether this run kept it. */
  const checks = {
    "every webhook recorded once and processed": rows.length === ids.length && rows.every((row) => row.status === "PROCESSED"),
    "21 starter template languages approved": approved >= 21,
    "the storefront form subscribed the shopper": subscriber.ok,
    "each journey's message sent once": once,
    "each journey's message delivered": delivered,
    "the tap confirmed the COD order": answer?.codDecision === "CONFIRMED",
    "the Shopper phone page shows the conversation": phoneShown,
  };
  const failed = Object.entries(checks)
    .filter(([, kept]) => !kept)
    .map(([promise]) => promise);
  const ok = failed.length === 0;
  await db.end();
  await shopifyAdmin.close();

  const host = Buffer.from(`admin.shopify.com/store/${shop.replace(".myshopify.com", "")}`).toString("base64");
  console.log(`
Where to look
  Admin pages (as the Shopify admin opens them; the links are valid for an hour):
    Home       ${appUrl}/app?embedded=1&shop=${shop}&host=${host}&id_token=${token}
    Journeys   ${appUrl}/app/journeys?embedded=1&shop=${shop}&host=${host}&id_token=${token}
    Templates  ${appUrl}/app/templates?embedded=1&shop=${shop}&host=${host}&id_token=${token}
    Settings   ${appUrl}/app/settings?embedded=1&shop=${shop}&host=${host}&id_token=${token}
    Shopper phone (answer as the shopper: tap Confirm, write STOP …)
               ${appUrl}/app/sandbox?embedded=1&shop=${shop}&host=${host}&id_token=${token}
  Health check:           ${appUrl}/healthz
  Events in PostgreSQL:   psql ${env.DATABASE_URL} -c 'SELECT topic, status, outcome FROM "ShopifyEvent"'
  Messages:               psql ${env.DATABASE_URL} -c 'SELECT "journeyStep", "toPhone", status FROM "Message"'
  Queues in Redis:        redis-cli --scan --pattern 'wj-demo:*'
`);

  if (checkOnly) {
    console.log(
      ok
        ? "Demo check passed: sandbox connected, starter templates approved, every webhook recorded once and processed, " +
            "the COD confirmation, shipping update and back-in-stock alert each delivered once, " +
            "and the shopper's tap on the Shopper phone confirmed the order and got the shop's answer."
        : `Demo check FAILED: not ${failed.join("; not ")}.`,
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
