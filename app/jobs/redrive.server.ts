import { logger } from "~/logger.server";
import { findMessagesToRedrive } from "~/models/outbox.server";
import { findEventsToRedrive, type RecordedEventKind } from "~/models/recorded-event.server";
import { prisma } from "~/db.server";
import { enqueueRecordedEvents, enqueueSends, ensureRestockJob } from "./queues.server";

export const redriveSettings = {
  /** A RECEIVED event younger than this may still be mid-ingestion; leave it alone. */
  receivedGraceMs: 30_000,
  /** A QUEUED, unprocessed event older than this may have lost its job (Redis restarted). */
  queuedGraceMs: 5 * 60_000,
  batch: 500,
  intervalMs: 60_000,
};

const kinds: RecordedEventKind[] = ["shopify", "whatsapp"];

/**
 * Enqueues what was recorded but never queued, and re-adds jobs for queued events that Redis
 * may have lost — Shopify events, WhatsApp webhooks, outbox messages and restock runs alike. Adding is idempotent (the job id
 * is the event id), so a job still in Redis is untouched and several workers may run this at once.
 */
export async function redriveRecordedEvents({
  receivedGraceMs = redriveSettings.receivedGraceMs,
  queuedGraceMs = redriveSettings.queuedGraceMs,
  now = Date.now(),
} = {}): Promise<number> {
  let total = 0;
  for (const kind of kinds) {
    // Never queued: enqueue (which marks them QUEUED), batch after batch, until none are left.
    for (;;) {
      const events = await findEventsToRedrive(kind, "RECEIVED", new Date(now - receivedGraceMs), redriveSettings.batch);
      if (events.length === 0) break;
      await enqueueRecordedEvents(
        kind,
        events.map((event) => event.id),
      );
      total += events.length;
    }
    // Queued long ago and still waiting: one batch per run re-adds any job Redis lost.
    const stale = await findEventsToRedrive(kind, "QUEUED", new Date(now - queuedGraceMs), redriveSettings.batch);
    await enqueueRecordedEvents(
      kind,
      stale.map((event) => event.id),
    );
    total += stale.length;
  }
  // Outbox messages overdue for a job (Redis lost it, or was away when they were written).
  const overdue = await findMessagesToRedrive(new Date(now - queuedGraceMs), redriveSettings.batch);
  await enqueueSends(overdue.map((message) => ({ id: message.id, priority: message.priority })));
  total += overdue.length;
  // Restock fan-outs not over whose job is gone (Redis lost it, or BullMQ gave up on it).
  const runs = await prisma.restockRun.findMany({
    where: { status: { in: ["RUNNING", "HELD"] }, updatedAt: { lt: new Date(now - receivedGraceMs) } },
    select: { id: true },
    take: redriveSettings.batch,
  });
  for (const run of runs) if ((await ensureRestockJob(run.id)) === "queued") total += 1;
  if (total > 0) logger.info({ items: total }, "re-drove recorded webhooks, outbox messages and restocks onto their queues");
  return total;
}
