import { prisma } from "~/db.server";

/**
 * The shopper wrote: their open conversation (or a new one) records it and its customer
 * service window runs until `windowExpiresAt` — never shortened by an older message arriving late.
 */
export async function refreshServiceWindow(shopId: string, customerId: string, at: Date, windowExpiresAt: Date) {
  const open = await prisma.conversation.findFirst({
    where: { shopId, customerId, state: "OPEN" },
    orderBy: { updatedAt: "desc" },
  });
  if (!open) {
    return prisma.conversation.create({ data: { shopId, customerId, lastInboundAt: at, windowExpiresAt } });
  }
  return prisma.conversation.update({
    where: { id: open.id },
    data: {
      lastInboundAt: !open.lastInboundAt || at > open.lastInboundAt ? at : open.lastInboundAt,
      windowExpiresAt: !open.windowExpiresAt || windowExpiresAt > open.windowExpiresAt ? windowExpiresAt : open.windowExpiresAt,
    },
  });
}
