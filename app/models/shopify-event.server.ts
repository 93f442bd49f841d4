import { randomUUID } from "node:crypto";
import { ShopifyEventStatus, type ShopifyEvent } from "@prisma/client";
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

export async function markEventsQueued(ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await prisma.shopifyEvent.updateMany({
    where: { id: { in: ids }, status: ShopifyEventStatus.RECEIVED },
    data: { status: ShopifyEventStatus.QUEUED, enqueuedAt: new Date() },
  });
}

/**
 * Events that should be on the queue but may not be, oldest first: RECEIVED before the
 * cutoff (recorded while Redis was away), or QUEUED before it and still unprocessed (Redis
 * keeps nothing on disk here, so a restart loses its jobs).
 */
export async function findEventsToRedrive(status: "RECEIVED" | "QUEUED", before: Date, limit: number) {
  return prisma.shopifyEvent.findMany({
    where:
      status === "RECEIVED"
        ? { status: ShopifyEventStatus.RECEIVED, receivedAt: { lt: before } }
        : { status: ShopifyEventStatus.QUEUED, enqueuedAt: { lt: before } },
    orderBy: { receivedAt: "asc" },
    take: limit,
    select: { id: true, topic: true, shopDomain: true },
  });
}

/** Loads an event for processing and counts the attempt; null when it needs no more work. */
export async function beginProcessing(id: string): Promise<ShopifyEvent | null> {
  const event = await prisma.shopifyEvent.findUnique({ where: { id } });
  if (!event || event.status === ShopifyEventStatus.PROCESSED) return null;
  return prisma.shopifyEvent.update({ where: { id }, data: { attempts: { increment: 1 } } });
}

export async function markProcessed(id: string, outcome: string): Promise<void> {
  await prisma.shopifyEvent.update({
    where: { id },
    data: { status: ShopifyEventStatus.PROCESSED, processedAt: new Date(), outcome, lastError: null },
  });
}

export async function recordProcessingError(id: string, message: string, final: boolean): Promise<void> {
  await prisma.shopifyEvent.update({
    where: { id },
    data: { lastError: message.slice(0, 2000), ...(final ? { status: ShopifyEventStatus.FAILED } : {}) },
  });
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
