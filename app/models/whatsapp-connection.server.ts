import { randomBytes } from "node:crypto";
import type { WhatsAppConnection, WhatsAppProvider as ProviderKind } from "@prisma/client";
import { z } from "zod";
import { prisma } from "~/db.server";
import { logger } from "~/logger.server";
import { configuredKeyring, open, seal, type Keyring } from "~/security/encryption.server";
import { WhatsAppError } from "~/whatsapp/errors";
import type { PhoneNumberFacts, WhatsAppProvider } from "~/whatsapp/provider";
import { createProvider, type ProviderConnection, type ProviderCredentials } from "~/whatsapp/providers.server";

/** What staff paste to connect a number, validated on the server. */
export const connectInputSchema = z.discriminatedUnion("provider", [
  z.object({
    provider: z.literal("CLOUD"),
    phoneNumberId: z
      .string()
      .trim()
      .regex(/^\d{5,20}$/, "The phone number ID is the number Meta shows under API Setup (digits only)."),
    wabaId: z
      .string()
      .trim()
      .regex(/^\d{5,20}$/, "The WhatsApp Business Account ID is digits only (WhatsApp Manager > Account tools)."),
    accessToken: z.string().trim().min(20, "Paste the whole access token (a system user's permanent token is best)."),
  }),
  z.object({
    provider: z.literal("ULTRAMSG"),
    instanceId: z
      .string()
      .trim()
      .regex(/^instance\d+$/, "The instance ID looks like instance12345 (UltraMsg dashboard)."),
    token: z.string().trim().min(8, "Paste the instance's token from the UltraMsg dashboard."),
  }),
  z.object({ provider: z.literal("SANDBOX") }),
]);
export type ConnectInput = z.infer<typeof connectInputSchema>;

/** Connecting failed; the message says what happened and what to do. Nothing was stored. */
export class ConnectionFailedError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = "ConnectionFailedError";
  }
}

/** The public face of a connection: never its credentials. */
export interface ConnectionView {
  provider: ProviderKind;
  active: boolean;
  status: WhatsAppConnection["status"];
  statusReason: string | null;
  phoneNumberId: string | null;
  wabaId: string | null;
  instanceId: string | null;
  displayPhoneNumber: string | null;
  verifiedName: string | null;
  qualityRating: string | null;
  nameStatus: string | null;
  messagingLimit: string | null;
  connectedAt: string;
  factsCheckedAt: string | null;
  /** Where UltraMsg should post its webhooks (path only; the host is the app's). */
  webhookPath: string | null;
}

export function connectionView(connection: WhatsAppConnection, activeProvider: ProviderKind | null): ConnectionView {
  return {
    provider: connection.provider,
    active: connection.provider === activeProvider,
    status: connection.status,
    statusReason: connection.statusReason,
    phoneNumberId: connection.phoneNumberId,
    wabaId: connection.wabaId,
    instanceId: connection.instanceId,
    displayPhoneNumber: connection.displayPhoneNumber,
    verifiedName: connection.verifiedName,
    qualityRating: connection.qualityRating,
    nameStatus: connection.nameStatus,
    messagingLimit: connection.messagingLimit,
    connectedAt: connection.connectedAt.toISOString(),
    factsCheckedAt: connection.factsCheckedAt?.toISOString() ?? null,
    webhookPath: connection.provider === "ULTRAMSG" ? `/webhooks/ultramsg/${connection.webhookSecret}` : null,
  };
}

const associatedData = (shopId: string, provider: ProviderKind) => `whatsapp-connection:${shopId}:${provider}`;

function credentialsOf(input: ConnectInput): ProviderCredentials {
  if (input.provider === "CLOUD") return { accessToken: input.accessToken };
  if (input.provider === "ULTRAMSG") return { token: input.token };
  return {};
}

