import { ShopStatus } from "@prisma/client";
import { prisma } from "~/db.server";

/** Called after Shopify authenticates an install (token exchange): the shop exists and is live. */
export async function recordInstall(domain: string) {
  return prisma.shop.upsert({
    where: { domain },
    create: { domain, settings: { create: {} } },
    update: { status: ShopStatus.INSTALLED, installedAt: new Date(), uninstalledAt: null },
  });
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
