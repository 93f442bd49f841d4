import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import { createServer, type ViteDevServer } from "vite";

/**
 * The whole Remix app (routes, entry.server, root) built by Remix's Vite plugin from
 * vite.config.ts and remix.config.js, served by Express on a loopback port: requests travel over
 * real HTTP through the same route table as in production.
 */
export interface AppServer {
  url: string;
  close(): Promise<void>;
}

export async function startAppServer(): Promise<AppServer> {
  const vite: ViteDevServer = await createServer({ server: { middlewareMode: true, hmr: false }, appType: "custom", logLevel: "silent" });
  const build = (await vite.ssrLoadModule("virtual:remix/server-build")) as ServerBuild;
  const app = express();
  app.all("*", createRequestHandler({ build, mode: "production" }));
  const server: Server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      await new Promise((resolve) => server.close(resolve));
      const queues = (await vite.ssrLoadModule("/app/jobs/queues.server.ts")) as typeof import("~/jobs/queues.server");
      await queues.closeQueues();
      const db = (await vite.ssrLoadModule("/app/db.server.ts")) as typeof import("~/db.server");
      await db.prisma.$disconnect();
      await vite.close();
    },
  };
}
