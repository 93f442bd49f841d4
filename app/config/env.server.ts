import { z } from "zod";

/**
 * Every setting the app reads, parsed once from the environment. `.env.example` documents
 * each one; a missing or malformed value stops start-up with one message naming them all.
 */
const postgresUrl = z
  .string({ error: "is required (a postgresql:// URL)" })
  .refine((value) => /^postgres(ql)?:\/\/.+/.test(value) && URL.canParse(value), "must be a postgresql:// URL");

const redisUrl = z
  .string({ error: "is required (a redis:// URL)" })
  .refine((value) => /^rediss?:\/\/.+/.test(value) && URL.canParse(value), "must be a redis:// or rediss:// URL");

const httpUrl = z
  .string({ error: "is required (an http(s) URL)" })
  .refine((value) => /^https?:\/\/.+/.test(value) && URL.canParse(value), "must be an http(s) URL")
  .transform((value) => value.replace(/\/+$/, ""));

const required = (what: string) =>
  z
    .string({ error: `is required (${what})` })
    .trim()
    .min(1, `is required (${what})`);

const base64Key = z
  .string()
  .refine((value) => /^[A-Za-z0-9+/]+={0,2}$/.test(value), "must be base64 (openssl rand -base64 32)")
  .transform((value) => Buffer.from(value, "base64"))
  .refine((key) => key.length === 32, {
    error: (issue) => `must decode to 32 bytes, got ${(issue.input as Buffer).length} (openssl rand -base64 32)`,
  });

const encryptionKey = z.string({ error: "is required (32 random bytes, base64: openssl rand -base64 32)" }).pipe(base64Key);

const previousKeys = z
  .string()
  .transform((value) =>
    value
      .split(",")
      .map((key) => key.trim())
      .filter(Boolean),
  )
  .pipe(z.array(base64Key));

export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),

  DATABASE_URL: postgresUrl,
  REDIS_URL: redisUrl,
  // Keys of every queue start with this, so several apps or test runs can share one Redis.
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, "may hold only letters, digits, _ and -")
    .default("wj"),

  SHOPIFY_API_KEY: required("the app's client id from the Partner Dashboard"),
  SHOPIFY_API_SECRET: required("the app's client secret from the Partner Dashboard"),
  SHOPIFY_APP_URL: httpUrl,
  SCOPES: required("comma-separated access scopes, as in shopify.app.toml").transform((value) =>
    value
      .split(",")
      .map((scope) => scope.trim())
      .filter(Boolean),
  ),
  SHOP_CUSTOM_DOMAIN: z.string().optional(),

  ENCRYPTION_KEY: encryptionKey,
  // Keys retired by a rotation, still able to decrypt until `npm run keys:rotate` re-encrypts.
  ENCRYPTION_KEYS_PREVIOUS: previousKeys.default([]),

  WHATSAPP_GRAPH_URL: httpUrl.default("https://graph.facebook.com"),
  WHATSAPP_APP_SECRET: required("the Meta app secret that signs WhatsApp webhooks"),
  WHATSAPP_VERIFY_TOKEN: required("any string; Meta echoes it in the webhook verification handshake"),
  // Only for Embedded Signup (Meta Tech Providers): the Meta app's id for the code exchange.
  META_APP_ID: z.string().optional(),

  ULTRAMSG_API_URL: httpUrl.default("https://api.ultramsg.com"),

  // Workers: how long a job's lock lasts; a worker that dies holding one hands the job on after it.
  WORKER_LOCK_MS: z.coerce.number().int().min(1_000).default(30_000),
  // How long a send whose outcome is unknown waits for WhatsApp's status before it is sent again.
  SEND_RECONCILE_MS: z.coerce.number().int().min(1_000).default(60_000),
  // Pacing per recipient: Meta's pair limit is about one message every 6 seconds.
  PAIR_PACING_SECONDS: z.coerce.number().int().min(1).default(6),
});

export type Env = z.infer<typeof envSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`The app cannot start; fix these settings (see .env.example):\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Parses the given environment; throws a ConfigError naming every problem (never a value). */
export function parseEnv(source: Record<string, string | undefined>): Env {
  // An empty variable is treated as unset, so `FOO=` in a .env file reads as "missing".
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`));
  }
  return result.data;
}

let cached: Env | undefined;

/** The app's settings, parsed from process.env on first use. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
