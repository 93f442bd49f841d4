import { randomUUID } from "node:crypto";
import type { WhatsAppProvider } from "@prisma/client";
import { prisma } from "~/db.server";

export interface IncomingWhatsAppEvent {
  shopId: string;
  source: WhatsAppProvider;
  /** The same delivery recorded twice is one row. */
  dedupKey: string;
  payload: string;
}

/** Records webhook deliveries once each; returns the ids of those not seen before. */
export async function recordWhatsAppEvents(events: IncomingWhatsAppEvent[]): Promise<string[]> {
  if (events.length === 0) return [];
  const created = await prisma.whatsAppEvent.createManyAndReturn({
    data: events.map((event) => ({ id: randomUUID(), ...event })),
    skipDuplicates: true,
    select: { id: true },
  });
  return created.map((row) => row.id);
}
