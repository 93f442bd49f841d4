import type { MessageStatus } from "@prisma/client";

/**
 * Message statuses only move forward: sent < delivered < read. Statuses arrive out of order
 * (read before delivered) and twice; `failed` is terminal, but a failure reported after the
 * message was delivered does not undo the delivery. A message we gave up on (DEAD) or whose
 * send outcome was unknown (SENDING) is proven sent by any later positive status.
 */
export type ProviderStatus = "SENT" | "DELIVERED" | "READ" | "FAILED";

const progress: Partial<Record<MessageStatus, number>> = { PENDING: 0, SENDING: 0, DEAD: 0, SENT: 1, DELIVERED: 2, READ: 3 };

/** Meta's status word → ours; `played` (a voice note listened to) counts as read. */
export function providerStatus(status: string): ProviderStatus | undefined {
  switch (status) {
    case "sent":
    case "server":
      return "SENT";
    case "delivered":
    case "device":
      return "DELIVERED";
    case "read":
    case "played":
      return "READ";
    case "failed":
      return "FAILED";
    default:
      return undefined;
  }
}

export function nextMessageStatus(current: MessageStatus, incoming: ProviderStatus): MessageStatus {
  const from = progress[current];
  if (from === undefined) return current; // FAILED, CANCELLED, SKIPPED, RECEIVED: final
  if (incoming === "FAILED") return from >= progress.DELIVERED! ? current : "FAILED";
  return progress[incoming]! > from ? incoming : current;
}

/** The statuses `incoming` moves a message on from: lets one SQL statement apply the rule atomically. */
export function statusesAdvancedBy(incoming: ProviderStatus): MessageStatus[] {
  return (Object.keys(progress) as MessageStatus[]).filter(
    (status) => status !== incoming && nextMessageStatus(status, incoming) === incoming,
  );
}

/** What a successful send may move to SENT. */
export const statusesBeforeSent = statusesAdvancedBy("SENT");

/** The timestamp column each provider status fills, the first time it is seen. */
export const statusTimestampField = {
  SENT: "sentAt",
  DELIVERED: "deliveredAt",
  READ: "readAt",
  FAILED: "failedAt",
} as const satisfies Record<ProviderStatus, string>;
