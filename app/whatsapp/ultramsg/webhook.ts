import { z } from "zod";
import { dateFromUnixSeconds, phoneFromWaId, type InboundUpdate } from "../inbound";

/** UltraMsg's webhook (configured on the instance), parsed tolerantly. */
export const ultraMsgWebhookSchema = z.looseObject({
  event_type: z.string(),
  instanceId: z.union([z.string(), z.number()]).transform(String),
  data: z.looseObject({
    id: z.string(),
    from: z.string().optional(),
    to: z.string().optional(),
    body: z.string().optional(),
    type: z.string().optional(),
    ack: z.string().optional(),
    fromMe: z.boolean().optional(),
    time: z.union([z.number(), z.string()]).optional(),
    pushname: z.string().optional(),
    media: z.string().optional(),
    referenceId: z.string().optional(),
    quotedMsg: z.looseObject({ id: z.string().optional() }).optional(),
  }),
});
export type UltraMsgWebhook = z.infer<typeof ultraMsgWebhookSchema>;

const typeMap: Record<string, string> = { chat: "text", ptt: "audio", vcard: "contacts" };

export function normalizeUltraMsgWebhook(webhook: UltraMsgWebhook): InboundUpdate[] {
  const { data } = webhook;
  if (webhook.event_type === "message_received" && !data.fromMe) {
    const type = typeMap[data.type ?? "chat"] ?? data.type ?? "text";
    const waId = data.from?.replace(/@c\.us$/, "");
    const content =
      type === "text"
        ? { text: { body: data.body ?? "" } }
        : data.media
          ? { [type]: { link: data.media, caption: data.body } }
          : { [type]: { body: data.body } };
    return [
      {
        kind: "message",
        message: {
          providerMessageId: data.id,
          from: phoneFromWaId(waId),
          waId,
          profileName: data.pushname,
          timestamp: dateFromUnixSeconds(data.time),
          type,
          text: data.body || (type === "text" ? "" : `[${type}]`),
          content,
          replyTo: data.quotedMsg?.id,
        },
      },
    ];
  }
  if (webhook.event_type === "message_ack" && data.ack) {
    return [
      {
        kind: "status",
        status: {
          providerMessageId: data.id,
          status: data.ack,
          timestamp: dateFromUnixSeconds(data.time),
          recipient: phoneFromWaId(data.to?.replace(/@c\.us$/, "")),
          callbackData: data.referenceId,
          errors: [],
        },
      },
    ];
  }
  return [{ kind: "ignored", what: `UltraMsg ${webhook.event_type}${data.fromMe ? " (sent by the business)" : ""}` }];
}
