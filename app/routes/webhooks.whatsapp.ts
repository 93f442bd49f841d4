import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { receiveMetaWebhook } from "~/whatsapp/webhook/receive.server";

// Meta's WhatsApp webhooks: GET verification handshake, POST signed updates.
export const loader = ({ request }: LoaderFunctionArgs) => receiveMetaWebhook(request);
export const action = ({ request }: ActionFunctionArgs) => receiveMetaWebhook(request);
