import { DelayedError, Worker } from "bullmq";
import { Prisma, type Message } from "@prisma/client";
import type { Redis } from "ioredis";
import { prisma } from "~/db.server";
import { statusesBeforeSent } from "~/domain/message-status";
import { countryOfNumber } from "~/domain/phone";
import { nextAllowedSendTime, timezoneForCountry } from "~/domain/quiet-hours";
import { isWithinServiceWindow } from "~/domain/service-window";
import { decideAfterFailure, frequencyCapRelease, sendPolicy } from "~/domain/sending";
import { logger } from "~/logger.server";
import { recordConsentChange, suppressNumber } from "~/models/customer.server";
import { settleSubscriptionAlert } from "~/models/back-in-stock.server";
import { activeWhatsAppProvider } from "~/models/whatsapp-connection.server";
import { WhatsAppError } from "~/whatsapp/errors";
import { InvalidMessageError, type OutboundMessage } from "~/whatsapp/message";
import { QueueName, workerOptions, type SendJob } from "./queues.server";
import { SendLimits } from "./send-limits.server";

/**
 * The `send` queue's job: one outbox message, sent at most once. Each run either finishes the
 * message (sent, dead-lettered with a reason, skipped) or says when to try again; nothing here
 * sleeps. Order of checks: already done → expired → waiting for a status from an unknown-outcome
 * attempt → shop paused or circuit open → consent and suppression → quiet hours and frequency
 * cap (marketing) → throughput and pacing → the window decides free-form or template → send.
 */
export type SendStep = { kind: "done"; note: string } | { kind: "later"; at: Date; note: string };

const log = logger.child({ component: "send" });
const minute = 60_000;
const jitter = (ms: number) => ms + Math.round(Math.random() * Math.min(250, ms / 4));

type OutboxMessage = Message & {
  customer: {
    id: string;
    suppressedUntil: Date | null;
    timezone: string | null;
    countryCode: string | null;
    consents: { purpose: string; granted: boolean }[];
  } | null;
};

async function finish(
  message: OutboxMessage,
  data: Prisma.MessageUpdateInput & { status: "DEAD" | "SKIPPED" },
  note: string,
): Promise<SendStep> {
  await prisma.message.update({ where: { id: message.id }, data: { ...data, failedAt: data.status === "DEAD" ? new Date() : undefined } });
  await settleSubscriptionAlert(message.id, "failed", String(data.errorTitle ?? note));
  return { kind: "done", note };
}

async function later(message: OutboxMessage, at: Date, note: string, data: Prisma.MessageUpdateInput = {}): Promise<SendStep> {
  await prisma.message.update({ where: { id: message.id }, data: { ...data, nextAttemptAt: at } });
  return { kind: "later", at, note };
}

async function consentRevoked(message: OutboxMessage): Promise<string | undefined> {
  // A reply answers the shopper's own message: no further consent is needed.
  if (!message.customerId || message.purpose === "REPLY") return undefined;
  const purpose = message.purpose === "MARKETING" ? "MARKETING" : "ORDER_UPDATES";
  const consent = message.customer?.consents.find((c) => c.purpose === purpose);
  if (consent?.granted === false)
    return `the shopper opted out of ${purpose === "MARKETING" ? "marketing" : "order updates"} before it went out`;
  if (purpose === "MARKETING" && !consent?.granted) return "no marketing consent any more";
  return undefined;
}

async function marketingSentRecently(customerId: string, since: Date): Promise<Date[]> {
  const rows = await prisma.message.findMany({
    where: { customerId, purpose: "MARKETING", direction: "OUTBOUND", sentAt: { gte: since } },
    select: { sentAt: true },
  });
  return rows.map((row) => row.sentAt!);
}

/**
 * Whether WhatsApp events that arrived after an unknown-outcome attempt are still waiting to be
 * read. The window is bounded so a busy shop's steady stream of new events cannot hold the resend
 * forever; a status that arrives later than that is handled by the status path (never backwards).
 */
async function statusesStillUnread(message: OutboxMessage, lastAttemptAt: Date): Promise<boolean> {
  const unread = await prisma.whatsAppEvent.findFirst({
    where: {
      shopId: message.shopId,
      status: { in: ["RECEIVED", "QUEUED"] },
      receivedAt: { gte: lastAttemptAt, lte: new Date(lastAttemptAt.getTime() + sendPolicy.reconcileAfterMs) },
    },
    select: { id: true },
  });
  return unread !== null;
}

