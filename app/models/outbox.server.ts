import { randomUUID } from "node:crypto";
import type { Prisma } from "@prisma/client";
import { prisma } from "~/db.server";
import { bindValues } from "~/domain/journey-bindings";
import type { PlannedMessage } from "~/domain/journeys";
import { sessionMessage } from "~/domain/session-message";
import { templateMessage } from "~/domain/template-content";
import { logger } from "~/logger.server";
import { InvalidMessageError, validateOutboundMessage, type OutboundMessage } from "~/whatsapp/message";
import { resolveTemplateForSend } from "./template-lifecycle.server";

/**
 * The message outbox. A planned message becomes one row, unique on (shop, idempotency key): a
 * redelivered webhook, a retried job or two workers racing write it once. A message that cannot
 * be sent (no approved template, a variable without a value) is written as SKIPPED with the
 * reason, so staff can see why nothing went out.
 */
export interface OutboxResult {
  /** Rows created now, to be put on the send queue. */
  queued: { id: string; step: string; to: string; priority: number; scheduledAt: Date | null }[];
  skipped: { step: string; reason: string }[];
  /** Keys already in the outbox: nothing new was written. */
  duplicates: number;
  notes: string[];
}

export async function writeToOutbox(
  shopId: string,
  planned: PlannedMessage[],
  { sourceEventId }: { sourceEventId?: string } = {},
): Promise<OutboxResult> {
  const result: OutboxResult = { queued: [], skipped: [], duplicates: 0, notes: [] };
  const rows: Prisma.MessageCreateManyInput[] = [];
  // A restock batch sends one template to a hundred shoppers in a handful of languages: resolve each once.
  const resolutions = new Map<string, ReturnType<typeof resolveTemplateForSend>>();
  const resolve = (templateId: string, locale: string | null | undefined) => {
    const key = `${templateId}/${locale ?? ""}`;
    if (!resolutions.has(key)) resolutions.set(key, resolveTemplateForSend(shopId, templateId, locale));
    return resolutions.get(key)!;
  };
  for (const message of planned) {
    const base = {
      id: randomUUID(),
      shopId,
      customerId: message.recipient.customerId ?? null,
      direction: "OUTBOUND" as const,
      idempotencyKey: message.idempotencyKey,
      journeyStep: message.step,
      sourceEventId: sourceEventId ?? null,
      toPhone: message.recipient.phone,
      type: "template",
      priority: message.priority,
      purpose: message.purpose,
      subjectRef: message.subjectRef,
      scheduledAt: message.scheduledAt ?? null,
      nextAttemptAt: message.scheduledAt ?? null,
      expiresAt: message.expiresAt,
    };
    const skip = (reason: string) => rows.push({ ...base, content: {}, status: "SKIPPED", errorTitle: reason });
    const resolved = await resolve(message.templateId, message.recipient.locale);
    if (!resolved.ok) {
      skip(`no template to send: ${resolved.reason}`);
      continue;
    }
    if (resolved.resolution.fallbacks.length) result.notes.push(`${message.step}: ${resolved.resolution.fallbacks.join("; ")}`);
    const bound = bindValues(resolved.content, message.bindings, message.facts, resolved.resolution.language);
    if (!bound.ok) {
      skip(`the event has no value for ${bound.missing.join(", ")}, and the journey sets no default`);
      continue;
    }
    const values = { ...bound.values, quickReplyPayloads: message.quickReplyPayloads };
    try {
      const content = validateOutboundMessage(templateMessage(resolved.content, resolved.resolution, values));
      rows.push({
        ...base,
        templateVersionId: resolved.resolution.versionId,
        content: content as Prisma.InputJsonObject,
        sessionContent: validateOutboundMessage(sessionMessage(resolved.content, values)) as Prisma.InputJsonObject,
        status: "PENDING",
      });
    } catch (error) {
      if (!(error instanceof InvalidMessageError)) throw error;
      skip(error.message);
    }
  }
  if (rows.length === 0) return result;
  const created = await prisma.message.createManyAndReturn({
    data: rows,
    skipDuplicates: true,
    select: { id: true, journeyStep: true, toPhone: true, status: true, priority: true, scheduledAt: true, errorTitle: true },
  });
  // Only rows created now count: a key already in the outbox was decided by an earlier run.
  result.duplicates = rows.length - created.length;
  for (const row of created) {
    if (row.status === "SKIPPED") result.skipped.push({ step: row.journeyStep ?? "", reason: row.errorTitle ?? "" });
    else
      result.queued.push({
        id: row.id,
        step: row.journeyStep ?? "",
        to: row.toPhone ?? "",
        priority: row.priority,
        scheduledAt: row.scheduledAt,
      });
  }
  return result;
}

