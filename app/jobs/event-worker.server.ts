import { Worker } from "bullmq";
import type { Redis } from "ioredis";
import { logger } from "~/logger.server";
import type { RecordedEventKind } from "~/models/recorded-event.server";
import { queueOf, workerOptions, type RecordedEventJob } from "./queues.server";

export type RecordedEventProcessor = (eventId: string, options: { isFinalAttempt: boolean }) => Promise<string>;

/** A worker for one kind of recorded webhook: one event per job. */
export function createRecordedEventWorker(
  kind: RecordedEventKind,
  connection: Redis,
  process: RecordedEventProcessor,
  { concurrency = 8 } = {},
) {
  const log = logger.child({ component: `${queueOf[kind]}-worker` });
  const worker = new Worker<RecordedEventJob, string>(
    queueOf[kind],
    async (job) => process(job.data.eventId, { isFinalAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? 1) }),
    workerOptions(connection, concurrency),
  );
  worker.on("completed", (job, outcome) => log.info({ eventId: job.data.eventId, outcome }, "event processed"));
  worker.on("failed", (job, error) =>
    log.warn({ eventId: job?.data.eventId, attempt: job?.attemptsMade, err: error.message }, "event processing failed"),
  );
  worker.on("error", (error) => log.warn({ err: error.message }, "worker connection problem"));
  return worker;
}
