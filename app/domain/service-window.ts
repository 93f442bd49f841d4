/**
 * WhatsApp's customer service window: a shopper's message opens or refreshes 24 hours in which
 * any message may be sent; outside it only templates. A click-to-WhatsApp ad opens 72 hours.
 */
export const serviceWindowMs = 24 * 3600 * 1000;
export const adEntryWindowMs = 72 * 3600 * 1000;

export function windowExpiryAfter(message: { timestamp: Date; referral?: { ctwaClid?: string; sourceType?: string } }): Date {
  const fromAd = Boolean(message.referral?.ctwaClid) || message.referral?.sourceType === "ad";
  return new Date(message.timestamp.getTime() + (fromAd ? adEntryWindowMs : serviceWindowMs));
}

export function isWithinServiceWindow(windowExpiresAt: Date | null | undefined, now = new Date()): boolean {
  return Boolean(windowExpiresAt && windowExpiresAt.getTime() > now.getTime());
}
