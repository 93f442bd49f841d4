import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { authenticate } from "~/shopify.server";
import { trackingUrlFor } from "~/storefront/back-in-stock.server";

// GET /apps/whatsapp/t/<fulfillment id>: the tracking button of shipping messages, sent on to the
// carrier's page (one URL per shop domain keeps Meta's URL-button rules).
export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  await authenticate.public.appProxy(request);
  const shop = new URL(request.url).searchParams.get("shop")!;
  const url = await trackingUrlFor(shop, params.fulfillmentId ?? "");
  if (!url) return new Response("This tracking link is not known any more. Check your order status page.", { status: 404 });
  throw redirect(url);
};
