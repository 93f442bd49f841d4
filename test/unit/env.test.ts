import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "~/config/env.server";

const valid = {
  DATABASE_URL: "postgresql://app:s3cret-db-pass@db.internal:5432/journeys",
  REDIS_URL: "rediss://:s3cret-redis-pass@cache.internal:6380/2",
  SHOPIFY_API_KEY: "client-id",
  SHOPIFY_API_SECRET: "shpss_s3cret",
  SHOPIFY_APP_URL: "https://journeys.example.com/",
  SCOPES: "read_orders, read_products,,write_draft_orders",
  ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
  WHATSAPP_APP_SECRET: "meta-s3cret",
  WHATSAPP_VERIFY_TOKEN: "verify-me",
};

const problemsOf = (source: Record<string, string | undefined>) => {
  try {
    parseEnv(source);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error("expected a ConfigError");
};

describe("configuration", () => {
  it("parses a complete environment, with defaults for the optional settings", () => {
    const env = parseEnv(valid);

    expect(env.SCOPES).toEqual(["read_orders", "read_products", "write_draft_orders"]);
    expect(env.SHOPIFY_APP_URL).toBe("https://journeys.example.com");
    expect(env.ENCRYPTION_KEY).toHaveLength(32);
    expect(env.PORT).toBe(3000);
    expect(env.WHATSAPP_GRAPH_URL).toBe("https://graph.facebook.com");
    expect(env.QUEUE_PREFIX).toBe("wj");
  });

  it("names every missing setting in one message", () => {
    const error = problemsOf({});

    expect(error.problems.map((problem) => problem.split(" ")[0])).toEqual([
      "DATABASE_URL",
      "REDIS_URL",
      "SHOPIFY_API_KEY",
      "SHOPIFY_API_SECRET",
      "SHOPIFY_APP_URL",
      "SCOPES",
      "ENCRYPTION_KEY",
      "WHATSAPP_APP_SECRET",
      "WHATSAPP_VERIFY_TOKEN",
    ]);
    expect(error.message).toContain("see .env.example");
  });

  it("treats an empty value as missing", () => {
    expect(problemsOf({ ...valid, SHOPIFY_API_KEY: "" }).problems).toEqual([
      "SHOPIFY_API_KEY is required (the app's client id from the Partner Dashboard)",
    ]);
  });

  it("explains malformed values without printing them", () => {
    const error = problemsOf({
      ...valid,
      DATABASE_URL: "mysql://root:topsecret@localhost/db",
      REDIS_URL: "localhost:6379",
      PORT: "70000",
      ENCRYPTION_KEY: Buffer.alloc(16, 1).toString("base64"),
      WHATSAPP_GRAPH_URL: "graph.facebook.com",
    });

    expect(error.problems).toEqual([
      "PORT Too big: expected number to be <=65535",
      "DATABASE_URL must be a postgresql:// URL",
      "REDIS_URL must be a redis:// or rediss:// URL",
      "ENCRYPTION_KEY must decode to 32 bytes, got 16 (openssl rand -base64 32)",
      "WHATSAPP_GRAPH_URL must be an http(s) URL",
    ]);
    expect(error.message).not.toContain("topsecret");
  });

  it("rejects an encryption key that is not base64", () => {
    expect(problemsOf({ ...valid, ENCRYPTION_KEY: "not base64 at all!" }).problems).toEqual([
      "ENCRYPTION_KEY must be base64 (openssl rand -base64 32)",
    ]);
  });
});
