import type { OutboundMessage } from "~/whatsapp/message";
import { whatsappLimits } from "~/whatsapp/limits";
import { fillPlaceholders, renderTemplateText, urlButtonVariable, type TemplateContent, type TemplateValues } from "./template-content";

/**
 * A template's free-form twin, for an open 24-hour window (free of charge, and richer): the same
 * text, quick replies as reply buttons, links written out. Pure.
 */
export function sessionMessage(content: TemplateContent, values: TemplateValues): OutboundMessage {
  const links = content.buttons.flatMap((button, index) => {
    if (button.type !== "URL") return [];
    const variable = urlButtonVariable(button);
    const url = variable ? fillPlaceholders(button.url, { [variable]: values.buttons?.[String(index)] ?? "" }) : button.url;
    return [`${button.text}: ${url}`];
  });
  const text = [renderTemplateText(content, values), ...links].join("\n\n");
  const replies = content.buttons.flatMap((button, index) =>
    button.type === "QUICK_REPLY" ? [{ id: values.quickReplyPayloads?.[String(index)] ?? button.text, title: button.text }] : [],
  );
  if (replies.length && replies.length <= whatsappLimits.replyButtons && text.length <= whatsappLimits.interactiveBody) {
    return {
      type: "buttons",
      body: text,
      buttons: replies.map((reply) => ({
        id: reply.id,
        title: reply.title.length > whatsappLimits.replyButtonTitle ? `${reply.title.slice(0, 19)}…` : reply.title,
      })),
    };
  }
  return { type: "text", body: text, previewUrl: links.length > 0 };
}
