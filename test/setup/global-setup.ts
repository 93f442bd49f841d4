import pg from "pg";
import { Redis } from "ioredis";
import { deployMigrations, dropDatabase } from "../../scripts/db.mjs";

const databaseUrl = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/whatsapp_journeys_test";
const redisUrl = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379/0";

async function deleteTestQueues() {
  const redis = new Redis(redisUrl);
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", "wj-test-*", "COUNT", 1000);
      if (keys.length) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
}

/** Drops the per-file databases (…_test_<label>) that earlier runs left behind. */
async function dropPerFileDatabases() {
  const admin = new URL(databaseUrl);
  const prefix = `${admin.pathname.slice(1)}_`;
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE starts_with(datname, $1)", [prefix]);
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(datname)} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/** A fresh test database with every migration applied, the same way `npm run setup` does. */
export async function setup() {
  await dropPerFileDatabases();
  await dropDatabase(databaseUrl);
  await deployMigrations(databaseUrl);
  await deleteTestQueues();
}

export async function teardown() {
  await deleteTestQueues();
}