/** Pending messages about these subjects are called off (an order cancelled, a COD answered, stock gone). */
export async function cancelPending(shopId: string, subjectRefs: string[], reason: string): Promise<string[]> {
  const pending = await prisma.message.findMany({
    where: { shopId, subjectRef: { in: subjectRefs }, direction: "OUTBOUND", status: "PENDING" },
    select: { id: true },
  });
  if (!pending.length) return [];
  const ids = pending.map((m) => m.id);
  await prisma.message.updateMany({
    where: { id: { in: ids }, status: "PENDING" },
    data: { status: "CANCELLED", errorTitle: `Cancelled: ${reason}` },
  });
  logger.info({ shopId, count: ids.length, reason }, "pending messages cancelled");
  return ids;
}

/** What is already planned about a subject (a fulfillment's shipping steps), to keep updates in order. */
export async function plannedSteps(shopId: string, subjectRef: string): Promise<string[]> {
  const rows = await prisma.message.findMany({
    where: { shopId, subjectRef, direction: "OUTBOUND", status: { notIn: ["SKIPPED", "CANCELLED"] } },
    select: { journeyStep: true },
  });
  return rows.map((row) => row.journeyStep ?? "");
}

/** Outbox messages that should be on the send queue but may not be (Redis lost them, or never got them). */
export async function findMessagesToRedrive(before: Date, limit: number) {
  return prisma.message.findMany({
    where: {
      direction: "OUTBOUND",
      status: { in: ["PENDING", "SENDING"] },
      OR: [{ nextAttemptAt: null, createdAt: { lt: before } }, { nextAttemptAt: { lt: before } }],
    },
    orderBy: { createdAt: "asc" },
    take: limit,
    select: { id: true, priority: true, nextAttemptAt: true },
  });
}

/**
 * A free-form reply inside the customer service window (an opt-out confirmation, a COD answer):
 * first in line, needing no consent beyond the shopper's own message, once per key.
 */
export async function writeReply(
  shopId: string,
  input: { customerId: string; to: string; message: OutboundMessage; key: string; conversationId?: string | null },
) {
  const body = input.message as unknown as Prisma.InputJsonObject;
  const rows = await prisma.message.createManyAndReturn({
    data: [
      {
        shopId,
        customerId: input.customerId,
        conversationId: input.conversationId ?? null,
        direction: "OUTBOUND",
        idempotencyKey: `reply:${input.key}`,
        journeyStep: "reply",
        toPhone: input.to,
        type: input.message.type,
        content: body,
        sessionContent: body,
        priority: 1,
        purpose: "REPLY",
        status: "PENDING",
        expiresAt: new Date(Date.now() + 23 * 3600 * 1000),
      },
    ],
    skipDuplicates: true,
    select: { id: true, priority: true, scheduledAt: true },
  });
  return rows;
}

/** A shopper said STOP: what is still waiting to go to them for those purposes is called off. */
export async function cancelPendingForCustomer(shopId: string, customerId: string, purposes: string[], reason: string): Promise<string[]> {
  const pending = await prisma.message.findMany({
    where: { shopId, customerId, direction: "OUTBOUND", status: "PENDING", purpose: { in: purposes } },
    select: { id: true },
  });
  const ids = pending.map((m) => m.id);
  if (ids.length)
    await prisma.message.updateMany({
      where: { id: { in: ids }, status: "PENDING" },
      data: { status: "CANCELLED", errorTitle: `Cancelled: ${reason}` },
    });
  return ids;
}
