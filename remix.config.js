// @ts-check
// The Remix options the build uses. vite.config.ts passes this object to Remix's Vite
// plugin, so this file is the one place to change output folders, module format or future
// flags. Routes are declared in app/routes.ts (the v3_routeConfig way).

/** @type {import("@remix-run/dev").VitePluginConfig} */
export default {
  appDirectory: "app",
  buildDirectory: "build",
  serverModuleFormat: "esm",
  // Every Remix v3 future flag, so the move to React Router 7 stays mechanical.
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_singleFetch: true,
    v3_lazyRouteDiscovery: true,
    v3_routeConfig: true,
  },
};
