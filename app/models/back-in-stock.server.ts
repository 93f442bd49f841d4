import { Prisma } from "@prisma/client";
import { prisma } from "~/db.server";

/**
 * Back-in-stock subscriptions: a shopper asks to be told when a variant is available again.
 * ACTIVE → ALERTING (claimed by a restock run, its alert in the outbox) → NOTIFIED once sent;
 * back to ACTIVE when the alert is called off because stock ran out again; CANCELLED when it
 * cannot be sent (no consent any more, undeliverable number).
 */
export async function subscribeToBackInStock(input: {
  shopId: string;
  customerId: string;
  variantId: string;
  productId?: string;
  inventoryItemId?: string;
  locale?: string;
  /** STOREFRONT: the theme block's form; SHOPPER: asked in a WhatsApp conversation; STAFF: added by staff. */
  source: "STOREFRONT" | "SHOPPER" | "STAFF";
}): Promise<{ id: string; created: boolean }> {
  const existing = await prisma.backInStockSubscription.findFirst({
    where: { shopId: input.shopId, customerId: input.customerId, variantId: input.variantId, status: { in: ["ACTIVE", "ALERTING"] } },
    select: { id: true },
  });
  if (existing) return { id: existing.id, created: false };
  try {
    const created = await prisma.backInStockSubscription.create({ data: input, select: { id: true } });
    return { id: created.id, created: true };
  } catch (error) {
    // Two submissions raced past the check: the partial unique index keeps one.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      const winner = await prisma.backInStockSubscription.findFirstOrThrow({
        where: { shopId: input.shopId, customerId: input.customerId, variantId: input.variantId, status: { in: ["ACTIVE", "ALERTING"] } },
        select: { id: true },
      });
      return { id: winner.id, created: false };
    }
    throw error;
  }
}

export async function activeSubscriptionCount(shopId: string, variantId: string): Promise<number> {
  return prisma.backInStockSubscription.count({ where: { shopId, variantId, status: "ACTIVE" } });
}

/**
 * Claims the oldest ACTIVE subscriptions of a variant for a restock run (in subscription order),
 * so that two runs never alert the same subscription. Rows locked by another run are skipped.
 */
export async function claimSubscriptions(shopId: string, variantId: string, limit: number) {
  return prisma.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM "BackInStockSubscription"
      WHERE "shopId" = ${shopId}::uuid AND "variantId" = ${variantId} AND status = 'ACTIVE'
      ORDER BY "createdAt", id
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED`;
    if (!rows.length) return [];
    const ids = rows.map((row) => row.id);
    await tx.backInStockSubscription.updateMany({ where: { id: { in: ids } }, data: { status: "ALERTING" } });
    return tx.backInStockSubscription.findMany({
      where: { id: { in: ids } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      include: { customer: { include: { consents: true } } },
    });
  });
}

/** Links each claimed subscription to its outbox message, or returns it unplanned. One statement per kind, not per row. */
export async function recordPlannedAlerts(alerts: { subscriptionId: string; messageId: string | null; reason?: string }[]) {
  const planned = alerts.filter((alert) => alert.messageId);
  if (planned.length) {
    await prisma.$executeRaw`
      UPDATE "BackInStockSubscription" AS s SET "messageId" = v.message_id
      FROM unnest(${planned.map((a) => a.subscriptionId)}::uuid[], ${planned.map((a) => a.messageId)}::uuid[]) AS v(id, message_id)
      WHERE s.id = v.id`;
  }
  const unplanned = new Map<string, string[]>();
  for (const alert of alerts.filter((a) => !a.messageId)) {
    const reason = alert.reason ?? "could not be alerted";
    unplanned.set(reason, [...(unplanned.get(reason) ?? []), alert.subscriptionId]);
  }
  for (const [reason, ids] of unplanned) {
    await prisma.backInStockSubscription.updateMany({ where: { id: { in: ids } }, data: { status: "CANCELLED", cancelReason: reason } });
  }
}

/** Called when an alert's fate is known: sent → NOTIFIED; failed → CANCELLED; called off → ACTIVE again. */
export async function settleSubscriptionAlert(
  messageId: string,
  outcome: "sent" | "failed" | "called_off",
  reason?: string,
): Promise<void> {
  const data: Prisma.BackInStockSubscriptionUpdateManyMutationInput =
    outcome === "sent"
      ? { status: "NOTIFIED", notifiedAt: new Date() }
      : outcome === "failed"
        ? { status: "CANCELLED", cancelReason: reason ?? "the alert could not be sent" }
        : { status: "ACTIVE", messageId: null };
  await prisma.backInStockSubscription.updateMany({ where: { messageId, status: "ALERTING" }, data });
}
