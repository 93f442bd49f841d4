/**
 * The web process: `npm start` after `npm run build`. Serves the Remix build (embedded admin,
 * webhooks, app proxy) on PORT. Stateless; run as many as load needs behind a load balancer.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import express from "express";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import { assertReadyToStart } from "~/config/startup.server";
import { env } from "~/config/env.server";
import { logger } from "~/logger.server";

async function main() {
  await assertReadyToStart("The web server");
  const buildDir = path.join(process.cwd(), "build");
  const build = (await import(pathToFileURL(path.join(buildDir, "server", "index.js")).href)) as ServerBuild;

  const app = express();
  app.disable("x-powered-by");
  // Fingerprinted assets are immutable; everything else in public/ briefly cacheable.
  app.use("/assets", express.static(path.join(buildDir, "client", "assets"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.join(buildDir, "client"), { maxAge: "1h" }));
  app.get("/healthz", (_req, res) => {
    res.type("text/plain").send("ok");
  });
  app.all("*", createRequestHandler({ build, mode: "production" }));

  const { PORT } = env();
  const server = app.listen(PORT, () => logger.info({ port: PORT }, `web server listening on http://localhost:${PORT}`));
  server.on("error", (error: NodeJS.ErrnoException) => {
    console.error(
      error.code === "EADDRINUSE"
        ? `The web server cannot start: port ${PORT} is already in use. Stop what is using it or set PORT.`
        : `The web server cannot start: ${error.message}`,
    );
    process.exit(1);
  });

  const stop = (signal: string) => {
    logger.info({ signal }, "web server stopping: finishing open requests");
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

main().catch((error) => {
  logger.fatal({ err: error }, "web server crashed");
  process.exit(1);
});
