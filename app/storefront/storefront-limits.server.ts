import type { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { env } from "~/config/env.server";
import { producerRedis } from "~/jobs/queues.server";

/**
 * The storefront form is open to anyone, and each subscription is marketing consent for a
 * phone number. Limits kept in Redis (shared by every web process) stop a script from
 * subscribing strangers' numbers: a few attempts per number and shop an hour, and a bounded
 * number of attempts per visitor (the client IP Shopify's proxy forwards) across numbers.
 * If Redis is away, an in-memory limiter per process stands in (rate-limiter-flexible's
 * insurance limiter), so the form keeps working and stays limited.
 */
export const storefrontLimits = { perNumberPerHour: 5, perVisitorPerHour: 20 };

type Limiter = RateLimiterRedis;
let limiters: { connection: Redis; number: Limiter; visitor: Limiter } | undefined;

function limiter(connection: Redis, key: string, points: number): Limiter {
  return new RateLimiterRedis({
    storeClient: connection,
    keyPrefix: `${env().QUEUE_PREFIX}:rl:storefront:${key}`,
    points,
    duration: 3600,
    insuranceLimiter: new RateLimiterMemory({ points, duration: 3600 }),
  });
}

function storefrontLimiters() {
  const connection = producerRedis();
  if (limiters?.connection !== connection) {
    limiters = {
      connection,
      number: limiter(connection, "number", storefrontLimits.perNumberPerHour),
      visitor: limiter(connection, "visitor", storefrontLimits.perVisitorPerHour),
    };
  }
  return limiters;
}

export type LimitVerdict = { ok: true } | { ok: false; retryAfterSeconds: number };

async function take(which: "number" | "visitor", key: string): Promise<LimitVerdict> {
  try {
    await storefrontLimiters()[which].consume(key);
    return { ok: true };
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return { ok: false, retryAfterSeconds: Math.ceil(rejection.msBeforeNext / 1000) };
    throw rejection;
  }
}

/** One attempt from a visitor (unknown when the proxy forwarded no address): counted before anything is read. */
export const visitorAttempt = (shopDomain: string, visitor: string | null): Promise<LimitVerdict> =>
  visitor ? take("visitor", `${shopDomain}:${visitor}`) : Promise.resolve({ ok: true });

/** One attempt for a phone number at a shop: counted once the number is known to be one. */
export const numberAttempt = (shopDomain: string, e164: string): Promise<LimitVerdict> => take("number", `${shopDomain}:${e164}`);

/** The shopper's address as Shopify's app proxy forwards it: the first of `X-Forwarded-For`. */
export function visitorOf(request: Request): string | null {
  return request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() || null;
}
