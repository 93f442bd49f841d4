import { Queue, type JobsOptions } from "bullmq";
import type { Redis } from "ioredis";
import { env } from "~/config/env.server";
import { logger } from "~/logger.server";
import { createRedis } from "~/redis.server";

/** The queues of DESIGN.md's data flow. */
export const QueueName = {
  /** Shopify events recorded by the webhook routes. */
  events: "events",
  /** WhatsApp webhooks (statuses, inbound messages, template updates). */
  inbound: "inbound",
  /** The message outbox's send jobs. */
  send: "send",
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

export interface ShopifyEventJob {
  eventId: string;
  topic: string;
  shop: string;
}

/** What every queue's jobs default to; the database, not Redis, is the record of truth. */
export const defaultJobOptions: JobsOptions = {
  attempts: 8,
  backoff: { type: "exponential", delay: 2_000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

let producerConnection: Redis | undefined;
const queues = new Map<QueueName, Queue>();

/** A queue for enqueuing from this process (web or worker), on one fail-fast connection. */
export function getQueue<T = unknown>(name: QueueName): Queue<T> {
  let queue = queues.get(name);
  if (!queue) {
    producerConnection ??= createRedis("producer");
    queue = new Queue(name, { connection: producerConnection, prefix: env().QUEUE_PREFIX, defaultJobOptions });
    queue.on("error", (error) => logger.warn({ queue: name, err: error.message }, "queue connection problem"));
    queues.set(name, queue);
  }
  return queue as Queue<T>;
}

/**
 * Puts recorded events on the `events` queue. The job id is the event's id, so adding an
 * event that is already waiting, delayed or running is a no-op in BullMQ.
 * Rejects (after at most `timeoutMs`) when Redis is unreachable.
 */
export async function enqueueShopifyEvents(
  events: { id: string; topic: string; shopDomain: string }[],
  { timeoutMs = 2_000 }: { timeoutMs?: number } = {},
): Promise<void> {
  if (events.length === 0) return;
  const queue = getQueue<ShopifyEventJob>(QueueName.events);
  const adding = queue.addBulk(
    events.map((event) => ({
      name: event.topic,
      data: { eventId: event.id, topic: event.topic, shop: event.shopDomain },
      opts: { jobId: event.id },
    })),
  );
  adding.catch(() => undefined); // a late failure after the timeout is not an unhandled rejection
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not accept the job within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([adding, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Closes this process's producer queues and their connection (graceful shutdown, tests). */
export async function closeQueues(): Promise<void> {
  await Promise.all([...queues.values()].map((queue) => queue.close().catch(() => undefined)));
  queues.clear();
  producerConnection?.disconnect();
  producerConnection = undefined;
}
