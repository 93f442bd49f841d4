import type { Redis } from "ioredis";
import { RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { env } from "~/config/env.server";

/**
 * Limits that must hold across every worker process, kept in Redis: the number's throughput
 * (Meta's 80 messages/s by default), pacing per recipient (about one message every 6 s), and a
 * circuit breaker per shop. rate-limiter-flexible does the counting atomically in Redis.
 */
export const pairPacing = { points: 1 };

export const circuitPolicy = {
  /** A burst of this many failures in a minute, at least half of all sends, opens the circuit. */
  burstFailures: 10,
  burstRatio: 0.5,
  windowSeconds: 60,
  firstOpenMs: 30_000,
  maxOpenMs: 60 * 60_000,
  /** While half open, one probe message at a time tests the water. */
  probeLeaseMs: 30_000,
};

export class SendLimits {
  private readonly numberLimiters = new Map<number, RateLimiterRedis>();
  private readonly pairLimiter: RateLimiterRedis;
  private readonly prefix: string;
  private readonly pairSeconds: number;

  constructor(private readonly redis: Redis) {
    this.prefix = env().QUEUE_PREFIX;
    this.pairSeconds = env().PAIR_PACING_SECONDS;
    this.pairLimiter = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${this.prefix}:rl:pair`,
      points: pairPacing.points,
      duration: this.pairSeconds,
    });
  }

  private numberLimiter(perSecond: number): RateLimiterRedis {
    let limiter = this.numberLimiters.get(perSecond);
    if (!limiter) {
      limiter = new RateLimiterRedis({
        storeClient: this.redis,
        keyPrefix: `${this.prefix}:rl:number:${perSecond}`,
        points: perSecond,
        duration: 1,
      });
      this.numberLimiters.set(perSecond, limiter);
    }
    return limiter;
  }

  /** 0 when the message may go now; otherwise how long to wait (the slot is not taken). */
  async acquire(number: string, recipient: string, perSecond: number): Promise<number> {
    const pairKey = `${number}:${recipient}`;
    const pair = await this.pairLimiter.get(pairKey);
    if (pair && pair.consumedPoints >= pairPacing.points) return pair.msBeforeNext;
    try {
      await this.numberLimiter(perSecond).consume(number);
    } catch (error) {
      if (error instanceof RateLimiterRes) return Math.max(error.msBeforeNext, 1);
      throw error;
    }
    try {
      await this.pairLimiter.consume(pairKey);
    } catch (error) {
      if (error instanceof RateLimiterRes) return Math.max(error.msBeforeNext, 1);
      throw error;
    }
    return 0;
  }

  /** Meta said the number is over its throughput (130429): hold it back for a moment. */
  async slowNumber(number: string, perSecond: number): Promise<void> {
    await this.numberLimiter(perSecond).block(number, 1);
  }

  /** Meta said the pair limit was hit (131056): leave this recipient alone for the pacing period. */
  async paceRecipient(number: string, recipient: string): Promise<void> {
    await this.pairLimiter.block(`${number}:${recipient}`, this.pairSeconds);
  }

  // --- circuit breaker ------------------------------------------------------------------------

  private key(kind: string, shopId: string) {
    return `${this.prefix}:cb:${kind}:${shopId}`;
  }

  /** Whether the shop may send now: closed, or half open and this caller holds the probe. */
  async circuit(
    shopId: string,
  ): Promise<{ state: "closed" } | { state: "probe" } | { state: "open"; waitMs: number; reason: string | null }> {
    const openFor = await this.redis.pttl(this.key("open", shopId));
    if (openFor > 0) return { state: "open", waitMs: openFor, reason: await this.redis.get(this.key("reason", shopId)) };
    if (!(await this.redis.exists(this.key("halfopen", shopId)))) return { state: "closed" };
    const probe = await this.redis.set(this.key("probe", shopId), "1", "PX", circuitPolicy.probeLeaseMs, "NX");
    if (probe === "OK") return { state: "probe" };
    return { state: "open", waitMs: 5_000, reason: await this.redis.get(this.key("reason", shopId)) };
  }

  async recordSuccess(shopId: string): Promise<void> {
    await this.redis
      .multi()
      .incr(this.key("sends", shopId))
      .expire(this.key("sends", shopId), circuitPolicy.windowSeconds, "NX")
      .del(this.key("halfopen", shopId), this.key("probe", shopId), this.key("backoff", shopId), this.key("reason", shopId))
      .exec();
  }

  /** A failure: shop-level ones open the circuit at once; others when they come in a burst. */
  async recordFailure(shopId: string, { shopLevel, reason }: { shopLevel: boolean; reason: string }): Promise<boolean> {
    const results = await this.redis
      .multi()
      .incr(this.key("fails", shopId))
      .expire(this.key("fails", shopId), circuitPolicy.windowSeconds, "NX")
      .incr(this.key("sends", shopId))
      .expire(this.key("sends", shopId), circuitPolicy.windowSeconds, "NX")
      .exec();
    const fails = Number(results?.[0]?.[1] ?? 0);
    const sends = Number(results?.[2]?.[1] ?? 1);
    const burst = fails >= circuitPolicy.burstFailures && fails / sends >= circuitPolicy.burstRatio;
    const probing = (await this.redis.exists(this.key("halfopen", shopId))) > 0;
    if (shopLevel || burst || probing) {
      await this.open(shopId, shopLevel ? reason : burst ? `${fails} failures in a minute (${reason})` : reason);
      return true;
    }
    return false;
  }

  private async open(shopId: string, reason: string): Promise<void> {
    const previous = Number(await this.redis.get(this.key("backoff", shopId))) || 0;
    const openMs = previous ? Math.min(previous * 2, circuitPolicy.maxOpenMs) : circuitPolicy.firstOpenMs;
    await this.redis
      .multi()
      .set(this.key("backoff", shopId), String(openMs), "EX", 24 * 3600)
      .set(this.key("open", shopId), "1", "PX", openMs)
      .set(this.key("halfopen", shopId), "1", "EX", 24 * 3600)
      .set(this.key("reason", shopId), reason, "EX", 24 * 3600)
      .del(this.key("probe", shopId), this.key("fails", shopId), this.key("sends", shopId))
      .exec();
  }
}
