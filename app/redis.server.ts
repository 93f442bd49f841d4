import { Redis, type RedisOptions } from "ioredis";
import { env } from "~/config/env.server";

/**
 * Redis connections for BullMQ.
 *
 * - `producer`: used by web requests to enqueue. It fails fast while Redis is away
 *   (no offline queue, one retry) so a webhook is still answered; the event is already
 *   in PostgreSQL and the re-drive enqueues it later.
 * - `worker`: blocking commands, retried forever, as BullMQ requires.
 */
export function createRedis(role: "producer" | "worker", url = env().REDIS_URL): Redis {
  const options: RedisOptions =
    role === "producer"
      ? { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2_000 }
      : { maxRetriesPerRequest: null, enableReadyCheck: true };
  return new Redis(url, { ...options, lazyConnect: false });
}
