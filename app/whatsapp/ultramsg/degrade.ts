import { describeError, WhatsAppError } from "../errors";
import type { MediaRef, OutboundMessageType, ValidOutboundMessage } from "../message";

/**
 * How a message becomes something UltraMsg (a WhatsApp Web session) can send: its media and
 * text endpoints as they are, and interactive, product and template content as readable text
 * with links. Pure.
 */
export interface UltraMsgSend {
  endpoint: "chat" | "image" | "video" | "audio" | "document" | "sticker" | "location" | "reaction" | "link";
  params: Record<string, string>;
  degradedTo?: OutboundMessageType;
}

const cannotSend = (why: string) => new WhatsAppError(describeError(131051), { providerMessage: `UltraMsg cannot send this: ${why}` });

function link(media: MediaRef, what: string): string {
  if ("link" in media) return media.link;
  throw cannotSend(`${what} by WhatsApp media id (give a public link instead)`);
}

/** Lines joined; absent parts (undefined, false) are left out, "" makes a blank line. */
function joinLines(...parts: (string | undefined | false)[]): string {
  return parts.filter((part) => typeof part === "string").join("\n");
}

function asText(text: string, degraded = true): UltraMsgSend {
  return { endpoint: "chat", params: { body: text }, degradedTo: degraded ? "text" : undefined };
}

export function ultraMsgSend(message: ValidOutboundMessage): UltraMsgSend {
  const fallback = message.fallback;
  switch (message.type) {
    case "text":
      return asText(message.body, false);
    case "image":
    case "video":
      return { endpoint: message.type, params: { [message.type]: link(message.media, message.type), caption: message.caption ?? "" } };
    case "audio":
    case "sticker":
      return { endpoint: message.type, params: { [message.type]: link(message.media, message.type) } };
    case "document":
      return {
        endpoint: "document",
        params: {
          document: link(message.media, "document"),
          filename: message.filename ?? "document",
          caption: message.caption ?? "",
        },
      };
    case "location":
      return {
        endpoint: "location",
        params: {
          lat: String(message.latitude),
          lng: String(message.longitude),
          address: [message.name, message.address].filter(Boolean).join("\n") || `${message.latitude},${message.longitude}`,
        },
      };
    case "reaction":
      return { endpoint: "reaction", params: { msgId: message.messageId, emoji: message.emoji } };
    case "buttons":
      return asText(
        joinLines(
          message.header?.type === "text" && `*${message.header.text}*`,
          message.body,
          "",
          ...message.buttons.map((button, i) => `${i + 1}. ${button.title}`),
          message.footer ? `_${message.footer}_` : undefined,
          "Reply with the number of your choice.",
        ),
      );
    case "list": {
      let n = 0;
      return asText(
        joinLines(
          message.header ? `*${message.header.text}*` : undefined,
          message.body,
          ...message.sections.flatMap((section) => [
            "",
            section.title ? `*${section.title}*` : undefined,
            ...section.rows.map((row) => `${++n}. ${row.title}${row.description ? ` — ${row.description}` : ""}`),
          ]),
          "",
          message.footer ? `_${message.footer}_` : undefined,
          "Reply with the number of your choice.",
        ),
      );
    }
    case "product":
    case "product_list":
    case "catalog": {
      const text = joinLines(
        message.type === "product_list" && `*${message.header}*`,
        fallback?.text ?? message.body,
        fallback?.url,
        message.footer ? `_${message.footer}_` : undefined,
      );
      if (!text) throw cannotSend("a catalog message without fallback text or link");
      if (fallback?.imageUrl) return { endpoint: "image", params: { image: fallback.imageUrl, caption: text }, degradedTo: "image" };
      // Only a link to show: UltraMsg's link endpoint sends it with its preview card.
      if (fallback?.url && text === fallback.url) return { endpoint: "link", params: { link: fallback.url }, degradedTo: "text" };
      return asText(text);
    }
    case "template":
      if (!fallback?.text) throw cannotSend(`template ${message.name} without its rendered text`);
      return asText(joinLines(fallback.text, fallback.url));
  }
}
