import type { HeadersFunction, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, Outlet, useLoaderData, useRouteError } from "@remix-run/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { NavMenu } from "@shopify/app-bridge-react";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import { env } from "~/config/env.server";

import { usesSandbox } from "~/models/whatsapp-connection.server";
import { authenticateShop } from "~/web/admin-shop.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: polarisStyles }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await authenticateShop(request);
  return { apiKey: env().SHOPIFY_API_KEY, sandbox: await usesSandbox(shop.id) };
};

export default function App() {
  const { apiKey, sandbox } = useLoaderData<typeof loader>();
  return (
    <AppProvider isEmbeddedApp apiKey={apiKey}>
      <NavMenu>
        <Link to="/app" rel="home">
          Home
        </Link>
        <Link to="/app/journeys">Journeys</Link>
        <Link to="/app/templates">Templates</Link>
        <Link to="/app/settings">Settings</Link>
        {sandbox ? <Link to="/app/sandbox">Shopper phone</Link> : null}
      </NavMenu>
      <Outlet />
    </AppProvider>
  );
}

// Shopify needs its own error and header handling for embedded-app auth redirects.
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
