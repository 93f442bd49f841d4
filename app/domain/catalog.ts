/**
 * Catalog retailer ids → Shopify variants. Shopify's Facebook & Instagram channel writes
 * `shopify_{CC}_{productId}_{variantId}`; catalogs built by hand often use the bare variant id.
 * Anything else (a SKU) needs the catalog mapping that arrives with catalog sharing.
 */
export function variantIdFromRetailerId(retailerId: string): string | undefined {
  const shopifyChannel = retailerId.match(/^shopify_[A-Za-z]{2}_\d{1,20}_(\d{1,20})$/);
  if (shopifyChannel) return shopifyChannel[1];
  return /^\d{1,20}$/.test(retailerId) ? retailerId : undefined;
}
