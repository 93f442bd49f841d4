import { Prisma, type MessageStatus } from "@prisma/client";
import { prisma } from "~/db.server";
import { nextMessageStatus, providerStatus, statusTimestampField } from "~/domain/message-status";
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
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.messageStatusChange.createMany({
      data: [
        {
          messageId: message.id,
          status: incoming,
          occurredAt: update.timestamp,
          errorCode: error ? String(error.code) : null,
          errorTitle: error?.title ?? info?.title ?? null,
        },
      ],
      skipDuplicates: true,
    });
    if (count === 0) return { result: "duplicate" } as const;

    // Re-read under a row lock so two statuses for one message cannot race past each other.
    const [current] = await tx.$queryRaw<
      { status: MessageStatus }[]
    >`SELECT status FROM "Message" WHERE id = ${message.id}::uuid FOR UPDATE`;
    const next = nextMessageStatus(current.status, incoming);
    const timestampField = statusTimestampField[incoming];
    await tx.message.update({
      where: { id: message.id },
      data: {
        status: next,
        ...(message[timestampField] ? {} : { [timestampField]: update.timestamp }),
        ...(incoming !== "FAILED" && !message.sentAt ? { sentAt: update.timestamp } : {}),
        ...(message.providerMessageId ? {} : { providerMessageId: update.providerMessageId }),
        ...(update.pricingCategory ? { pricingCategory: update.pricingCategory } : {}),
        ...(next === "FAILED" && error
          ? { errorCode: String(error.code), errorTitle: error.title ?? info!.title, errorClass: info!.class }
          : {}),
      },
    });
    return { result: "applied", messageId: message.id, status: next, recipient: message.toPhone, customerId: message.customerId } as const;
  });
}
