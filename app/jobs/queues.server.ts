import { Queue, type JobsOptions } from "bullmq";
import type { Redis } from "ioredis";
import { env } from "~/config/env.server";
import { logger } from "~/logger.server";
import { markEventsQueued, type RecordedEventKind } from "~/models/recorded-event.server";
import { createRedis } from "~/redis.server";

/** The queues of DESIGN.md's data flow. */
export const QueueName = {
  /** Shopify events recorded by the webhook routes. */
  events: "events",
  /** WhatsApp webhooks (statuses, inbound messages, template updates). */
  inbound: "inbound",
  /** The message outbox's send jobs. */
  send: "send",
  /** Scheduled upkeep: template sync. */
  maintenance: "maintenance",
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

/** Options every BullMQ worker of this app shares. */
export function workerOptions(connection: Redis, concurrency: number) {
  const { QUEUE_PREFIX, WORKER_LOCK_MS } = env();
  return {
    connection,
    prefix: QUEUE_PREFIX,
    concurrency,
    autorun: false,
    lockDuration: WORKER_LOCK_MS,
    stalledInterval: WORKER_LOCK_MS,
    // Every job here is safe to run again (claims, idempotency keys), so a job whose worker died
    // or starved goes back to wait rather than failing after BullMQ's default single stall.
    maxStalledCount: 10,
  };
}

/** Rejects when Redis does not accept the jobs in time (it is away); a late failure is not unhandled. */
async function withinTimeout(adding: Promise<unknown>, timeoutMs: number): Promise<void> {
  adding.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not accept the jobs within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([adding, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A job that processes one recorded webhook (ShopifyEvent or WhatsAppEvent) by id. */
export interface RecordedEventJob {
  eventId: string;
}

/** Which queue carries which recorded webhooks. */
export const queueOf: Record<RecordedEventKind, QueueName> = {
  shopify: QueueName.events,
  whatsapp: QueueName.inbound,
};

/** What every queue's jobs default to; the database, not Redis, is the record of truth. */
export const defaultJobOptions: JobsOptions = {
  attempts: 8,
  backoff: { type: "exponential", delay: 2_000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

let producerConnection: Redis | undefined;

/** The web process's one fail-fast Redis connection (queues, storefront limits); closed by closeQueues. */
export function producerRedis(): Redis {
  producerConnection ??= createRedis("producer");
  return producerConnection;
}
const queues = new Map<QueueName, Queue>();

/** A queue for enqueuing from this process (web or worker), on one fail-fast connection. */
export function getQueue<T = unknown>(name: QueueName): Queue<T> {
  let queue = queues.get(name);
  if (!queue) {
    queue = new Queue(name, { connection: producerRedis(), prefix: env().QUEUE_PREFIX, defaultJobOptions });
    queue.on("error", (error) => logger.warn({ queue: name, err: error.message }, "queue connection problem"));
    queues.set(name, queue);
  }
  return queue as Queue<T>;
}

/**
 * Puts recorded events on their queue and marks them QUEUED. The job id is the event's id, so
 * adding an event that is already waiting, delayed or running is a no-op in BullMQ.
 * Rejects (after at most `timeoutMs`) when Redis is unreachable; the events stay RECEIVED and
 * the re-drive enqueues them later.
 */
export async function enqueueRecordedEvents(
  kind: RecordedEventKind,
  ids: string[],
  { timeoutMs = 2_000, delayMs }: { timeoutMs?: number; delayMs?: number } = {},
): Promise<void> {
  if (ids.length === 0) return;
  const queue = getQueue<RecordedEventJob>(queueOf[kind]);
  await withinTimeout(
    queue.addBulk(ids.map((id) => ({ name: kind, data: { eventId: id }, opts: { jobId: id, delay: delayMs } }))),
    timeoutMs,
  );
  await markEventsQueued(kind, ids);
}

export interface SendJob {
  messageId: string;
}

/**
 * Puts outbox messages on the `send` queue: job id = message id (so adding twice is a no-op),
 * BullMQ priority = the message's (1 replies, 2 transactional, 3 marketing), delayed until due.
 */
export async function enqueueSends(
  messages: { id: string; priority: number; scheduledAt?: Date | null }[],
  { timeoutMs = 2_000 } = {},
): Promise<void> {
  if (messages.length === 0) return;
  const queue = getQueue<SendJob>(QueueName.send);
  const now = Date.now();
  const adding = queue.addBulk(
    messages.map((message) => ({
      name: "send",
      data: { messageId: message.id },
      opts: {
        jobId: message.id,
        priority: message.priority,
        delay: message.scheduledAt ? Math.max(0, message.scheduledAt.getTime() - now) : undefined,
        // The send worker retries by error class itself; BullMQ's attempts cover crashes only.
        attempts: 3,
      },
    })),
  );
  await withinTimeout(adding, timeoutMs);
}

/** Closes this process's producer queues and their connection (graceful shutdown, tests). */
export async function closeQueues(): Promise<void> {
  await Promise.all([...queues.values()].map((queue) => queue.close().catch(() => undefined)));
  queues.clear();
  producerConnection?.disconnect();
  producerConnection = undefined;
}

/**
 * Puts a restock run's fan-out job on the maintenance queue (job id = the run's, so adding twice
 * is a no-op). A job BullMQ gave up on (failed) or lost is replaced: the run in PostgreSQL says
 * the fan-out is not over, and each batch is safe to run again.
 */
export async function ensureRestockJob(runId: string): Promise<"queued" | "already queued"> {
  const queue = getQueue(QueueName.maintenance);
  const jobId = `restock-${runId}`;
  const existing = await queue.getJob(jobId);
  const state = existing ? await existing.getState() : "missing";
  if (state === "waiting" || state === "delayed" || state === "active" || state === "prioritized" || state === "waiting-children")
    return "already queued";
  await existing?.remove().catch(() => undefined);
  await queue.add(
    "restock",
    { runId },
    {
      jobId,
      attempts: 8,
      backoff: { type: "exponential", delay: 2_000 },
      removeOnComplete: { count: 1000 },
      removeOnFail: { count: 1000 },
    },
  );
  return "queued";
}
