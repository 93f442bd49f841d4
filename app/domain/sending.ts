import type { ErrorInfo } from "~/whatsapp/errors";

/**
 * Sending decisions (pure): what to do after a failure, how much marketing the number may send
 * today (messaging tier and warm-up), and the per-shopper frequency cap.
 */
export const sendPolicy = {
  maxAttempts: { retry_now: 6, retry_later: 8 } as Record<string, number>,
  baseBackoffMs: 2_000,
  maxBackoffMs: 10 * 60_000,
  /** How long to wait for a status webhook proving an unknown-outcome send went out. */
  reconcileAfterMs: 60_000,
  /** Share of the messaging limit kept free for order updates when marketing fans out. */
  transactionalReserve: 0.1,
};

/** Exponential backoff with jitter: attempt 1 ≈ 1–2 s, doubling, capped. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(sendPolicy.maxBackoffMs, sendPolicy.baseBackoffMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

export type FailureDecision =
  | { kind: "retry"; at: Date }
  | { kind: "dead"; reason: string }
  | { kind: "use_template" }
  | { kind: "hold_shop"; at: Date }
  | { kind: "reconcile"; at: Date };

export function decideAfterFailure(
  info: ErrorInfo,
  context: { attempts: number; outcomeUnknown?: boolean; sentSessionForm: boolean; now: Date },
  random: () => number = Math.random,
): FailureDecision {
  const { attempts, now } = context;
  const at = (ms: number) => new Date(now.getTime() + ms);
  if (context.outcomeUnknown) return { kind: "reconcile", at: at(sendPolicy.reconcileAfterMs) };
  switch (info.class) {
    case "retry_now":
      if (attempts >= sendPolicy.maxAttempts.retry_now)
        return { kind: "dead", reason: `Gave up after ${attempts} attempts: ${info.title}` };
      return { kind: "retry", at: at(backoffMs(attempts, random)) };
    case "retry_later": {
      if (attempts >= sendPolicy.maxAttempts.retry_later)
        return { kind: "dead", reason: `Gave up after ${attempts} attempts: ${info.title}` };
      const wait = info.retryAfterMs ?? backoffMs(attempts, random);
      return { kind: "retry", at: at(Math.round(wait * (1 + 0.5 * random()))) };
    }
    case "window_closed":
      return context.sentSessionForm ? { kind: "use_template" } : { kind: "dead", reason: info.title };
    case "shop_level":
      // The circuit breaker keeps it waiting while open; look again soon after.
      return { kind: "hold_shop", at: at(5_000) };
    default:
      return { kind: "dead", reason: info.title };
  }
}

/** Unique customers a number may reach outside the window per 24 h, by Meta's tier. */
export function tierLimit(messagingLimit: string | null | undefined): number {
  const limits: Record<string, number> = {
    TIER_50: 50,
    TIER_250: 250,
    TIER_1K: 1_000,
    TIER_2K: 2_000,
    TIER_10K: 10_000,
    TIER_100K: 100_000,
    TIER_UNLIMITED: Number.POSITIVE_INFINITY,
  };
  return limits[messagingLimit ?? ""] ?? 250;
}

/** A new number ramps up: 50 marketing messages on its first day, doubling daily, then its tier. */
export function warmupCap(connectedAt: Date, now: Date): number {
  const days = Math.floor((now.getTime() - connectedAt.getTime()) / (24 * 3600 * 1000));
  return days >= 7 ? Number.POSITIVE_INFINITY : 50 * 2 ** days;
}

/**
 * How many more marketing recipients may be started now: within the tier (keeping a reserve for
 * order updates) and within the warm-up, given how many unique customers were messaged outside
 * the window in the last 24 hours and how many marketing messages went out today.
 */
export function marketingAllowance(input: {
  messagingLimit: string | null | undefined;
  uniqueRecipients24h: number;
  marketingSent24h: number;
  connectedAt: Date;
  now: Date;
}): number {
  const tier = tierLimit(input.messagingLimit);
  const byTier = Number.isFinite(tier)
    ? Math.floor(tier * (1 - sendPolicy.transactionalReserve)) - input.uniqueRecipients24h
    : Number.POSITIVE_INFINITY;
  const byWarmup = warmupCap(input.connectedAt, input.now) - input.marketingSent24h;
  return Math.max(0, Math.min(byTier, byWarmup));
}

/** When a shopper may get their next marketing message, given those of the last 24 hours. */
export function frequencyCapRelease(recent: Date[], perDay: number, now: Date): Date | null {
  const day = 24 * 3600 * 1000;
  const inWindow = recent.filter((at) => now.getTime() - at.getTime() < day).sort((a, b) => a.getTime() - b.getTime());
  if (inWindow.length < perDay) return null;
  return new Date(inWindow[inWindow.length - perDay].getTime() + day);
}
