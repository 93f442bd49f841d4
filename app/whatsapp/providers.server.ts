import type { WhatsAppConnection } from "@prisma/client";
import { env } from "~/config/env.server";
import { sandboxCapabilities, SandboxProvider } from "~/sandbox/sandbox-provider.server";
import { cloudCapabilities, CloudApiProvider } from "./cloud/cloud-provider.server";
import type { ProviderCapabilities, WhatsAppProvider } from "./provider";
import { ultraMsgCapabilities, UltraMsgProvider } from "./ultramsg/ultramsg-provider.server";

export type ProviderConnection = Pick<WhatsAppConnection, "provider" | "shopId" | "phoneNumberId" | "wabaId" | "instanceId">;

/** Credentials as stored (sealed) per provider. */
export type ProviderCredentials = { accessToken?: string; token?: string };

/** The adapter for a connection — the one place that knows which class serves which provider. */
export function createProvider(connection: ProviderConnection, credentials: ProviderCredentials): WhatsAppProvider {
  const config = env();
  switch (connection.provider) {
    case "CLOUD":
      return new CloudApiProvider(
        { phoneNumberId: connection.phoneNumberId!, wabaId: connection.wabaId!, accessToken: credentials.accessToken! },
        { graphUrl: config.WHATSAPP_GRAPH_URL, appId: config.META_APP_ID },
      );
    case "ULTRAMSG":
      return new UltraMsgProvider({ instanceId: connection.instanceId!, token: credentials.token! }, { apiUrl: config.ULTRAMSG_API_URL });
    case "SANDBOX":
      return new SandboxProvider(connection.shopId, connection.phoneNumberId!);
  }
}

/** What a merchant reads where they pick a provider. */
export const providerCapabilities: Record<WhatsAppConnection["provider"], ProviderCapabilities> = {
  CLOUD: cloudCapabilities,
  ULTRAMSG: ultraMsgCapabilities,
  SANDBOX: sandboxCapabilities,
};
