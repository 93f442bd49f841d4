import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { switchToOwnDatabase } from "../support/own-database";
import { shopifyFixture, shopifyWebhookRequest, uniqueShop } from "../support/shopify";
import { waitFor } from "../support/wait";

// The worker process re-drives every shop's events at start-up: keep other files' rows away.
await switchToOwnDatabase("worker_process");
const { prisma } = await import("~/db.server");
const { closeQueues, getQueue, QueueName } = await import("~/jobs/queues.server");
const { receiveShopifyWebhook } = await import("~/shopify/receive-webhook.server");

const tsxCli = createRequire(import.meta.url).resolve("tsx/cli");
const queue = getQueue(QueueName.events);

/** The worker entry (what `npm run worker` runs, from source) as a real child process. */
function startWorkerProcess(env: Record<string, string | undefined> = {}) {
  const child = spawn(process.execPath, [tsxCli, "app/jobs/worker.ts"], {
    env: { ...process.env, LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exitCode = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, exitCode, output: () => output };
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});
afterAll(async () => {
  await queue.obliterate({ force: true });
  await closeQueues();
});

describe("the worker process", () => {
  it("on SIGTERM finishes the job in flight, then exits 0", async () => {
    const shop = uniqueShop("sigterm");
    const webhookId = randomUUID();
    const response = await receiveShopifyWebhook(
      shopifyWebhookRequest({ topic: "orders/create", shop, body: shopifyFixture("orders-create"), webhookId }),
    );
    expect(response.status).toBe(200);
    const { id } = await prisma.shopifyEvent.findUniqueOrThrow({ where: { webhookId } });

    // Lock the event's row so that the worker's job stalls mid-way, inside its transaction.
    const blocker = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await blocker.connect();
    await blocker.query("BEGIN");
    await blocker.query('SELECT 1 FROM "ShopifyEvent" WHERE id = $1 FOR UPDATE', [id]);

    const worker = startWorkerProcess();
    await waitFor(async () => (await queue.getActiveCount()) === 1, { what: "the job to be running", timeoutMs: 20_000 });
    worker.child.kill("SIGTERM");
    await waitFor(() => worker.output().includes("worker stopping"), { what: "the worker to begin stopping" });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(worker.child.exitCode).toBeNull(); // still waiting for its job

    await blocker.query("ROLLBACK");
    await blocker.end();

    expect(await worker.exitCode).toBe(0);
    expect(worker.output()).toContain("worker stopped");
    expect(await prisma.shopifyEvent.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "PROCESSED",
      attempts: 1,
    });
    expect(await queue.getJobCountByTypes("completed")).toBe(1);
  });

  it("refuses to start with one message naming every bad setting", async () => {
    const worker = startWorkerProcess({ REDIS_URL: "", ENCRYPTION_KEY: "c2hvcnQ=", WHATSAPP_APP_SECRET: "" });

    expect(await worker.exitCode).toBe(1);
    const message = worker.output();
    expect(message).toContain("The worker cannot start");
    expect(message).toContain("REDIS_URL is required");
    expect(message).toContain("ENCRYPTION_KEY must decode to 32 bytes, got 5");
    expect(message).toContain("WHATSAPP_APP_SECRET is required");
    expect(message).not.toContain(process.env.SHOPIFY_API_SECRET!);
  });

  it("refuses to start when PostgreSQL or Redis is unreachable, naming both", async () => {
    const worker = startWorkerProcess({
      DATABASE_URL: "postgresql://postgres:hunter2@127.0.0.1:1/nowhere",
      REDIS_URL: "redis://127.0.0.1:1",
    });

    expect(await worker.exitCode).toBe(1);
    const message = worker.output();
    expect(message).toMatch(/PostgreSQL at postgresql:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/nowhere is unreachable/);
    expect(message).toMatch(/Redis at redis:\/\/127\.0\.0\.1:1 is unreachable/);
    expect(message).not.toContain("hunter2");
  });
});