export async function sendOutboxMessage(messageId: string, limits: SendLimits, now = new Date()): Promise<SendStep> {
  const message = (await prisma.message.findUnique({
    where: { id: messageId },
    include: {
      customer: {
        select: {
          id: true,
          suppressedUntil: true,
          timezone: true,
          countryCode: true,
          consents: { select: { purpose: true, granted: true } },
        },
      },
    },
  })) as OutboxMessage | null;
  if (!message || message.direction !== "OUTBOUND") return { kind: "done", note: "not in the outbox" };
  if (message.status !== "PENDING" && message.status !== "SENDING")
    return { kind: "done", note: `already ${message.status.toLowerCase()}` };
  if (message.expiresAt && message.expiresAt < now) {
    return finish(message, { status: "DEAD", errorTitle: "Expired: it would have arrived too late to be useful" }, "expired");
  }
  if (
    message.status === "SENDING" &&
    message.lastAttemptAt &&
    now.getTime() - message.lastAttemptAt.getTime() < sendPolicy.reconcileAfterMs
  ) {
    // The last attempt's outcome is unknown: a status carrying our id would prove it went out.
    return later(
      message,
      new Date(message.lastAttemptAt.getTime() + sendPolicy.reconcileAfterMs),
      "waiting for WhatsApp's status on the previous attempt",
    );
  }
  if (message.status === "SENDING" && message.lastAttemptAt && (await statusesStillUnread(message, message.lastAttemptAt))) {
    // The proof may already be here, unread: a worker killed mid-send comes back to a backlog.
    return later(message, new Date(now.getTime() + jitter(1_000)), "reading WhatsApp's events before deciding to resend");
  }

  const settings = await prisma.shopSettings.findUnique({ where: { shopId: message.shopId } });
  if (settings?.sendingPausedAt)
    return later(message, new Date(now.getTime() + 5 * minute), `sending is paused: ${settings.sendingPausedReason}`);
  const active = await activeWhatsAppProvider(message.shopId, settings);
  if (!active) return later(message, new Date(now.getTime() + 5 * minute), "no WhatsApp connection");
  const circuit = await limits.circuit(message.shopId);
  if (circuit.state === "open")
    return later(message, new Date(now.getTime() + jitter(circuit.waitMs)), `circuit open: ${circuit.reason ?? "recent failures"}`);

  const to = message.toPhone!;
  if (message.customer?.suppressedUntil && message.customer.suppressedUntil > now) {
    return finish(
      message,
      { status: "SKIPPED", errorTitle: `${to} is paused until ${message.customer.suppressedUntil.toISOString()}` },
      "number suppressed",
    );
  }
  const revoked = await consentRevoked(message);
  if (revoked) return finish(message, { status: "SKIPPED", errorTitle: revoked }, "consent revoked");

  if (message.purpose === "MARKETING") {
    const timeZone =
      message.customer?.timezone ?? timezoneForCountry(message.customer?.countryCode ?? countryOfNumber(to)) ?? settings?.timezone ?? "UTC";
    const allowedAt = nextAllowedSendTime(now, { start: settings?.quietHoursStart ?? 1260, end: settings?.quietHoursEnd ?? 540, timeZone });
    if (allowedAt > now) return later(message, allowedAt, `quiet hours in ${timeZone}`);
    if (message.customerId) {
      const release = frequencyCapRelease(
        await marketingSentRecently(message.customerId, new Date(now.getTime() - 24 * 3600 * 1000)),
        settings?.marketingPerShopperPerDay ?? 2,
        now,
      );
      if (release) return later(message, release, "the shopper's daily marketing cap is reached");
    }
  }

  // Messages to one shopper go out in the order they were written (shipped before delivered).
  const earlier = await prisma.message.findFirst({
    where: {
      shopId: message.shopId,
      toPhone: to,
      direction: "OUTBOUND",
      status: { in: ["PENDING", "SENDING"] },
      id: { not: message.id },
      OR: [{ createdAt: { lt: message.createdAt } }, { createdAt: message.createdAt, id: { lt: message.id } }],
      AND: [{ OR: [{ scheduledAt: null }, { scheduledAt: { lte: now } }] }],
    },
    select: { id: true },
  });
  if (earlier) return later(message, new Date(now.getTime() + jitter(300)), "an earlier message to this shopper goes first");

  const number = active.connection.phoneNumberId ?? active.connection.id;
  const throughput = settings?.throughputPerSecond ?? 80;
  const wait = await limits.acquire(number, to, throughput);
  if (wait > 0) return later(message, new Date(now.getTime() + jitter(wait)), "throughput or pacing limit");

  const conversation = message.customerId
    ? await prisma.conversation.findFirst({
        where: { shopId: message.shopId, customerId: message.customerId, state: "OPEN" },
        orderBy: { updatedAt: "desc" },
      })
    : null;
  const useSession =
    Boolean(message.sessionContent) &&
    (!active.provider.capabilities.serviceWindow || isWithinServiceWindow(conversation?.windowExpiresAt, now));
  const outbound = (useSession ? message.sessionContent : message.content) as unknown as OutboundMessage;
  if (message.purpose === "MARKETING" && outbound.type === "template" && countryOfNumber(to) === "US") {
    // Meta has not delivered marketing templates to US numbers since April 2025 (and still charges).
    return finish(
      message,
      {
        status: "SKIPPED",
        errorTitle: "Meta does not deliver marketing templates to US numbers; only a reply inside a conversation can reach them",
      },
      "US marketing template",
    );
  }

  const claimed = await prisma.message.updateMany({
    where: { id: message.id, status: { in: ["PENDING", "SENDING"] } },
    data: { status: "SENDING", attempts: { increment: 1 }, lastAttemptAt: now, provider: active.provider.kind, type: outbound.type },
  });
  if (claimed.count === 0) return { kind: "done", note: "handled by another worker" };
  const attempts = message.attempts + 1;

  try {
    const sent = await active.provider.send({ to, message: outbound, callbackData: message.id });
    // One statement, so a status webhook that arrived first is never moved backwards (see nextMessageStatus).
    await prisma.$executeRaw`
      UPDATE "Message" SET
        status = CASE WHEN status = ANY(${statusesBeforeSent}::"MessageStatus"[]) THEN 'SENT'::"MessageStatus" ELSE status END,
        "providerMessageId" = ${sent.providerMessageId}, "sentAt" = ${now}, "conversationId" = ${conversation?.id ?? null}::uuid,
        "errorCode" = NULL, "errorTitle" = NULL, "errorClass" = NULL, "updatedAt" = now()
      WHERE id = ${message.id}::uuid`;
    await limits.recordSuccess(message.shopId);
    await settleSubscriptionAlert(message.id, "sent");
    return { kind: "done", note: `sent ${useSession ? "free-form" : "template"} ${outbound.type} to ${to}` };
  } catch (error) {
    if (error instanceof InvalidMessageError) {
      return finish(
        message,
        { status: "DEAD", errorTitle: error.message.slice(0, 500), errorClass: "permanent_content" },
        "invalid message",
      );
    }
    if (!(error instanceof WhatsAppError)) {
      // Not WhatsApp's answer (a bug, the database): let BullMQ retry the job.
      await prisma.message.update({ where: { id: message.id }, data: { status: "PENDING" } });
      throw error;
    }
    return handleFailure(message, error, {
      attempts,
      useSession,
      number,
      to,
      throughput,
      now,
      limits,
      suppressionDays: settings?.suppressionDays ?? 30,
    });
  }
}

