import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

// Tests use the machine's real PostgreSQL and Redis: their own database (created and migrated
// fresh by the global setup) and their own queue prefix per test file.
const testDatabaseUrl = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/whatsapp_journeys_test";
const testRedisUrl = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379/0";

export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    include: ["test/**/*.test.{ts,tsx}"],
    globalSetup: ["test/setup/global-setup.ts"],
    setupFiles: ["test/setup/per-file.ts"],
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: {
      NODE_ENV: "test",
      LOG_LEVEL: process.env.LOG_LEVEL ?? "silent",
      DATABASE_URL: testDatabaseUrl,
      REDIS_URL: testRedisUrl,
      SHOPIFY_API_KEY: "test-client-id",
      SHOPIFY_API_SECRET: "test-client-secret",
      SHOPIFY_APP_URL: "https://journeys.test",
      SCOPES: "read_orders,read_fulfillments,read_customers,read_inventory,read_products,write_draft_orders",
      // A fixed, test-only key (32 bytes of 0x01): not a secret of any deployment.
      ENCRYPTION_KEY: Buffer.alloc(32, 1).toString("base64"),
      WHATSAPP_GRAPH_URL: "http://127.0.0.1:9",
      WHATSAPP_APP_SECRET: "test-meta-app-secret",
      WHATSAPP_VERIFY_TOKEN: "test-verify-token",
    },
  },
});
