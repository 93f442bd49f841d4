import type { ActionFunctionArgs } from "@remix-run/node";
import { authenticate } from "~/shopify.server";
import { subscribeFromStorefront } from "~/storefront/back-in-stock.server";
import { visitorOf } from "~/storefront/storefront-limits.server";

// POST /apps/whatsapp/back-in-stock from the "Notify me on WhatsApp" block, via the app proxy
// (signature checked; a forged one is 400 and changes nothing; too many attempts are 429).
export const action = async ({ request }: ActionFunctionArgs) => {
  await authenticate.public.appProxy(request);
  const shop = new URL(request.url).searchParams.get("shop")!;
  const answer = await subscribeFromStorefront(shop, Object.fromEntries(await request.formData()), { visitor: visitorOf(request) });
  if (answer.code === "rate_limited")
    return Response.json(answer, { status: 429, headers: { "Retry-After": String(answer.retryAfterSeconds) } });
  return Response.json(answer, { status: answer.ok ? 200 : answer.code === "unknown_shop" ? 404 : 422 });
};
