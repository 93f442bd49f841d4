import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { receiveShopifyWebhook } from "~/shopify/receive-webhook.server";

// customers/data_request, customers/redact, shop/redact (mandatory for the App Store) — subscribed in shopify.app.toml.
export const action = ({ request }: ActionFunctionArgs) => receiveShopifyWebhook(request);
export const loader = ({ request }: LoaderFunctionArgs) => receiveShopifyWebhook(request);
