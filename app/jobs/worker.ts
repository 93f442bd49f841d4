/**
 * The worker process: `npm run worker` (built) or `npm run dev:worker` (from source).
 * Stateless; run as many as load needs. Settings and services are checked before any
 * module that needs them is loaded, so a problem ends in one clear message.
 */
import { assertReadyToStart } from "~/config/startup.server";
import { logger } from "~/logger.server";

try {
  await assertReadyToStart("The worker");
  const { runWorkers } = await import("./run-workers.server");
  await runWorkers();
} catch (error) {
  logger.fatal({ err: error }, "worker crashed");
  process.exit(1);
}
