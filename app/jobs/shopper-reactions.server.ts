import { prisma } from "~/db.server";
import { variantIdFromRetailerId } from "~/domain/catalog";
import { keywordIntent } from "~/domain/consent";
import { planCodAnswered } from "~/domain/journeys";
import { languageOfNumber } from "~/domain/phone";
import { isMarketingStop, replyLanguage, shopperReply } from "~/domain/shopper-replies";
import { settleSubscriptionAlert, subscribeToBackInStock } from "~/models/back-in-stock.server";
import { recordConsentChange } from "~/models/customer.server";
import { cancelPending, cancelPendingForCustomer, writeReply } from "~/models/outbox.server";
import { shopDisplayName } from "~/models/shop.server";
import { variantDetails } from "~/shopify/admin.server";
import type { InboundMessage } from "~/whatsapp/inbound";
import type { OutboundMessage } from "~/whatsapp/message";
import { enqueueSends } from "./queues.server";

/**
 * What the app does by itself when a shopper writes: honour STOP and START (in the shop's
 * languages) and the "Stop alerts" button, take a cash-on-delivery answer, and offer a
 * back-in-stock alert when the shopper asks about a sold-out product. Everything else is for
 * the conversation engine and the inbox.
 */
interface Context {
  shopId: string;
  customer: { id: string; phoneE164: string; locale: string | null };
  conversationId: string;
  message: InboundMessage;
}

/** The id a button carries (a template quick reply's payload, an interactive reply's id) or the text. */
function answerOf(message: InboundMessage): { id?: string; text?: string } {
  const content = message.content as {
    button?: { payload?: string; text?: string };
    interactive?: { button_reply?: { id: string; title: string }; list_reply?: { id: string; title: string } };
  };
  if (content.button) return { id: content.button.payload, text: content.button.text };
  const reply = content.interactive?.button_reply ?? content.interactive?.list_reply;
  if (reply) return { id: reply.id, text: reply.title };
  return { text: message.text };
}

async function send(context: Context, key: string, message: OutboundMessage) {
  const rows = await writeReply(context.shopId, {
    customerId: context.customer.id,
    to: context.customer.phoneE164,
    message,
    key,
    conversationId: context.conversationId,
  });
  await enqueueSends(rows).catch(() => undefined); // the re-drive sends it if Redis is away
}

async function reply(
  context: Context,
  kind: Parameters<typeof shopperReply>[0],
  key: string,
  values: { order?: string; product?: string } = {},
) {
  const shop = await shopWithLanguage(context.shopId);
  await send(context, key, {
    type: "text",
    body: shopperReply(kind, languageFor(context, shop), { shop: shopDisplayName(shop), ...values }),
  });
}

const shopWithLanguage = (shopId: string) =>
  prisma.shop.findUniqueOrThrow({ where: { id: shopId }, include: { settings: { select: { defaultLanguage: true } } } });

/** The shopper's own locale; else the language of their number's country; else the shop's. */
function languageFor(context: Context, shop: { settings: { defaultLanguage: string } | null }): string {
  return replyLanguage([context.customer.locale, languageOfNumber(context.customer.phoneE164), shop.settings?.defaultLanguage]);
}

/** Variant ids travel in button ids as their number: `bis_subscribe:808950810`. */
const variantGid = (id: string) => `gid://shopify/ProductVariant/${id}`;

/**
 * A shopper asked about a catalog product ("Message business" on a product message): if it is
 * sold out, offer an alert with two buttons. In stock, it is the conversation engine's turn.
 */
async function offerAlertIfSoldOut(context: Context, retailerId: string): Promise<string | undefined> {
  const variantId = variantIdFromRetailerId(retailerId);
  if (!variantId) return undefined;
  const shop = await shopWithLanguage(context.shopId);
  const variant = await variantDetails(shop.domain, variantGid(variantId));
  if (!variant || (variant.inventoryQuantity ?? 0) > 0) return undefined;
  const language = languageFor(context, shop);
  await send(context, `bis_offer:${context.message.providerMessageId}`, {
    type: "buttons",
    body: shopperReply("sold_out_offer", language, { product: variant.displayName }),
    buttons: [
      { id: `bis_subscribe:${variantId}`, title: shopperReply("notify_button", language) },
      { id: "bis_decline", title: shopperReply("decline_button", language) },
    ],
  });
  return `offered a back-in-stock alert for ${variant.displayName}`;
}

