import { deployMigrations, dropDatabase } from "../../scripts/db.mjs";

/**
 * Gives the calling test file a freshly migrated database of its own, for tests whose subject
 * is global (the re-drive scans every shop's events) and so must not see other files' rows.
 * Call it before importing any app module: the app reads DATABASE_URL on first use.
 */
export async function switchToOwnDatabase(label: string): Promise<string> {
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${url.pathname.slice(1)}_${label}`;
  await dropDatabase(url.toString());
  await deployMigrations(url.toString());
  process.env.DATABASE_URL = url.toString();
  return url.toString();
}
