import { pino, type DestinationStream } from "pino";
/**
 * Structured JSON logs. Credentials are redacted by key wherever they appear, so a
 * stray `log.info({ connection })` cannot leak a token; URLs go through `redactUrl`.
 */
const redactedKeys = [
  "accessToken",
  "access_token",
  "refreshToken",
  "token",
  "apiSecret",
  "appSecret",
  "password",
  "authorization",
  "Authorization",
  "encryptionKey",
  "credentials",
];

export function createLogger(destination?: DestinationStream, level?: string) {
  return pino(
    {
      level: level ?? process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
      name: "whatsapp-journeys",
      redact: {
        paths: [...redactedKeys, ...redactedKeys.map((key) => `*.${key}`), ...redactedKeys.map((key) => `*.*.${key}`)],
        censor: "[redacted]",
      },
    },
    destination,
  );
}

export const logger = createLogger();

/** A URL safe to print: the password, if any, replaced. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable URL)";
  }
}
