import type { EventFacts } from "./journey-bindings";

/**
 * The event fields (domain/event-fields.ts) an event provides, as the strings templates show.
 * Pure: Shopify payloads in, facts out.
 */
export function formatMoney(
  amount: string | number | null | undefined,
  currency: string | null | undefined,
  locale = "en",
): string | undefined {
  if (amount === null || amount === undefined || amount === "" || !currency) return undefined;
  try {
    return new Intl.NumberFormat(locale.replace("_", "-"), { style: "currency", currency }).format(Number(amount));
  } catch {
    return `${amount} ${currency}`;
  }
}

export function itemSummary(items: { title: string; quantity: number }[], max = 100): string | undefined {
  if (!items.length) return undefined;
  const parts = items.map((item) => `${item.title} × ${item.quantity}`);
  let summary = "";
  for (const [i, part] of parts.entries()) {
    const next = summary ? `${summary}, ${part}` : part;
    if (next.length > max && summary) return `${summary} and ${parts.length - i} more`;
    summary = next;
  }
  return summary;
}

/** "https://shop.example/548380009/orders/abc/authenticate?key=x" → "548380009/orders/abc/authenticate?key=x" */
export function urlPath(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return `${parsed.pathname.replace(/^\/+/, "")}${parsed.search}` || undefined;
  } catch {
    return undefined;
  }
}

const codPattern =
  /cash on delivery|\bcod\b|contra ?reembolso|pago contra entrega|paiement à la livraison|nachnahme|pagamento na entrega|الدفع عند الاستلام/i;

export function isCashOnDelivery(gateways: (string | null | undefined)[]): boolean {
  return gateways.some((gateway) => gateway && codPattern.test(gateway));
}

export function orderFacts(
  order: {
    name: string;
    total_price?: string | null;
    currency?: string | null;
    customer_locale?: string | null;
    order_status_url?: string | null;
    gateway?: string | null;
    payment_gateway_names?: string[] | null;
    line_items: { title: string; quantity: number }[];
    customer?: { first_name?: string | null } | null;
    shipping_address?: { first_name?: string | null } | null;
    billing_address?: { first_name?: string | null } | null;
  },
  shop: { name: string },
): EventFacts {
  return {
    first_name: order.customer?.first_name ?? order.shipping_address?.first_name ?? order.billing_address?.first_name ?? undefined,
    shop_name: shop.name,
    order_name: order.name,
    order_total: formatMoney(order.total_price, order.currency, order.customer_locale ?? "en"),
    order_items: itemSummary(order.line_items),
    payment_method: order.payment_gateway_names?.[0] ?? order.gateway ?? undefined,
    order_status_path: urlPath(order.order_status_url),
  };
}

export function shipmentFacts(shipment: {
  fulfillmentId: string;
  trackingCompany?: string | null;
  trackingNumber?: string | null;
  trackingUrl?: string | null;
}): EventFacts {
  return {
    tracking_company: shipment.trackingCompany ?? undefined,
    tracking_number: shipment.trackingNumber ?? undefined,
    // The tracking link goes through the app proxy (/apps/whatsapp), which redirects to the carrier.
    tracking_path: shipment.trackingUrl ? `apps/whatsapp/t/${shipment.fulfillmentId}` : undefined,
  };
}

export function variantFacts(variant: {
  productTitle: string;
  variantTitle?: string | null;
  productHandle: string;
  variantNumericId: string;
}): EventFacts {
  const variantTitle = variant.variantTitle && variant.variantTitle !== "Default Title" ? variant.variantTitle : undefined;
  return {
    // The shopper asked for this variant: "Trail Runner 2 (42 / Blue)", or just the product.
    product_title: variantTitle ? `${variant.productTitle} (${variantTitle})` : variant.productTitle,
    variant_title: variantTitle,
    product_path: `products/${variant.productHandle}?variant=${variant.variantNumericId}`,
  };
}
