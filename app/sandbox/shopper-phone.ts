import { fillPlaceholders, renderTemplateText, variableNames, type TemplateContent } from "~/domain/template-content";
import type { TemplateParameter, ValidOutboundMessage } from "~/whatsapp/message";
import type { ShopperMessage } from "./sandbox-provider.server";

/**
 * The sandbox shopper's phone: what the sandbox kept, drawn as the shopper's WhatsApp would
 * show it, and what each tap on it sends back. Pure — the page loads the messages and the
 * approved template content, this decides what a bubble says and what a tap means.
 */
export interface PhoneBubble {
  id: string;
  from: "shop" | "shopper";
  at: string;
  header?: string;
  /** With WhatsApp's own formatting (*bold*, _italic_ …). */
  text: string;
  footer?: string;
  /** What the shopper can tap to answer: reply buttons, quick replies, list rows. */
  choices: { index: number; title: string; description?: string }[];
  /** What opens elsewhere: links, phone numbers, codes, catalogs. */
  links: { title: string; url?: string }[];
  /** The status WhatsApp reported for it (shop messages only). */
  status?: string;
}

/** A message as the sandbox keeps it (`SandboxMessage`). */
export interface KeptMessage {
  wamid: string;
  direction: "TO_SHOPPER" | "FROM_SHOPPER";
  type: string;
  content: unknown;
  createdAt: Date;
}

interface Choice {
  title: string;
  description?: string;
  reply: (wamid: string) => ShopperMessage;
}

interface Drawn {
  header?: string;
  text: string;
  footer?: string;
  choices: Choice[];
  links: PhoneBubble["links"];
}

function parameterText(parameter: TemplateParameter | undefined): string | undefined {
  if (!parameter) return undefined;
  if (parameter.type === "text") return parameter.text;
  if (parameter.type === "currency" || parameter.type === "date_time") return parameter.fallback;
  return undefined;
}

/** The variable values a template send carried, by the names its content uses. */
function sentValues(content: TemplateContent, names: string[], parameters: TemplateParameter[]): Record<string, string> {
  const ordered = content.parameterFormat === "positional" ? names.slice().sort((a, b) => Number(a) - Number(b)) : names;
  const values: Record<string, string> = {};
  ordered.forEach((name, i) => {
    const parameter = parameters.find((p) => "name" in p && p.name === name) ?? parameters[i];
    const text = parameterText(parameter);
    if (text !== undefined) values[name] = text;
  });
  return values;
}

const mediaLabel: Record<string, string> = {
  image: "🖼 Photo",
  video: "▶ Video",
  document: "📄 Document",
  audio: "🎤 Audio",
  sticker: "Sticker",
};

function drawTemplate(message: Extract<ValidOutboundMessage, { type: "template" }>, content: TemplateContent | undefined): Drawn {
  if (!content) {
    // A template the app no longer holds: what it said travelled as the fallback text.
    return { text: message.fallback?.text ?? `Template “${message.name}” (${message.language})`, choices: [], links: [] };
  }
  const header = content.header;
  const headerValues =
    header?.type === "TEXT" ? sentValues(content, variableNames(header.text), message.header ? [message.header] : []) : {};
  const body = sentValues(content, variableNames(content.body), message.body);
  const choices: Choice[] = [];
  const links: PhoneBubble["links"] = [];
  content.buttons.forEach((button, index) => {
    const sent = message.buttons.filter((b) => b.index === index);
    switch (button.type) {
      case "QUICK_REPLY": {
        // Meta sends the button's text as its payload when the send gave none.
        const payload = sent.find((b) => b.subType === "quick_reply")?.payload ?? button.text;
        choices.push({ title: button.text, reply: (wamid) => ({ type: "quick_reply", payload, text: button.text, replyTo: wamid }) });
        break;
      }
      case "URL": {
        const suffix = sent.find((b) => b.subType === "url");
        links.push({ title: button.text, url: fillPlaceholders(button.url, { 1: suffix?.text ?? "" }) });
        break;
      }
      case "PHONE_NUMBER":
        links.push({ title: `${button.text} (${button.phoneNumber})` });
        break;
      case "COPY_CODE": {
        const code = sent.find((b) => b.subType === "copy_code");
        links.push({ title: `Copy code ${code?.couponCode ?? button.example}` });
        break;
      }
      case "CATALOG":
      case "MPM":
        links.push({ title: button.text });
        break;
    }
  });
  return {
    header:
      header?.type === "TEXT"
        ? fillPlaceholders(header.text, headerValues)
        : header
          ? (mediaLabel[header.type.toLowerCase()] ?? "📍 Location")
          : undefined,
    text: renderTemplateText({ ...content, header: undefined, footer: undefined }, { body }),
    footer: content.footer,
    choices,
    links,
  };
}

