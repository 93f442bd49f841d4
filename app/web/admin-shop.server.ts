import { shopForSession } from "~/models/shop.server";
import { authenticate } from "~/shopify.server";

/**
 * An embedded admin request, authenticated, with the shop it speaks for. Every admin route
 * starts here, so every query that follows is scoped to the shop that authenticated.
 */
export async function authenticateShop(request: Request) {
  const context = await authenticate.admin(request);
  return { ...context, shop: await shopForSession(context.session.shop) };
}
