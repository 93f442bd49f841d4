import { z } from "zod";
import { prisma } from "~/db.server";
import { normalizePhone } from "~/domain/phone";
import { logger } from "~/logger.server";
import { subscribeToBackInStock } from "~/models/back-in-stock.server";
import { findOrCreateCustomerByPhone, recordConsentChange } from "~/models/customer.server";
import { variantDetails } from "~/shopify/admin.server";
import { numberAttempt, visitorAttempt } from "./storefront-limits.server";

/**
 * The storefront's "Notify me on WhatsApp" form (theme app extension → app proxy). Answers with a
 * code the block turns into a message in the shopper's language.
 */
export const subscribeFormSchema = z.object({
  variant_id: z.string().regex(/^\d{1,20}$/),
  phone: z.string().trim().min(1).max(40),
  country: z
    .string()
    .regex(/^[A-Za-z]{2}$/)
    .optional(),
  consent: z.enum(["on", "true", "yes", "1"], { error: "consent_required" }),
  locale: z.string().max(20).optional(),
});

/** Every code the form can be answered with: the block has a message for each, in every language. */
export const subscribeAnswerCodes = [
  "subscribed",
  "already_subscribed",
  "invalid_form",
  "consent_required",
  "invalid_phone",
  "unknown_variant",
  "unknown_shop",
  "rate_limited",
] as const;

export type SubscribeAnswer =
  | { ok: true; code: "subscribed" | "already_subscribed" }
  | { ok: false; code: "invalid_form" | "consent_required" | "invalid_phone" | "unknown_variant" | "unknown_shop"; detail?: string }
  | { ok: false; code: "rate_limited"; retryAfterSeconds: number };
// The list above and the answers cannot drift apart:
type Missing = Exclude<SubscribeAnswer["code"], (typeof subscribeAnswerCodes)[number]>;
const everyCodeListed: [Missing] extends [never] ? true : false = true;
void everyCodeListed;

export async function subscribeFromStorefront(
  shopDomain: string,
  form: Record<string, unknown>,
  { visitor = null }: { visitor?: string | null } = {},
): Promise<SubscribeAnswer> {
  const byVisitor = await visitorAttempt(shopDomain, visitor);
  if (!byVisitor.ok) return { ok: false, code: "rate_limited", retryAfterSeconds: byVisitor.retryAfterSeconds };
  const parsed = subscribeFormSchema.safeParse(form);
  if (!parsed.success) {
    const consentMissing = parsed.error.issues.some((issue) => issue.path[0] === "consent");
    return consentMissing
      ? { ok: false, code: "consent_required" }
      : { ok: false, code: "invalid_form", detail: parsed.error.issues[0].message };
  }
  const shop = await prisma.shop.findUnique({ where: { domain: shopDomain } });
  if (!shop || shop.status !== "INSTALLED") return { ok: false, code: "unknown_shop" };
  const phone = normalizePhone(parsed.data.phone, parsed.data.country);
  if (!phone.ok) return { ok: false, code: "invalid_phone", detail: phone.reason };
  const byNumber = await numberAttempt(shopDomain, phone.e164);
  if (!byNumber.ok) return { ok: false, code: "rate_limited", retryAfterSeconds: byNumber.retryAfterSeconds };
  const variantId = `gid://shopify/ProductVariant/${parsed.data.variant_id}`;
  const variant = await variantDetails(shopDomain, variantId);
  if (!variant) return { ok: false, code: "unknown_variant" };

  const customer = await findOrCreateCustomerByPhone(shop.id, phone.e164);
  await prisma.customer.update({
    where: { id: customer.id },
    data: { locale: parsed.data.locale ?? customer.locale, countryCode: customer.countryCode ?? phone.country },
  });
  await recordConsentChange({
    shopId: shop.id,
    customerId: customer.id,
    purpose: "MARKETING",
    granted: true,
    source: "STOREFRONT",
    sourceRef: variantId,
  });
  const subscription = await subscribeToBackInStock({
    shopId: shop.id,
    customerId: customer.id,
    variantId,
    productId: variant.productId,
    inventoryItemId: variant.inventoryItemId,
    locale: parsed.data.locale,
    source: "STOREFRONT",
  });
  logger.info({ shop: shopDomain, variantId, created: subscription.created }, "back-in-stock subscription from the storefront");
  return { ok: true, code: subscription.created ? "subscribed" : "already_subscribed" };
}

/** The carrier's tracking page for a shipment, for the app proxy's tracking link. */
export async function trackingUrlFor(shopDomain: string, fulfillmentId: string): Promise<string | null> {
  const shop = await prisma.shop.findUnique({ where: { domain: shopDomain }, select: { id: true } });
  if (!shop || !/^\d{1,20}$/.test(fulfillmentId)) return null;
  const shipment = await prisma.shipment.findUnique({ where: { shopId_fulfillmentId: { shopId: shop.id, fulfillmentId } } });
  const url = shipment?.trackingUrl;
  return url && /^https?:\/\//.test(url) ? url : null;
}