function connectionFields(shopId: string, input: ConnectInput, existingSandboxId?: string | null): ProviderConnection {
  return {
    shopId,
    provider: input.provider,
    phoneNumberId:
      input.provider === "CLOUD"
        ? input.phoneNumberId
        : input.provider === "SANDBOX"
          ? (existingSandboxId ?? `sandbox-${randomBytes(6).toString("hex")}`)
          : null,
    wabaId: input.provider === "CLOUD" ? input.wabaId : null,
    instanceId: input.provider === "ULTRAMSG" ? input.instanceId : null,
  };
}

function explain(error: unknown): ConnectionFailedError {
  if (error instanceof WhatsAppError) {
    const field = error.info.actions.includes("reconnect") ? "accessToken" : undefined;
    return new ConnectionFailedError(`WhatsApp refused the connection: ${error.info.title} (${error.code}). ${error.info.hint}`, field);
  }
  return new ConnectionFailedError(
    `Could not reach the provider to check the connection: ${(error as Error).message}. Try again in a moment.`,
  );
}

async function checkCredentials(provider: WhatsAppProvider): Promise<PhoneNumberFacts> {
  try {
    return await provider.numberFacts();
  } catch (error) {
    throw explain(error);
  }
}

/** Checks credentials against the provider and reads the number's facts; stores nothing. */
export async function testWhatsAppConnection(shopId: string, input: ConnectInput): Promise<PhoneNumberFacts> {
  const existing = await prisma.whatsAppConnection.findUnique({ where: { shopId_provider: { shopId, provider: input.provider } } });
  return checkCredentials(createProvider(connectionFields(shopId, input, existing?.phoneNumberId), credentialsOf(input)));
}

/**
 * Connects a shop to WhatsApp through a provider: validates the credentials against the
 * provider, reads the number's facts, stores the credentials sealed, and makes it the shop's
 * active connection. On any failure nothing is stored.
 */
export async function connectWhatsApp(shopId: string, input: ConnectInput): Promise<ConnectionView> {
  const existing = await prisma.whatsAppConnection.findUnique({ where: { shopId_provider: { shopId, provider: input.provider } } });
  const fields = connectionFields(shopId, input, existing?.phoneNumberId);
  // Credentials first: whether a number is in use elsewhere is only told to its owner.
  const facts = await checkCredentials(createProvider(fields, credentialsOf(input)));
  if (fields.phoneNumberId && input.provider === "CLOUD") {
    const owner = await prisma.whatsAppConnection.findUnique({ where: { phoneNumberId: fields.phoneNumberId }, select: { shopId: true } });
    if (owner && owner.shopId !== shopId) {
      throw new ConnectionFailedError(
        "This WhatsApp number is already connected to another store. Disconnect it there first.",
        "phoneNumberId",
      );
    }
  }
  const sealed = seal(JSON.stringify(credentialsOf(input)), associatedData(shopId, input.provider));
  const data = {
    ...fields,
    credentials: sealed.blob,
    credentialsKeyId: sealed.keyId,
    displayPhoneNumber: facts.displayPhoneNumber,
    verifiedName: facts.verifiedName ?? null,
    qualityRating: facts.qualityRating ?? null,
    nameStatus: facts.nameStatus ?? null,
    messagingLimit: facts.messagingLimit ?? null,
    throughputLevel: facts.throughputLevel ?? null,
    status: "CONNECTED" as const,
    statusReason: null,
    factsCheckedAt: new Date(),
  };
  const [connection] = await prisma.$transaction([
    prisma.whatsAppConnection.upsert({
      where: { shopId_provider: { shopId, provider: input.provider } },
      create: { ...data, webhookSecret: randomBytes(24).toString("hex") },
      update: { ...data, connectedAt: new Date() },
    }),
    prisma.shopSettings.upsert({
      where: { shopId },
      create: { shopId, whatsappProvider: input.provider },
      update: { whatsappProvider: input.provider },
    }),
  ]);
  logger.info({ shopId, provider: input.provider, number: facts.displayPhoneNumber }, "WhatsApp connected");
  return connectionView(connection, input.provider);
}

