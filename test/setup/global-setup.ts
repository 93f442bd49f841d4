import pg from "pg";
import { deployMigrations, dropDatabase } from "../../scripts/db.mjs";
import { deleteRedisKeys } from "../../scripts/redis.mjs";

const databaseUrl = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/whatsapp_journeys_test";
const redisUrl = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379/0";

const deleteTestQueues = () => deleteRedisKeys(redisUrl, "wj-test-*");

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
