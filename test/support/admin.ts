import { getJwt } from "@shopify/shopify-api/test-helpers";

/**
 * A request from the embedded admin as App Bridge makes it: a session token (HS256 JWT
 * signed with the app secret, `dest` naming the shop) in the Authorization header.
 */
export async function adminRequest(shop: string, path: string, init: RequestInit = {}): Promise<Request> {
  const { token } = await getJwt(shop.replace(/\.myshopify\.com$/, ""), process.env.SHOPIFY_API_KEY!, process.env.SHOPIFY_API_SECRET!);
  const headers = new Headers(init.headers);
  headers.set("Authorization", `Bearer ${token}`);
  return new Request(`${process.env.SHOPIFY_APP_URL}${path}`, { ...init, headers });
}
