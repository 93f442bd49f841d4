import { prisma } from "~/db.server";
import { recordInstall } from "~/models/shop.server";

/** Rows of one shop's Shopify events, oldest first. */
export function eventsOf(shopDomain: string) {
  return prisma.shopifyEvent.findMany({ where: { shopDomain }, orderBy: { receivedAt: "asc" } });
}

/** Stores an offline session for a shop, as an install through token exchange would. */
export async function installShop(shop: string, { accessToken = "shpat_test_token" } = {}) {
  await prisma.session.create({
    data: { id: `offline_${shop}`, shop, state: "", isOnline: false, scope: process.env.SCOPES, accessToken },
  });
  return recordInstall(shop);
}
