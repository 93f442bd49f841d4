import { randomUUID } from "node:crypto";
import { ShopifyEventStatus } from "@prisma/client";
import { prisma } from "~/db.server";

export interface IncomingShopifyEvent {
  webhookId: string;
  eventId?: string;
  topic: string;
  shopDomain: string;
  apiVersion?: string;
  triggeredAt?: Date;
  payload: string;
}

/**
 * Records a verified webhook once. Concurrent deliveries of the same webhook id race on the
 * unique index; exactly one of them gets `isNew: true` and is the one that enqueues.
 */
export async function recordShopifyEvent(incoming: IncomingShopifyEvent): Promise<{ id: string; isNew: boolean }> {
  const id = randomUUID();
  const { count } = await prisma.shopifyEvent.createMany({
    data: [{ id, ...incoming }],
    skipDuplicates: true,
  });
  return { id, isNew: count === 1 };
}

/** Per-topic counts of the shop's webhooks since a moment, for the home page. */
export async function summarizeShopEvents(shopDomain: string, since: Date) {
  const groups = await prisma.shopifyEvent.groupBy({
    by: ["topic", "status"],
    where: { shopDomain, receivedAt: { gte: since } },
    _count: { _all: true },
    _max: { receivedAt: true },
  });
  const byTopic = new Map<string, { topic: string; received: number; processed: number; failed: number; lastReceivedAt: Date | null }>();
  for (const group of groups) {
    const row = byTopic.get(group.topic) ?? { topic: group.topic, received: 0, processed: 0, failed: 0, lastReceivedAt: null };
    row.received += group._count._all;
    if (group.status === ShopifyEventStatus.PROCESSED) row.processed += group._count._all;
    if (group.status === ShopifyEventStatus.FAILED) row.failed += group._count._all;
    const last = group._max.receivedAt;
    if (last && (!row.lastReceivedAt || last > row.lastReceivedAt)) row.lastReceivedAt = last;
    byTopic.set(group.topic, row);
  }
  return [...byTopic.values()].sort((a, b) => a.topic.localeCompare(b.topic));
}
