import { prisma } from "~/db.server";

/**
 * The life cycle shared by every recorded webhook — Shopify events (ShopifyEvent) and
 * WhatsApp webhooks (WhatsAppEvent): RECEIVED → QUEUED → PROCESSED | FAILED.
 * PostgreSQL is the record; the queue only carries the work (docs/decisions/003).
 */
export type RecordedEventKind = "shopify" | "whatsapp";

export interface RecordedEventRow {
  id: string;
  status: "RECEIVED" | "QUEUED" | "PROCESSED" | "FAILED";
  payload: string;
  attempts: number;
}

/** The columns both tables share, so one implementation serves both. */
interface RecordedEventTable {
  updateMany(args: { where: object; data: object }): Promise<{ count: number }>;
  findMany(args: { where: object; orderBy: object; take: number; select: object }): Promise<{ id: string }[]>;
  findUnique(args: { where: { id: string } }): Promise<RecordedEventRow | null>;
  update(args: { where: { id: string }; data: object }): Promise<RecordedEventRow>;
}

function table(kind: RecordedEventKind): RecordedEventTable {
  return (kind === "shopify" ? prisma.shopifyEvent : prisma.whatsAppEvent) as unknown as RecordedEventTable;
}

export async function markEventsQueued(kind: RecordedEventKind, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await table(kind).updateMany({
    where: { id: { in: ids }, status: "RECEIVED" },
    data: { status: "QUEUED", enqueuedAt: new Date() },
  });
}

/**
 * Events that should be on the queue but may not be, oldest first: RECEIVED before the
 * cutoff (recorded while Redis was away), or QUEUED before it and still unprocessed (Redis
 * keeps nothing on disk here, so a restart loses its jobs).
 */
export async function findEventsToRedrive(kind: RecordedEventKind, status: "RECEIVED" | "QUEUED", before: Date, limit: number) {
  return table(kind).findMany({
    where: status === "RECEIVED" ? { status, receivedAt: { lt: before } } : { status, enqueuedAt: { lt: before } },
    orderBy: { receivedAt: "asc" },
    take: limit,
    select: { id: true },
  });
}

/** Loads an event for processing and counts the attempt; null when it needs no more work. */
export async function beginProcessing(kind: RecordedEventKind, id: string): Promise<RecordedEventRow | null> {
  const event = await table(kind).findUnique({ where: { id } });
  if (!event || event.status === "PROCESSED") return null;
  return table(kind).update({ where: { id }, data: { attempts: { increment: 1 } } });
}

export async function markProcessed(kind: RecordedEventKind, id: string, outcome: string): Promise<void> {
  await table(kind).update({
    where: { id },
    data: { status: "PROCESSED", processedAt: new Date(), outcome, lastError: null },
  });
}

export async function recordProcessingError(kind: RecordedEventKind, id: string, message: string, final: boolean): Promise<void> {
  await table(kind).update({
    where: { id },
    data: { lastError: message.slice(0, 2000), ...(final ? { status: "FAILED" } : {}) },
  });
}

/**
 * Runs `handle` for a recorded event once and marks it processed. A redelivered job for a
 * processed event does nothing. A failure is recorded on the event and rethrown for BullMQ to
 * retry; after the last attempt the event is FAILED.
 */
export async function processRecordedEvent<Row extends RecordedEventRow>(
  kind: RecordedEventKind,
  id: string,
  { isFinalAttempt }: { isFinalAttempt: boolean },
  handle: (event: Row) => Promise<string>,
): Promise<string> {
  const event = await beginProcessing(kind, id);
  if (!event) return "already processed";
  try {
    const outcome = await handle(event as Row);
    await markProcessed(kind, id, outcome);
    return outcome;
  } catch (error) {
    await recordProcessingError(kind, id, (error as Error).message, isFinalAttempt);
    throw error;
  }
}