/** Makes an already-connected provider the active one (the sandbox is created on first use). */
export async function switchWhatsAppProvider(shopId: string, provider: ProviderKind): Promise<ConnectionView> {
  const existing = await prisma.whatsAppConnection.findUnique({ where: { shopId_provider: { shopId, provider } } });
  if (!existing) {
    if (provider === "SANDBOX") return connectWhatsApp(shopId, { provider: "SANDBOX" });
    throw new ConnectionFailedError(
      `Connect ${provider === "CLOUD" ? "the Cloud API" : "UltraMsg"} first: no credentials are saved for it.`,
    );
  }
  await prisma.shopSettings.upsert({
    where: { shopId },
    create: { shopId, whatsappProvider: provider },
    update: { whatsappProvider: provider },
  });
  return connectionView(existing, provider);
}

/** Whether the shop has tried the sandbox: its shopper phone page is then worth a place in the menu. */
export async function usesSandbox(shopId: string): Promise<boolean> {
  return (await prisma.whatsAppConnection.count({ where: { shopId, provider: "SANDBOX" } })) > 0;
}

/** Every connection the shop has, for the settings page. */
export async function listWhatsAppConnections(shopId: string): Promise<ConnectionView[]> {
  const [connections, settings] = await Promise.all([
    prisma.whatsAppConnection.findMany({ where: { shopId }, orderBy: { connectedAt: "asc" } }),
    prisma.shopSettings.findUnique({ where: { shopId }, select: { whatsappProvider: true } }),
  ]);
  return connections.map((connection) => connectionView(connection, settings?.whatsappProvider ?? null));
}

/** The provider the shop sends through, ready to use; null when none is connected. */
export async function activeWhatsAppProvider(
  shopId: string,
  /** The shop's settings when the caller has just read them: saves reading them again. */
  known?: { whatsappProvider: ProviderKind | null } | null,
): Promise<{ connection: WhatsAppConnection; provider: WhatsAppProvider } | null> {
  const settings = known ?? (await prisma.shopSettings.findUnique({ where: { shopId }, select: { whatsappProvider: true } }));
  if (!settings?.whatsappProvider) return null;
  const connection = await prisma.whatsAppConnection.findUnique({
    where: { shopId_provider: { shopId, provider: settings.whatsappProvider } },
  });
  if (!connection) return null;
  const credentials = JSON.parse(
    open({ keyId: connection.credentialsKeyId, blob: connection.credentials }, associatedData(shopId, connection.provider)),
  ) as ProviderCredentials;
  return { connection, provider: createProvider(connection, credentials) };
}

/** Cloud connections a Meta webhook may concern: by phone number id, or by WABA for account-level changes. */
export async function findCloudConnectionsFor(phoneNumberIds: string[], wabaIds: string[]) {
  if (phoneNumberIds.length === 0 && wabaIds.length === 0) return [];
  return prisma.whatsAppConnection.findMany({
    where: { provider: "CLOUD", OR: [{ phoneNumberId: { in: phoneNumberIds } }, { wabaId: { in: wabaIds } }] },
    select: { id: true, shopId: true, phoneNumberId: true, wabaId: true },
  });
}

export async function findUltraMsgConnectionBySecret(secret: string) {
  return prisma.whatsAppConnection.findFirst({ where: { provider: "ULTRAMSG", webhookSecret: secret } });
}

/**
 * Re-encrypts every connection sealed with a retired key (`npm run keys:rotate`); returns how
 * many were re-sealed. Safe to run while the app runs, and again.
 */
export async function resealCredentials(keyring: Keyring = configuredKeyring()): Promise<number> {
  const stale = await prisma.whatsAppConnection.findMany({ where: { credentialsKeyId: { not: keyring.current.id } } });
  for (const connection of stale) {
    const ad = associatedData(connection.shopId, connection.provider);
    const sealed = seal(open({ keyId: connection.credentialsKeyId, blob: connection.credentials }, ad, keyring), ad, keyring);
    await prisma.whatsAppConnection.update({
      where: { id: connection.id, credentialsKeyId: connection.credentialsKeyId },
      data: { credentials: sealed.blob, credentialsKeyId: sealed.keyId },
    });
  }
  return stale.length;
}

