import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "smol-toml";
import { z } from "zod";

/**
 * The webhook subscriptions declared in shopify.app.toml — the one list of topics. The
 * routes accept only the topics subscribed at their uri, and the worker has a handler for
 * each (checked by tests).
 */
export interface WebhookSubscription {
  uri: string;
  topics: string[];
  compliance: boolean;
}

const tomlSchema = z.object({
  webhooks: z.object({
    api_version: z.string(),
    subscriptions: z
      .array(
        z.object({
          uri: z.string().startsWith("/", "must be a path on the app, like /webhooks/orders"),
          topics: z.array(z.string()).optional(),
          compliance_topics: z.array(z.string()).optional(),
        }),
      )
      .min(1),
  }),
});

export function parseWebhookSubscriptions(tomlText: string): { apiVersion: string; subscriptions: WebhookSubscription[] } {
  const { webhooks } = tomlSchema.parse(parse(tomlText));
  return {
    apiVersion: webhooks.api_version,
    subscriptions: webhooks.subscriptions.map((entry) => ({
      uri: entry.uri,
      topics: [...(entry.topics ?? []), ...(entry.compliance_topics ?? [])],
      compliance: Boolean(entry.compliance_topics?.length),
    })),
  };
}

export const appTomlPath = path.join(process.cwd(), "shopify.app.toml");

let cached: ReturnType<typeof parseWebhookSubscriptions> | undefined;

/** The subscriptions of the app's own shopify.app.toml (processes run from the app root). */
export function webhookConfig() {
  cached ??= parseWebhookSubscriptions(readFileSync(appTomlPath, "utf8"));
  return cached;
}

/** Every subscribed topic, e.g. "orders/create". */
export function subscribedTopics(): string[] {
  return webhookConfig().subscriptions.flatMap((subscription) => subscription.topics);
}

/** The topics Shopify delivers to this path, or undefined when nothing is subscribed there. */
export function topicsSubscribedAt(uri: string): string[] | undefined {
  return webhookConfig().subscriptions.find((subscription) => subscription.uri === uri)?.topics;
}
