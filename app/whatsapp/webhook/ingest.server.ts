import { enqueueRecordedEvents } from "~/jobs/queues.server";
import { logger } from "~/logger.server";
import { recordWhatsAppEvents, type IncomingWhatsAppEvent } from "~/models/whatsapp-event.server";

/**
 * Records WhatsApp webhook deliveries (one row per shop and delivery) and queues them for the
 * `inbound` worker. Used by the Meta and UltraMsg routes and by the sandbox, so that a sandbox
 * status or a sandbox shopper's reply travels the same path a real one does.
 * If Redis is away the deliveries stay recorded and the re-drive queues them later.
 */
export async function ingestWhatsAppEvents(events: IncomingWhatsAppEvent[], options: { delayMs?: number } = {}): Promise<number> {
  const ids = await recordWhatsAppEvents(events);
  try {
    await enqueueRecordedEvents("whatsapp", ids, options);
  } catch (error) {
    logger.warn({ events: ids.length, err: (error as Error).message }, "WhatsApp webhook recorded; enqueue deferred");
  }
  return ids.length;
}
