import { ShopStatus } from "@prisma/client";
import { prisma } from "~/db.server";
import { clockText, sendingRulesSchema, type SendingRules } from "~/domain/sending-rules";

/** Called after Shopify authenticates an install (token exchange): the shop exists and is live. */
export async function recordInstall(domain: string, name?: string) {
  return prisma.shop.upsert({
    where: { domain },
    create: { domain, name, settings: { create: {} } },
    update: { status: ShopStatus.INSTALLED, installedAt: new Date(), uninstalledAt: null, ...(name ? { name } : {}) },
  });
}

/** What shoppers call the shop: its name, or "demo-store.myshopify.com" read as "Demo Store". */
export function shopDisplayName(shop: { name: string | null; domain: string }): string {
  if (shop.name) return shop.name;
  return shop.domain
    .replace(/\.myshopify\.com$/, "")
    .split("-")
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(" ");
}

/**
 * app/uninstalled: the shop's access tokens are void, so its sessions go; its data stays
 * until shop/redact (48 hours later) in case the merchant reinstalls.
 */
export async function recordUninstall(domain: string, uninstalledAt = new Date()) {
  const [sessions] = await prisma.$transaction([
    prisma.session.deleteMany({ where: { shop: domain } }),
    prisma.shop.updateMany({
      where: { domain },
      data: { status: ShopStatus.UNINSTALLED, uninstalledAt },
    }),
  ]);
  return { sessionsDeleted: sessions.count };
}

export async function findShopByDomain(domain: string) {
  return prisma.shop.findUnique({ where: { domain }, include: { settings: true } });
}

/** The shop behind an authenticated admin session (created if the install hook never ran). */
export async function shopForSession(domain: string) {
  return (await prisma.shop.findUnique({ where: { domain } })) ?? recordInstall(domain);
}

/** The shop's settings (created with defaults on first use). */
export async function shopSettings(shopId: string) {
  return prisma.shopSettings.upsert({ where: { shopId }, create: { shopId }, update: {} });
}

/** The rules staff set on the Settings page, as the form shows them. */
export async function sendingRulesView(shopId: string): Promise<Record<keyof SendingRules, string>> {
  const settings = await shopSettings(shopId);
  return {
    optInPolicy: settings.optInPolicy,
    quietHoursStart: clockText(settings.quietHoursStart),
    quietHoursEnd: clockText(settings.quietHoursEnd),
    timezone: settings.timezone,
    marketingPerShopperPerDay: String(settings.marketingPerShopperPerDay),
    codReminderHours: String(settings.codReminderHours),
    throughputPerSecond: String(settings.throughputPerSecond),
    suppressionDays: String(settings.suppressionDays),
  };
}

/** Saves the shop's sending rules; invalid input changes nothing and says what to fix, per field. */
export async function updateSendingRules(
  shopId: string,
  form: Record<string, unknown>,
): Promise<{ ok: true } | { ok: false; fieldErrors: Record<string, string> }> {
  const parsed = sendingRulesSchema.safeParse(form);
  if (!parsed.success) {
    return { ok: false, fieldErrors: Object.fromEntries(parsed.error.issues.map((issue) => [String(issue.path[0]), issue.message])) };
  }
  await prisma.shopSettings.upsert({ where: { shopId }, create: { shopId, ...parsed.data }, update: parsed.data });
  return { ok: true };
}
