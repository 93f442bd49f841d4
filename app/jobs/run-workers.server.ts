import { env } from "~/config/env.server";
import { prisma } from "~/db.server";
import { sendPolicy } from "~/domain/sending";
import { logger } from "~/logger.server";
import { createRedis } from "~/redis.server";
import { createRecordedEventWorker } from "./event-worker.server";
import { processInboundWhatsAppEvent } from "./inbound-events.server";
import { createMaintenanceWorker, scheduleMaintenance } from "./maintenance.server";
import { closeQueues } from "./queues.server";
import { redriveRecordedEvents, redriveSettings } from "./redrive.server";
import { createSendWorker } from "./send.server";
import { processShopifyEvent } from "./shopify-events.server";

const shutdownGraceMs = Number(process.env.WORKER_SHUTDOWN_GRACE_MS ?? 25_000);

/**
 * Runs the BullMQ workers and the re-drive schedule until SIGTERM or SIGINT, then finishes
 * (or releases) in-flight jobs and exits.
 */
export async function runWorkers() {
  sendPolicy.reconcileAfterMs = env().SEND_RECONCILE_MS;
  const connection = createRedis("worker");
  const workers = [
    createRecordedEventWorker("shopify", connection, processShopifyEvent),
    createRecordedEventWorker("whatsapp", connection, processInboundWhatsAppEvent),
    createMaintenanceWorker(connection),
    createSendWorker(connection),
  ];
  const schedule = () =>
    scheduleMaintenance().catch((error) => logger.warn({ err: (error as Error).message }, "could not register schedules; will retry"));
  await schedule();

  const redrive = () =>
    redriveRecordedEvents().catch((error) => logger.warn({ err: (error as Error).message }, "re-drive failed; will retry"));
  await redrive();
  const timer = setInterval(redrive, redriveSettings.intervalMs);
  // After a Redis restart the queues (and schedules) may be gone: restore them once it is back.
  let connectedOnce = false;
  connection.on("ready", () => {
    if (connectedOnce) {
      void redrive();
      void schedule();
    }
    connectedOnce = true;
  });

  for (const worker of workers) void worker.run();
  logger.info({ queues: workers.map((worker) => worker.name) }, "worker started");

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "worker stopping: finishing in-flight jobs");
    clearInterval(timer);
    // close() waits for running jobs; past the grace period force-close, and BullMQ's
    // stalled-job check hands whatever was still running to another worker.
    const forced = setTimeout(() => {
      logger.warn("in-flight jobs did not finish in time; releasing them");
      void Promise.all(workers.map((worker) => worker.close(true)));
    }, shutdownGraceMs);
    await Promise.all(workers.map((worker) => worker.close()));
    clearTimeout(forced);
    await closeQueues();
    connection.disconnect();
    await prisma.$disconnect();
    logger.info("worker stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}
