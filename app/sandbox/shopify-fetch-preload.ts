/**
 * Loaded with `node --import` into a process started by a test or the demo: routes the app's
 * Shopify Admin API calls to a loopback stand-in before any app module is imported. Inert unless
 * SHOPIFY_ADMIN_STAND_IN_URL is set; never part of the production build.
 */
import { interceptShopifyFetch } from "./shopify-admin-stand-in";

if (process.env.SHOPIFY_ADMIN_STAND_IN_URL) interceptShopifyFetch(process.env.SHOPIFY_ADMIN_STAND_IN_URL);
