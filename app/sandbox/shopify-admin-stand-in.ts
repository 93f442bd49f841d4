import { HttpStandIn, type RecordedRequest, type StandInResponse } from "./http-stand-in";

/**
 * A loopback stand-in for the Shopify Admin GraphQL API, serving the operations the app calls
 * (see app/shopify/admin.server.ts) from an in-memory catalogue. The app's own Shopify client
 * reaches it because `interceptShopifyFetch` routes requests for *.myshopify.com here — the
 * production client code runs unchanged.
 */
export interface StandInVariant {
  id: string; // gid://shopify/ProductVariant/…
  title: string;
  sku?: string;
  inventoryItemId: string; // gid://shopify/InventoryItem/…
  inventoryQuantity: number;
  product: { id: string; title: string; handle: string; featuredImage?: string };
}

export class ShopifyAdminStandIn extends HttpStandIn {
  /** Per shop domain, its variants. */
  readonly shops = new Map<string, { accessToken?: string; variants: StandInVariant[] }>();

  static async start(): Promise<ShopifyAdminStandIn> {
    return new ShopifyAdminStandIn().listen();
  }

  addVariant(shop: string, variant: StandInVariant): StandInVariant {
    const entry = this.shops.get(shop) ?? { variants: [] };
    entry.variants.push(variant);
    this.shops.set(shop, entry);
    return variant;
  }

  setStock(shop: string, variantId: string, quantity: number): void {
    const variant = this.shops.get(shop)?.variants.find((v) => v.id === variantId);
    if (!variant) throw new Error(`no variant ${variantId} in ${shop}`);
    variant.inventoryQuantity = quantity;
  }

  /** Operations the app asked for, by shop. */
  operations(shop?: string): { shop: string; query: string; variables: Record<string, unknown> }[] {
    return this.requests
      .filter((r) => r.path.endsWith("/graphql.json") && (!shop || r.headers["x-stand-in-shop"] === shop))
      .map((r) => ({ shop: r.headers["x-stand-in-shop"], ...(r.body as { query: string; variables: Record<string, unknown> }) }));
  }

  protected handle(request: RecordedRequest): StandInResponse {
    const shop = this.shops.get(request.headers["x-stand-in-shop"] ?? "");
    if (!/\/admin\/api\/[\w-]+\/graphql\.json$/.test(request.path)) return { status: 404, body: { errors: "Not Found" } };
    if (!request.headers["x-shopify-access-token"])
      return { status: 401, body: { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" } };
    if (!shop) return { status: 404, body: { errors: "Not Found" } };
    const { query, variables } = request.body as { query: string; variables?: Record<string, string> };
    if (/inventoryItem\(/.test(query)) {
      const variant = shop.variants.find((v) => v.inventoryItemId === variables?.id);
      return {
        status: 200,
        body: {
          data: {
            inventoryItem: variant
              ? {
                  id: variant.inventoryItemId,
                  variants: {
                    nodes: [
                      {
                        id: variant.id,
                        title: variant.title,
                        sku: variant.sku ?? null,
                        inventoryQuantity: variant.inventoryQuantity,
                        product: {
                          id: variant.product.id,
                          title: variant.product.title,
                          handle: variant.product.handle,
                          featuredImage: variant.product.featuredImage ? { url: variant.product.featuredImage } : null,
                        },
                      },
                    ],
                  },
                }
              : null,
          },
        },
      };
    }
    if (/productVariant\(/.test(query)) {
      const variant = shop.variants.find((v) => v.id === variables?.id);
      return {
        status: 200,
        body: {
          data: {
            productVariant: variant
              ? {
                  id: variant.id,
                  title: variant.title,
                  inventoryQuantity: variant.inventoryQuantity,
                  inventoryItem: { id: variant.inventoryItemId },
                  product: { id: variant.product.id, title: variant.product.title },
                }
              : null,
          },
        },
      };
    }
    return { status: 200, body: { errors: [{ message: "This stand-in does not implement that operation." }] } };
  }
}

/**
 * Routes every request for a *.myshopify.com host to the stand-in (the shop travels in a header).
 * Install it before the app's modules load: Shopify's library keeps the fetch it finds at import.
 */
export function interceptShopifyFetch(standInUrl: string): () => void {
  const original = globalThis.fetch;
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    if (!url.hostname.endsWith(".myshopify.com")) return original(request);
    const headers = new Headers(request.headers);
    headers.set("X-Stand-In-Shop", url.hostname);
    const body = request.method === "GET" || request.method === "HEAD" ? undefined : await request.arrayBuffer();
    return original(`${standInUrl}${url.pathname}${url.search}`, { method: request.method, headers, body });
  }) as typeof fetch;
  return () => {
    globalThis.fetch = original;
  };
}
