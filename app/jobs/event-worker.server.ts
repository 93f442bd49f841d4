import { Worker } from "bullmq";
import type { Redis } from "ioredis";
import { env } from "~/config/env.server";
import { logger } from "~/logger.server";
import { QueueName, type ShopifyEventJob } from "./queues.server";
import { processShopifyEvent } from "./shopify-events.server";

const log = logger.child({ component: "events-worker" });

/** The `events` queue's worker: one Shopify event per job. */
export function createShopifyEventWorker(connection: Redis, { concurrency = 8 } = {}) {
  const worker = new Worker<ShopifyEventJob, string>(
    QueueName.events,
    async (job) => {
      const isFinalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      return processShopifyEvent(job.data.eventId, { isFinalAttempt });
    },
    { connection, prefix: env().QUEUE_PREFIX, concurrency, autorun: false },
  );
  worker.on("completed", (job, outcome) =>
    log.info({ eventId: job.data.eventId, topic: job.data.topic, shop: job.data.shop, outcome }, "event processed"),
  );
  worker.on("failed", (job, error) =>
    log.warn(
      { eventId: job?.data.eventId, topic: job?.data.topic, attempt: job?.attemptsMade, err: error.message },
      "event processing failed",
    ),
  );
  worker.on("error", (error) => log.warn({ err: error.message }, "worker connection problem"));
  return worker;
}