function drawToShopper(message: ValidOutboundMessage, content: TemplateContent | undefined): Drawn {
  const plain = (text: string, extra: Partial<Drawn> = {}): Drawn => ({ text, choices: [], links: [], ...extra });
  switch (message.type) {
    case "text":
      return plain(message.body);
    case "image":
    case "video":
    case "document":
    case "audio":
    case "sticker":
      return plain("caption" in message && message.caption ? message.caption : "", {
        header: mediaLabel[message.type],
        links: "link" in message.media ? [{ title: `Open the ${message.type}`, url: message.media.link }] : [],
      });
    case "location":
      return plain([message.name, message.address].filter(Boolean).join("\n") || `${message.latitude}, ${message.longitude}`, {
        header: "📍 Location",
      });
    case "reaction":
      return plain(message.emoji || "(reaction removed)");
    case "buttons":
      return plain(message.body, {
        header: message.header?.type === "text" ? message.header.text : message.header ? mediaLabel[message.header.type] : undefined,
        footer: message.footer,
        choices: message.buttons.map((button) => ({
          title: button.title,
          reply: (wamid) => ({ type: "button_reply", id: button.id, title: button.title, replyTo: wamid }),
        })),
      });
    case "list":
      return plain(message.body, {
        header: message.header?.text,
        footer: message.footer,
        choices: message.sections.flatMap((section) =>
          section.rows.map((row) => ({
            title: row.title,
            description: row.description,
            reply: (wamid: string) => ({
              type: "list_reply" as const,
              id: row.id,
              title: row.title,
              description: row.description,
              replyTo: wamid,
            }),
          })),
        ),
      });
    case "product":
    case "product_list":
    case "catalog":
      return plain(message.fallback?.text ?? message.body ?? "", {
        header: message.type === "product_list" ? message.header : "🛍 Product",
        footer: message.footer,
        links: message.fallback?.url ? [{ title: "View in the store", url: message.fallback.url }] : [],
      });
    case "template":
      return drawTemplate(message, content);
  }
}

/** What the shopper sent, as their own phone shows it. */
function drawFromShopper(content: Record<string, unknown>): Drawn {
  const plain = (text: string): Drawn => ({ text, choices: [], links: [] });
  const field = <T>(key: string) => content[key] as T | undefined;
  switch (content.type) {
    case "text":
      return plain(field<{ body: string }>("text")?.body ?? "");
    case "button":
      return plain(field<{ text: string }>("button")?.text ?? "");
    case "interactive": {
      const interactive = field<{ button_reply?: { title: string }; list_reply?: { title: string } }>("interactive");
      return plain(interactive?.button_reply?.title ?? interactive?.list_reply?.title ?? "");
    }
    case "location": {
      const location = field<{ latitude: number; longitude: number; name?: string }>("location");
      return { ...plain(location?.name ?? `${location?.latitude}, ${location?.longitude}`), header: "📍 Location" };
    }
    case "order": {
      const items = field<{ product_items: { quantity: number }[] }>("order")?.product_items ?? [];
      const count = items.reduce((sum, item) => sum + item.quantity, 0);
      return { ...plain(`${count} item${count === 1 ? "" : "s"} in the cart`), header: "🛒 Cart sent" };
    }
    default:
      return plain(`(${String(content.type)})`);
  }
}

function draw(kept: KeptMessage, content: TemplateContent | undefined): Drawn {
  return kept.direction === "TO_SHOPPER"
    ? drawToShopper(kept.content as ValidOutboundMessage, content)
    : drawFromShopper(kept.content as Record<string, unknown>);
}

/** A kept message as a bubble on the shopper's phone; `content` is the template it sent, when it sent one. */
export function phoneBubble(kept: KeptMessage, content?: TemplateContent, status?: string): PhoneBubble {
  const drawn = draw(kept, content);
  return {
    id: kept.wamid,
    from: kept.direction === "TO_SHOPPER" ? "shop" : "shopper",
    at: kept.createdAt.toISOString(),
    header: drawn.header,
    text: drawn.text,
    footer: drawn.footer,
    choices: drawn.choices.map(({ title, description }, index) => ({ index, title, ...(description ? { description } : {}) })),
    links: drawn.links,
    ...(status ? { status } : {}),
  };
}

/**
 * What the shopper's phone sends when they tap choice `index` on a message from the shop, or
 * null when the message offers no such choice (a forged or stale tap changes nothing).
 */
export function tapReply(kept: KeptMessage, content: TemplateContent | undefined, index: number): ShopperMessage | null {
  if (kept.direction !== "TO_SHOPPER") return null;
  const choice = draw(kept, content).choices[index];
  return choice ? choice.reply(kept.wamid) : null;
}

/** The template a kept message sent, to look its content up: Meta's name and language. */
export function sentTemplate(kept: KeptMessage): { name: string; language: string } | null {
  if (kept.direction !== "TO_SHOPPER") return null;
  const message = kept.content as ValidOutboundMessage;
  return message.type === "template" ? { name: message.name, language: message.language } : null;
}
