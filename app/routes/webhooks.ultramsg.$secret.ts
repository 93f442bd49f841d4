import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { receiveUltraMsgWebhook } from "~/whatsapp/webhook/receive.server";

// UltraMsg's webhooks, to a per-shop secret address shown on the settings page.
export const loader = ({ request, params }: LoaderFunctionArgs) => receiveUltraMsgWebhook(request, params.secret);
export const action = ({ request, params }: ActionFunctionArgs) => receiveUltraMsgWebhook(request, params.secret);
