#!/usr/bin/env node
// `prisma generate` without internet. The Prisma CLI fetches its native schema engine at
// start-up even though generating the client never runs it; pointing
// PRISMA_SCHEMA_ENGINE_BINARY at any existing file skips the download (a host that has the
// real engine keeps its own setting). See docs/decisions/002-offline-migrations.md.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const prismaCli = require.resolve("prisma/build/index.js");
const result = spawnSync(process.execPath, [prismaCli, "generate"], {
  stdio: "inherit",
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    CHECKPOINT_DISABLE: "1",
  },
});
process.exit(result.status ?? 1);
