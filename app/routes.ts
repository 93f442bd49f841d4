import type { RouteConfig } from "@remix-run/route-config";
import { flatRoutes } from "@remix-run/fs-routes";

// File-system routes (app/routes/*), named after their URL as in Shopify's template.
export default flatRoutes() satisfies RouteConfig;
