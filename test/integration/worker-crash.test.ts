import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { startJourneyHarness } from "../support/journey-harness";
import { switchToOwnDatabase } from "../support/own-database";
import { waitFor } from "../support/wait";

// Workers run as real processes here, so one can be killed (SIGKILL: no goodbye) mid-fan-out.
await switchToOwnDatabase("worker_crash");
const harness = await startJourneyHarness({ workers: false });
const { prisma, shopify } = harness;

const children: ChildProcess[] = [];
function startWorker() {
  const child = spawn(process.execPath, ["--import", "tsx", "--import", "./app/sandbox/shopify-fetch-preload.ts", "app/jobs/worker.ts"], {
    env: {
      ...process.env,
      SHOPIFY_ADMIN_STAND_IN_URL: shopify.url,
      WORKER_LOCK_MS: "1500",
      SEND_RECONCILE_MS: "2000",
      PAIR_PACING_SECONDS: "1",
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  children.push(child);
  return child;
}
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});
afterAll(() => harness.stop());

describe("a worker killed mid-fan-out", () => {
  it("is replaced, and the fan-out finishes without duplicates or losses", async () => {
    let worker = startWorker();
    const { shop, domain, number } = await harness.installShop("crash", { throughputPerSecond: 100 });
    const count = 600;
    const { restock } = await harness.soldOutVariant(shop, domain, {
      variantId: "300001",
      inventoryItemId: "300002",
      product: "Beanie",
      waiting: count,
    });
    await restock(40);
    await waitFor(() => harness.sentTo(number).length >= 150, { what: "the fan-out under way", timeoutMs: 120_000 });

    worker.kill("SIGKILL");
    await new Promise((resolve) => worker.once("exit", resolve));
    const sentWhenKilled = harness.sentTo(number).length;
    expect(sentWhenKilled).toBeLessThan(count);
    worker = startWorker();

    await waitFor(async () => (await prisma.backInStockSubscription.count({ where: { shopId: shop.id, status: "NOTIFIED" } })) === count, {
      what: "every subscriber alerted",
      timeoutMs: 150_000,
    }).catch(async (error) => {
      const subs = await prisma.backInStockSubscription.groupBy({ by: ["status"], where: { shopId: shop.id }, _count: { _all: true } });
      const msgs = await prisma.message.groupBy({
        by: ["status"],
        where: { shopId: shop.id, journeyStep: "back_in_stock" },
        _count: { _all: true },
      });
      const run = await prisma.restockRun.findFirst({ where: { shopId: shop.id } });
      console.log(JSON.stringify({ subs, msgs, run, sent: harness.sentTo(number).length, sentWhenKilled }));
      throw error;
    });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const recipients = harness.sentTo(number).map((s) => s.body.to);
    expect(recipients).toHaveLength(count);
    expect(new Set(recipients).size).toBe(count);
    expect(await prisma.message.count({ where: { shopId: shop.id, journeyStep: "back_in_stock" } })).toBe(count);
    expect(await prisma.restockRun.findFirstOrThrow({ where: { shopId: shop.id } })).toMatchObject({ status: "DONE", alerted: count });
  }, 300_000);
});
