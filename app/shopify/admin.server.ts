import { unauthenticated } from "~/shopify.server";

/**
 * The Admin GraphQL operations the worker calls, with the shop's offline session. GraphQL only
 * (REST Admin is legacy for new public apps).
 */
export interface RestockedVariant {
  id: string;
  numericId: string;
  title: string;
  inventoryQuantity: number | null;
  product: { id: string; title: string; handle: string; imageUrl?: string };
}

async function query<T>(shop: string, operation: string, variables: Record<string, unknown>): Promise<T> {
  const { admin } = await unauthenticated.admin(shop);
  const response = await admin.graphql(operation, { variables });
  const body = (await response.json()) as { data?: T; errors?: unknown };
  if (!body.data) throw new Error(`Shopify Admin API error: ${JSON.stringify(body.errors ?? "no data").slice(0, 300)}`);
  return body.data;
}

/** The variant an inventory item belongs to, with its total available across locations. */
export async function variantForInventoryItem(shop: string, inventoryItemId: string): Promise<RestockedVariant | null> {
  const data = await query<{
    inventoryItem: {
      variants: {
        nodes: {
          id: string;
          title: string;
          inventoryQuantity: number | null;
          product: { id: string; title: string; handle: string; featuredImage: { url: string } | null };
        }[];
      };
    } | null;
  }>(
    shop,
    `#graphql
    query VariantForInventoryItem($id: ID!) {
      inventoryItem(id: $id) {
        variants(first: 1) {
          nodes { id title inventoryQuantity product { id title handle featuredImage { url } } }
        }
      }
    }`,
    { id: `gid://shopify/InventoryItem/${inventoryItemId}` },
  );
  const variant = data.inventoryItem?.variants.nodes[0];
  if (!variant) return null;
  return {
    id: variant.id,
    numericId: variant.id.split("/").pop()!,
    title: variant.title,
    inventoryQuantity: variant.inventoryQuantity,
    product: {
      id: variant.product.id,
      title: variant.product.title,
      handle: variant.product.handle,
      imageUrl: variant.product.featuredImage?.url,
    },
  };
}

/** A variant's total available quantity now (null when Shopify does not track it). */
export async function variantStock(shop: string, variantId: string): Promise<number | null> {
  const data = await query<{ productVariant: { inventoryQuantity: number | null } | null }>(
    shop,
    `#graphql
    query VariantStock($id: ID!) {
      productVariant(id: $id) { inventoryQuantity }
    }`,
    { id: variantId },
  );
  return data.productVariant?.inventoryQuantity ?? null;
}

/** What a back-in-stock subscription needs of a variant: its product, inventory item and stock. */
export interface VariantDetails {
  productId: string;
  inventoryItemId: string;
  inventoryQuantity: number | null;
  /** "Trail Runner 2 (42 / Blue)", or the product title alone for a single-variant product. */
  displayName: string;
}

export async function variantDetails(shop: string, variantId: string): Promise<VariantDetails | null> {
  const data = await query<{
    productVariant: {
      title: string;
      inventoryQuantity: number | null;
      inventoryItem: { id: string };
      product: { id: string; title: string };
    } | null;
  }>(
    shop,
    `#graphql
    query VariantDetails($id: ID!) {
      productVariant(id: $id) { title inventoryQuantity inventoryItem { id } product { id title } }
    }`,
    { id: variantId },
  );
  const variant = data.productVariant;
  if (!variant) return null;
  return {
    productId: variant.product.id,
    inventoryItemId: variant.inventoryItem.id,
    inventoryQuantity: variant.inventoryQuantity,
    displayName: variant.title && variant.title !== "Default Title" ? `${variant.product.title} (${variant.title})` : variant.product.title,
  };
}