/** phone_number_quality_update: the number's messaging limit or quality changed. */
export async function applyNumberQuality(shopId: string, update: { event: string; currentLimit?: string }) {
  const quality = update.event === "FLAGGED" ? "RED" : update.event === "UNFLAGGED" ? "GREEN" : undefined;
  const { count } = await prisma.whatsAppConnection.updateMany({
    where: { shopId, provider: "CLOUD" },
    data: {
      ...(update.currentLimit ? { messagingLimit: update.currentLimit } : {}),
      ...(quality ? { qualityRating: quality } : {}),
      factsCheckedAt: new Date(),
    },
  });
  return count;
}

const metaPausePrefix = "Meta";

/**
 * account_update: restrictions, violations and bans pause the shop's sending (journeys check
 * ShopSettings.sendingPausedAt); a reinstatement lifts a pause that Meta caused.
 */
export async function applyAccountUpdate(shopId: string, event: string, detail: Record<string, unknown>): Promise<string> {
  const ban = detail.ban_info as { waba_ban_state?: string } | undefined;
  const restrictions = (detail.restriction_info as { restriction_type?: string; expiration?: number }[] | undefined) ?? [];
  const violation = (detail.violation_info as { violation_type?: string } | undefined)?.violation_type;

  let pause: string | undefined;
  let resume = false;
  let status: "RESTRICTED" | "DISCONNECTED" | "CONNECTED" | undefined;
  if (event === "ACCOUNT_RESTRICTION" && restrictions.length) {
    const until = Math.max(...restrictions.map((r) => r.expiration ?? 0));
    pause = `${metaPausePrefix} restricted the account (${restrictions.map((r) => r.restriction_type).join(", ")})${until ? ` until ${new Date(until * 1000).toISOString()}` : ""}.`;
    status = "RESTRICTED";
  } else if (event === "ACCOUNT_VIOLATION") {
    pause = `${metaPausePrefix} reported a policy violation${violation ? ` (${violation})` : ""}. Review it in WhatsApp Manager.`;
    status = "RESTRICTED";
  } else if (event === "DISABLED_UPDATE" && ban?.waba_ban_state === "REINSTATE") {
    resume = true;
    status = "CONNECTED";
  } else if (event === "DISABLED_UPDATE") {
    pause = `${metaPausePrefix} disabled the WhatsApp Business account (${ban?.waba_ban_state ?? "banned"}). Request a review in WhatsApp Manager.`;
    status = "RESTRICTED";
  } else if (event === "ACCOUNT_DELETED" || event === "ACCOUNT_OFFBOARDED") {
    pause = `${metaPausePrefix} reports the WhatsApp Business account was ${event === "ACCOUNT_DELETED" ? "deleted" : "offboarded"}. Connect another number.`;
    status = "DISCONNECTED";
  } else if (event === "ACCOUNT_RECONNECTED") {
    resume = true;
    status = "CONNECTED";
  } else {
    return `account update ${event} noted`;
  }

  await prisma.$transaction([
    prisma.whatsAppConnection.updateMany({ where: { shopId, provider: "CLOUD" }, data: { status, statusReason: pause ?? null } }),
    pause
      ? prisma.shopSettings.updateMany({ where: { shopId }, data: { sendingPausedAt: new Date(), sendingPausedReason: pause } })
      : prisma.shopSettings.updateMany({
          where: { shopId, sendingPausedReason: { startsWith: metaPausePrefix } },
          data: { sendingPausedAt: null, sendingPausedReason: null },
        }),
  ]);
  if (pause) logger.warn({ shopId, event }, "sending paused by a WhatsApp account update");
  return pause ? `sending paused: ${pause}` : resume ? "sending resumed: Meta reinstated the account" : `account update ${event} noted`;
}
