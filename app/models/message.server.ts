import { randomUUID } from "node:crypto";
import { Prisma, type MessageStatus } from "@prisma/client";
import { prisma } from "~/db.server";
import { providerStatus, statusesAdvancedBy, statusTimestampField } from "~/domain/message-status";
import { describeError } from "~/whatsapp/errors";
import type { InboundMessage, StatusUpdate } from "~/whatsapp/inbound";

const isUniqueViolation = (error: unknown) => error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";

/** Records a shopper's message once (Meta may deliver it twice); false for a duplicate. */
export async function recordInboundMessage(
  shopId: string,
  input: { customerId: string | null; conversationId: string | null; provider: string; message: InboundMessage },
): Promise<boolean> {
  const { message } = input;
  try {
    await prisma.message.create({
      data: {
        shopId,
        customerId: input.customerId,
        conversationId: input.conversationId,
        direction: "INBOUND",
        idempotencyKey: `in:${message.providerMessageId}`,
        fromPhone: message.from,
        type: message.type,
        content: {
          summary: message.text ?? null,
          ...message.content,
          ...(message.replyTo ? { replyTo: message.replyTo } : {}),
          ...(message.referral ? { referral: message.referral } : {}),
          ...(message.errors?.length ? { errors: message.errors } : {}),
        } as Prisma.InputJsonObject,
        status: "RECEIVED",
        provider: input.provider,
        providerMessageId: message.providerMessageId,
        createdAt: message.timestamp,
      },
    });
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

export async function isInboundMessageRecorded(shopId: string, providerMessageId: string): Promise<boolean> {
  return (await prisma.message.count({ where: { shopId, idempotencyKey: `in:${providerMessageId}` } })) > 0;
}

export type StatusOutcome =
  | { result: "applied"; messageId: string; status: MessageStatus; recipient: string | null; customerId: string | null }
  | { result: "duplicate" | "unknown message" | "unknown status" };

/**
 * Applies a provider's status to the outbound message it concerns — found by the provider's
 * message id or, when the send's outcome was unknown, by our id echoed in the callback data.
 * Forward-only (see domain/message-status); a repeated transition records nothing.
 */
export async function applyStatusUpdate(shopId: string, update: StatusUpdate): Promise<StatusOutcome> {
  const incoming = providerStatus(update.status);
  if (!incoming) return { result: "unknown status" };
  const uuid = /^[0-9a-f-]{36}$/i;
  const message = await prisma.message.findFirst({
    where: {
      shopId,
      direction: "OUTBOUND",
      OR: [
        { providerMessageId: update.providerMessageId },
        ...(update.callbackData && uuid.test(update.callbackData) ? [{ id: update.callbackData }] : []),
      ],
    },
  });
  if (!message) return { result: "unknown message" };

  const error = update.errors[0];
  const info = error ? describeError(error.code) : undefined;
  const advances = statusesAdvancedBy(incoming);
  const failing = incoming === "FAILED" && error !== undefined;
  const timestampColumn = Prisma.raw(`"${statusTimestampField[incoming]}"`);
  // Delivered or read also proves it was sent, when the sent status has not come (yet).
  const alsoSent =
    incoming === "DELIVERED" || incoming === "READ" ? Prisma.sql`"sentAt" = COALESCE("sentAt", ${update.timestamp}),` : Prisma.empty;
  // One statement: the history row (unique per message and status, so a repeat records nothing and
  // changes nothing) and the forward-only move, decided on the row as it is when locked.
  const [applied] = await prisma.$queryRaw<{ status: MessageStatus }[]>`
    WITH recorded AS (
      INSERT INTO "MessageStatusChange" (id, "messageId", status, "occurredAt", "errorCode", "errorTitle")
      VALUES (${randomUUID()}::uuid, ${message.id}::uuid, ${incoming}::"MessageStatus", ${update.timestamp},
              ${error ? String(error.code) : null}, ${error?.title ?? info?.title ?? null})
      ON CONFLICT ("messageId", status) DO NOTHING
      RETURNING 1
    )
    UPDATE "Message" SET
      status = CASE WHEN status = ANY(${advances}::"MessageStatus"[]) THEN ${incoming}::"MessageStatus" ELSE status END,
      ${timestampColumn} = COALESCE(${timestampColumn}, ${update.timestamp}),
      ${alsoSent}
      "providerMessageId" = COALESCE("providerMessageId", ${update.providerMessageId}),
      "pricingCategory" = COALESCE(${update.pricingCategory ?? null}, "pricingCategory"),
      "errorCode" = CASE WHEN ${failing} AND status = ANY(${advances}::"MessageStatus"[]) THEN ${error ? String(error.code) : null} ELSE "errorCode" END,
      "errorTitle" = CASE WHEN ${failing} AND status = ANY(${advances}::"MessageStatus"[]) THEN ${error?.title ?? info?.title ?? null} ELSE "errorTitle" END,
      "errorClass" = CASE WHEN ${failing} AND status = ANY(${advances}::"MessageStatus"[]) THEN ${info?.class ?? null} ELSE "errorClass" END,
      "updatedAt" = now()
    WHERE id = ${message.id}::uuid AND EXISTS (SELECT 1 FROM recorded)
    RETURNING status`;
  if (!applied) return { result: "duplicate" };
  return { result: "applied", messageId: message.id, status: applied.status, recipient: message.toPhone, customerId: message.customerId };
}
