import { prisma } from "~/db.server";

/**
 * Records a GDPR request (customers/data_request, customers/redact, shop/redact) so that the
 * compliance worker can honour it. One request per Shopify event, however often it is processed.
 */
export async function recordComplianceRequest(input: { eventId: string; topic: string; shopDomain: string }) {
  const shop = await prisma.shop.findUnique({ where: { domain: input.shopDomain }, select: { id: true } });
  return prisma.complianceRequest.upsert({
    where: { eventId: input.eventId },
    create: { ...input, shopId: shop?.id ?? null },
    update: {},
  });
}