/** The shopper tapped "Notify me": their explicit marketing consent for this alert, and the subscription. */
async function subscribeFromConversation(context: Context, variantId: string): Promise<string> {
  const shop = await shopWithLanguage(context.shopId);
  const variant = await variantDetails(shop.domain, variantGid(variantId));
  if (!variant) return "the shopper asked for an alert about a variant Shopify no longer knows";
  await recordConsentChange({
    shopId: context.shopId,
    customerId: context.customer.id,
    purpose: "MARKETING",
    granted: true,
    source: "SHOPPER",
    sourceRef: context.message.providerMessageId,
    occurredAt: context.message.timestamp,
  });
  const subscription = await subscribeToBackInStock({
    shopId: context.shopId,
    customerId: context.customer.id,
    variantId: variantGid(variantId),
    productId: variant.productId,
    inventoryItemId: variant.inventoryItemId,
    // The alert speaks the language the conversation did.
    locale: context.customer.locale ?? languageFor(context, shop),
    source: "SHOPPER",
  });
  await reply(context, "alert_set", `bis_subscribe:${variantId}:${context.customer.id}`, { product: variant.displayName });
  return subscription.created
    ? `the shopper asked in the conversation to be alerted when ${variant.displayName} is back`
    : `the shopper was already waiting for ${variant.displayName}`;
}

async function optOut(context: Context, purposes: ("ORDER_UPDATES" | "MARKETING")[]) {
  for (const purpose of purposes) {
    await recordConsentChange({
      shopId: context.shopId,
      customerId: context.customer.id,
      purpose,
      granted: false,
      source: "SHOPPER",
      sourceRef: context.message.providerMessageId,
      occurredAt: context.message.timestamp,
    });
  }
  const cancelled = await cancelPendingForCustomer(
    context.shopId,
    context.customer.id,
    purposes.map((p) => (p === "MARKETING" ? "MARKETING" : "UTILITY")),
    "the shopper opted out",
  );
  for (const id of cancelled) await settleSubscriptionAlert(id, "failed", "the shopper opted out");
  if (purposes.includes("MARKETING")) {
    await prisma.backInStockSubscription.updateMany({
      where: { shopId: context.shopId, customerId: context.customer.id, status: "ACTIVE" },
      data: { status: "CANCELLED", cancelReason: "the shopper opted out" },
    });
  }
  return cancelled.length;
}

export async function reactToShopper(context: Context): Promise<string | undefined> {
  const answer = answerOf(context.message);
  const cod = answer.id?.match(/^cod_(confirm|cancel):(\d+)$/);
  if (cod) {
    const [, decision, orderId] = cod;
    const order = await prisma.shopOrder.findUnique({ where: { shopId_orderId: { shopId: context.shopId, orderId } } });
    if (!order) return "a cash-on-delivery answer for an order this shop does not know";
    await prisma.shopOrder.update({ where: { id: order.id }, data: { codDecision: decision === "confirm" ? "CONFIRMED" : "CANCELLED" } });
    const plan = planCodAnswered({ id: orderId });
    await cancelPending(context.shopId, plan.cancel!.subjectRefs, plan.cancel!.reason);
    await reply(context, decision === "confirm" ? "cod_confirmed" : "cod_cancelled", `cod:${orderId}:${decision}`, { order: order.name });
    return `cash on delivery ${decision === "confirm" ? "confirmed" : "cancelled"} by the shopper for ${order.name}`;
  }
  const alert = answer.id?.match(/^bis_subscribe:(\d{1,20})$/);
  if (alert) return subscribeFromConversation(context, alert[1]);
  if (answer.id === "bis_decline") {
    await reply(context, "alert_declined", `bis_decline:${context.message.providerMessageId}`);
    return "the shopper declined a back-in-stock alert";
  }
  const keyword = keywordIntent(context.message.type === "text" ? context.message.text : undefined);
  if (keyword === "stop") {
    const cancelled = await optOut(context, ["ORDER_UPDATES", "MARKETING"]);
    await reply(context, "stopped", `stop:${context.message.providerMessageId}`);
    return `the shopper opted out of all messages (${cancelled} pending cancelled)`;
  }
  if (isMarketingStop(answer.text) || isMarketingStop(answer.id)) {
    const cancelled = await optOut(context, ["MARKETING"]);
    await reply(context, "stopped", `stop:${context.message.providerMessageId}`);
    return `the shopper opted out of marketing (${cancelled} pending cancelled)`;
  }
  if (keyword === "start") {
    for (const purpose of ["ORDER_UPDATES", "MARKETING"] as const) {
      await recordConsentChange({
        shopId: context.shopId,
        customerId: context.customer.id,
        purpose,
        granted: true,
        source: "SHOPPER",
        sourceRef: context.message.providerMessageId,
        occurredAt: context.message.timestamp,
      });
    }
    await reply(context, "started", `start:${context.message.providerMessageId}`);
    return "the shopper opted back in";
  }
  if (context.message.referredProduct) return offerAlertIfSoldOut(context, context.message.referredProduct.retailerId);
  return undefined;
}
