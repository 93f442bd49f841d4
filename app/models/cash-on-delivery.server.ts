import { prisma } from "~/db.server";

/**
 * What staff need to know about cash-on-delivery orders: how shoppers answered the WhatsApp
 * question, and the orders a shopper cancelled on WhatsApp that are still open in Shopify. The
 * app cannot cancel them itself (it asks for read access to orders only), and the shopper was
 * told the team would confirm — so they stay on the list until Shopify reports them cancelled.
 */
export interface CashOnDeliveryOverview {
  confirmed: number;
  cancelled: number;
  awaiting: number;
  toCancelInShopify: { orderId: string; name: string; answeredAt: string; shopper: string | null }[];
}

export async function cashOnDeliveryOverview(shopId: string, since: Date): Promise<CashOnDeliveryOverview> {
  const recent = { shopId, cod: true, createdAt: { gte: since } };
  const [confirmed, cancelled, awaiting, open] = await Promise.all([
    prisma.shopOrder.count({ where: { ...recent, codDecision: "CONFIRMED" } }),
    prisma.shopOrder.count({ where: { ...recent, codDecision: "CANCELLED" } }),
    prisma.shopOrder.count({ where: { ...recent, codDecision: null, cancelledAt: null } }),
    prisma.shopOrder.findMany({
      where: { shopId, cod: true, codDecision: "CANCELLED", cancelledAt: null },
      orderBy: { updatedAt: "desc" },
      take: 25,
      select: { orderId: true, name: true, updatedAt: true, customer: { select: { firstName: true, phoneE164: true } } },
    }),
  ]);
  return {
    confirmed,
    cancelled,
    awaiting,
    toCancelInShopify: open.map((order) => ({
      orderId: order.orderId,
      name: order.name,
      answeredAt: order.updatedAt.toISOString(),
      shopper: order.customer ? [order.customer.firstName, order.customer.phoneE164].filter(Boolean).join(" · ") : null,
    })),
  };
}
