import { readdirSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { Redis } from "ioredis";
import { ConfigError, env, type Env } from "~/config/env.server";
import { redactUrl } from "~/logger.server";

const timeoutMs = 3_000;

async function checkPostgres(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  try {
    await client.connect();
    const expected = readdirSync(path.join(process.cwd(), "prisma", "migrations"), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    const { rows } = await client
      .query<{ migration_name: string }>(
        "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL",
      )
      .catch(() => ({ rows: [] as { migration_name: string }[] }));
    const applied = new Set(rows.map((row) => row.migration_name));
    const pending = expected.filter((name) => !applied.has(name));
    if (pending.length) {
      return `PostgreSQL at ${redactUrl(url)} lacks ${pending.length} migration(s) (${pending.join(", ")}); run npm run setup`;
    }
    return undefined;
  } catch (error) {
    return `PostgreSQL at ${redactUrl(url)} is unreachable: ${(error as Error).message}`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function checkRedis(url: string): Promise<string | undefined> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  let reason: string | undefined;
  redis.on("error", (error: Error) => {
    reason ??= error.message;
  });
  try {
    await redis.connect();
    await redis.ping();
    return undefined;
  } catch (error) {
    return `Redis at ${redactUrl(url)} is unreachable: ${reason ?? (error as Error).message}`;
  } finally {
    redis.disconnect();
  }
}

/** Every reason the process cannot start: bad settings first, then unreachable services. */
export async function startupProblems(): Promise<string[]> {
  let config: Env;
  try {
    config = env();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  const problems = await Promise.all([checkPostgres(config.DATABASE_URL), checkRedis(config.REDIS_URL)]);
  return problems.filter((problem): problem is string => Boolean(problem));
}

/** Exits with one message naming every problem, or returns when the process may start. */
export async function assertReadyToStart(processName: string): Promise<void> {
  const problems = await startupProblems();
  if (problems.length === 0) return;
  console.error(
    `${processName} cannot start. Fix the following (settings are documented in .env.example):\n` +
      problems.map((problem) => `  - ${problem}`).join("\n"),
  );
  process.exit(1);
}