async function handleFailure(
  message: OutboxMessage,
  error: WhatsAppError,
  context: {
    attempts: number;
    useSession: boolean;
    number: string;
    to: string;
    throughput: number;
    now: Date;
    limits: SendLimits;
    suppressionDays: number;
  },
): Promise<SendStep> {
  const { info } = error;
  const { limits, now } = context;
  const lastError = { errorCode: String(info.code), errorTitle: error.message.slice(0, 500), errorClass: info.class };
  if (info.actions.includes("slow_number")) await limits.slowNumber(context.number, context.throughput);
  if (info.actions.includes("pace_recipient")) await limits.paceRecipient(context.number, context.to);
  if (info.actions.includes("suppress_number"))
    await suppressNumber(message.shopId, context.to, new Date(now.getTime() + context.suppressionDays * 24 * 3600 * 1000), info.title);
  if (info.actions.includes("record_opt_out") && message.customerId) {
    await recordConsentChange({
      shopId: message.shopId,
      customerId: message.customerId,
      purpose: "MARKETING",
      granted: false,
      source: "PROVIDER",
      sourceRef: message.id,
    });
  }
  if (["retry_now", "retry_later", "shop_level"].includes(info.class) || error.details.outcomeUnknown) {
    const opened = await limits.recordFailure(message.shopId, { shopLevel: info.class === "shop_level", reason: info.title });
    if (opened) log.warn({ shopId: message.shopId, reason: info.title }, "circuit opened: the shop's sending is held");
  }

  const decision = decideAfterFailure(info, {
    attempts: context.attempts,
    outcomeUnknown: error.details.outcomeUnknown,
    sentSessionForm: context.useSession,
    now,
  });
  switch (decision.kind) {
    case "retry":
    case "hold_shop":
      return later(message, decision.at, `${info.title}; retrying`, { status: "PENDING", ...lastError });
    case "reconcile":
      return later(message, decision.at, "outcome unknown; waiting for WhatsApp's status before any resend", {
        status: "SENDING",
        ...lastError,
      });
    case "use_template":
      // 131047: the window closed after all. Never retry the free-form message: send the template.
      return later(message, now, "window closed; sending the template instead", {
        status: "PENDING",
        sessionContent: Prisma.DbNull,
        ...lastError,
      });
    case "dead":
      return finish(message, { status: "DEAD", ...lastError, errorTitle: decision.reason }, decision.reason);
  }
}

/** The `send` queue's worker. A message to retry later goes back to the queue as a delayed job. */
export function createSendWorker(connection: Redis, { concurrency = 16 } = {}) {
  const limits = new SendLimits(connection);
  const worker = new Worker<SendJob, string>(
    QueueName.send,
    async (job, token) => {
      const step = await sendOutboxMessage(job.data.messageId, limits);
      if (step.kind === "later") {
        await job.moveToDelayed(step.at.getTime(), token);
        throw new DelayedError();
      }
      return step.note;
    },
    workerOptions(connection, concurrency),
  );
  worker.on("failed", (job, error) => log.warn({ messageId: job?.data.messageId, err: error.message }, "send job failed"));
  worker.on("error", (error) => log.warn({ err: error.message }, "send worker connection problem"));
  return worker;
}
