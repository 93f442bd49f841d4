import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { receiveShopifyWebhook } from "~/shopify/receive-webhook.server";

// orders/create, orders/paid, orders/cancelled — subscribed in shopify.app.toml.
export const action = ({ request }: ActionFunctionArgs) => receiveShopifyWebhook(request);
export const loader = ({ request }: LoaderFunctionArgs) => receiveShopifyWebhook(request);
