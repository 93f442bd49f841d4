import { DelayedError, Worker } from "bullmq";
import type { Redis } from "ioredis";
import { prisma } from "~/db.server";
import { logger } from "~/logger.server";
import { syncTemplatesWithProvider } from "~/models/template-lifecycle.server";
import { runRestockBatch } from "./journeys.server";
import { getQueue, QueueName, workerOptions } from "./queues.server";

const log = logger.child({ component: "maintenance" });

export const maintenanceSchedules = {
  /** Template statuses can change without a webhook (and templates appear from WhatsApp Manager). */
  templateSyncEveryMs: 30 * 60_000,
};

/** Syncs every shop sending through Meta's Cloud API; one shop's failure does not stop the rest. */
export async function syncAllShopsTemplates(): Promise<string> {
  const shops = await prisma.shopSettings.findMany({
    where: { whatsappProvider: "CLOUD", shop: { status: "INSTALLED" } },
    select: { shopId: true },
  });
  let failed = 0;
  for (const { shopId } of shops) {
    try {
      const result = await syncTemplatesWithProvider(shopId);
      if (result.updated || result.imported || result.missing) log.info({ shopId, ...result }, "templates synced");
    } catch (error) {
      failed += 1;
      log.warn({ shopId, err: (error as Error).message }, "template sync failed for a shop");
    }
  }
  return `templates synced for ${shops.length - failed} of ${shops.length} shop(s)`;
}

/** Registers the schedules in Redis; idempotent, so every worker does it at start and after Redis returns. */
export async function scheduleMaintenance() {
  await getQueue(QueueName.maintenance).upsertJobScheduler(
    "template-sync",
    { every: maintenanceSchedules.templateSyncEveryMs },
    { name: "template-sync", opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } } },
  );
}

export function createMaintenanceWorker(connection: Redis) {
  const worker = new Worker(
    QueueName.maintenance,
    async (job, token) => {
      if (job.name === "template-sync") return syncAllShopsTemplates();
      if (job.name === "restock") {
        // A restock fans out in batches: the job comes back until the run is done.
        const step = await runRestockBatch((job.data as { runId: string }).runId);
        if (step.kind === "continue") {
          await job.moveToDelayed(Date.now() + step.delayMs, token);
          throw new DelayedError();
        }
        return step.note;
      }
      return `unknown maintenance job ${job.name}`;
    },
    workerOptions(connection, 4),
  );
  worker.on("failed", (job, error) => log.warn({ job: job?.name, jobId: job?.id, err: error.message }, "maintenance job failed"));
  worker.on("error", (error) => log.warn({ err: error.message }, "maintenance worker connection problem"));
  return worker;
}
