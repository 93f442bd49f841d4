import type { ActionFunctionArgs } from "@remix-run/node";
import { authenticate } from "~/shopify.server";
import { subscribeFromStorefront } from "~/storefront/back-in-stock.server";

// POST /apps/whatsapp/back-in-stock from the "Notify me on WhatsApp" block, via the app proxy
// (signature checked; a forged one is 400 and changes nothing).
export const action = async ({ request }: ActionFunctionArgs) => {
  await authenticate.public.appProxy(request);
  const shop = new URL(request.url).searchParams.get("shop")!;
  const answer = await subscribeFromStorefront(shop, Object.fromEntries(await request.formData()));
  return Response.json(answer, { status: answer.ok ? 200 : answer.code === "unknown_shop" ? 404 : 422 });
};
