import type { ConsentPurpose, ConsentSource } from "@prisma/client";
import { prisma } from "~/db.server";

/** The shop's customer with this WhatsApp number, created on first contact. */
export async function findOrCreateCustomerByPhone(shopId: string, phoneE164: string, details: { waId?: string; firstName?: string } = {}) {
  return prisma.customer.upsert({
    where: { shopId_phoneE164: { shopId, phoneE164 } },
    create: { shopId, phoneE164, waId: details.waId, firstName: details.firstName },
    update: { ...(details.waId ? { waId: details.waId } : {}) },
  });
}

export async function findCustomerByPhone(shopId: string, phoneE164: string) {
  return prisma.customer.findUnique({ where: { shopId_phoneE164: { shopId, phoneE164 } } });
}

/** Stops messages to a number WhatsApp reported undeliverable, until `until`. */
export async function suppressNumber(shopId: string, phoneE164: string, until: Date, reason: string) {
  await prisma.customer.updateMany({ where: { shopId, phoneE164 }, data: { suppressedUntil: until, suppressionReason: reason } });
}

/** Records a consent change with its source and time, and makes it the current consent. */
export async function recordConsentChange(input: {
  shopId: string;
  customerId: string;
  purpose: ConsentPurpose;
  granted: boolean;
  source: ConsentSource;
  sourceRef?: string;
  occurredAt?: Date;
}) {
  const occurredAt = input.occurredAt ?? new Date();
  await prisma.$transaction([
    prisma.consentChange.create({
      data: {
        shopId: input.shopId,
        customerId: input.customerId,
        purpose: input.purpose,
        granted: input.granted,
        source: input.source,
        sourceRef: input.sourceRef,
        occurredAt,
      },
    }),
    prisma.consent.upsert({
      where: { customerId_purpose: { customerId: input.customerId, purpose: input.purpose } },
      create: { customerId: input.customerId, purpose: input.purpose, granted: input.granted, source: input.source },
      update: { granted: input.granted, source: input.source },
    }),
  ]);
}
