import "@shopify/shopify-app-remix/adapters/node";
import { ApiVersion, AppDistribution, shopifyApp } from "@shopify/shopify-app-remix/server";
import { LogSeverity, shopifyApi } from "@shopify/shopify-api";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { env } from "~/config/env.server";
import { prisma } from "~/db.server";
import { logger } from "~/logger.server";
import { recordInstall } from "~/models/shop.server";

/** The Admin API version; shopify.app.toml's [webhooks] api_version names the same one. */
export const apiVersion = ApiVersion.October26;

const config = env();

/** Shopify's library logs through our structured logger, warnings and up. */
const shopifyLogger = {
  level: LogSeverity.Warning,
  log: (severity: LogSeverity, message: string) => {
    const child = logger.child({ component: "shopify-api" });
    if (severity === LogSeverity.Error) child.error(message);
    else if (severity === LogSeverity.Warning) child.warn(message);
    else child.info(message);
  },
};

const shopify = shopifyApp({
  apiKey: config.SHOPIFY_API_KEY,
  apiSecretKey: config.SHOPIFY_API_SECRET,
  apiVersion,
  scopes: config.SCOPES,
  appUrl: config.SHOPIFY_APP_URL,
  authPathPrefix: "/auth",
  sessionStorage: new PrismaSessionStorage(prisma, { connectionRetries: 1, connectionRetryIntervalMs: 0 }),
  distribution: AppDistribution.AppStore,
  logger: shopifyLogger,
  future: {
    unstable_newEmbeddedAuthStrategy: true,
    expiringOfflineAccessTokens: true,
  },
  hooks: {
    afterAuth: async ({ session, admin }) => {
      const response = await admin.graphql(`#graphql
        query ShopName { shop { name } }`);
      const { data } = (await response.json()) as { data?: { shop?: { name?: string } } };
      await recordInstall(session.shop, data?.shop?.name);
    },
  },
  ...(config.SHOP_CUSTOM_DOMAIN ? { customShopDomains: [config.SHOP_CUSTOM_DOMAIN] } : {}),
});

/**
 * The plain API library with the same credentials, for verifying webhooks. Unlike
 * `authenticate.webhook` it loads no session and never refreshes a token, so a webhook is
 * recorded and answered without touching Shopify (docs/decisions/004-webhook-ingestion.md).
 */
export const shopifyApiLibrary = shopifyApi({
  apiKey: config.SHOPIFY_API_KEY,
  apiSecretKey: config.SHOPIFY_API_SECRET,
  apiVersion,
  hostName: new URL(config.SHOPIFY_APP_URL).host,
  hostScheme: new URL(config.SHOPIFY_APP_URL).protocol === "http:" ? "http" : "https",
  isEmbeddedApp: true,
  logger: shopifyLogger,
  ...(config.SHOP_CUSTOM_DOMAIN ? { customShopDomains: [config.SHOP_CUSTOM_DOMAIN] } : {}),
});

export default shopify;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
export const authenticate = shopify.authenticate;
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export const sessionStorage = shopify.sessionStorage;
