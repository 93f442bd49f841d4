import type { CSSProperties, ReactNode } from "react";
import { fillPlaceholders, type TemplateContent, type TemplateValues } from "~/domain/template-content";
import { isRightToLeft } from "~/domain/starter-templates";
import { parseWhatsAppFormatting, type FormatNode } from "~/domain/whatsapp-format";

/**
 * A template drawn as the shopper will see it in WhatsApp: the chat background, the bubble with
 * its header (text or media), formatted body and footer, the time, and the buttons beneath.
 * Variables show their example values, highlighted; right-to-left languages read right to left.
 */
const styles = {
  chat: { background: "#efeae2", padding: "16px 12px", borderRadius: 12, minHeight: 120 },
  bubble: {
    background: "#ffffff",
    borderRadius: "0 8px 8px 8px",
    padding: "6px 8px 8px",
    maxWidth: 330,
    boxShadow: "0 1px 0.5px rgba(11,20,26,.13)",
    fontFamily: "-apple-system, 'Segoe UI', Helvetica, Arial, sans-serif",
    fontSize: 14.2,
    lineHeight: "19px",
    color: "#111b21",
    whiteSpace: "pre-wrap" as const,
    wordBreak: "break-word" as const,
  },
  media: {
    background: "#d1d7db",
    borderRadius: 6,
    height: 140,
    display: "flex",
    alignItems: "center",
    justifyContent: "center",
    color: "#54656f",
    marginBottom: 6,
    overflow: "hidden",
  },
  headerText: { fontWeight: 700, marginBottom: 4 },
  footer: { color: "#667781", fontSize: 13, marginTop: 4 },
  time: { color: "#667781", fontSize: 11, textAlign: "end" as const, marginTop: 2 },
  button: {
    background: "#ffffff",
    borderRadius: 8,
    marginTop: 2,
    maxWidth: 330,
    padding: "9px 8px",
    textAlign: "center" as const,
    color: "#027eb5",
    fontSize: 14,
    boxShadow: "0 1px 0.5px rgba(11,20,26,.13)",
  },
  variable: { background: "#fff3c4", borderRadius: 3, padding: "0 2px" },
  missing: { background: "#fde2e1", color: "#8e1f0b", borderRadius: 3, padding: "0 2px" },
} satisfies Record<string, CSSProperties>;

const buttonIcons: Record<string, string> = { URL: "↗", PHONE_NUMBER: "☎", QUICK_REPLY: "↩", COPY_CODE: "⧉", CATALOG: "☰", MPM: "☰" };

/** Splits text on placeholders so filled variables can be highlighted inside formatting. */
function withVariables(text: string, values: Record<string, string>): ReactNode[] {
  const parts: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(/\{\{([^{}]*)\}\}/g)) {
    if (match.index! > last) parts.push(text.slice(last, match.index));
    const value = values[match[1].trim()];
    parts.push(
      value ? (
        <span key={match.index} style={styles.variable}>
          {value}
        </span>
      ) : (
        <span key={match.index} style={styles.missing}>
          {match[0]}
        </span>
      ),
    );
    last = match.index! + match[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}

function render(nodes: FormatNode[], values: Record<string, string>): ReactNode[] {
  return nodes.map((node, i) => {
    switch (node.kind) {
      case "text":
        return <span key={i}>{withVariables(node.text, values)}</span>;
      case "mono":
        return (
          <code key={i} style={{ fontFamily: "monospace" }}>
            {node.text}
          </code>
        );
      case "bold":
        return <strong key={i}>{render(node.children, values)}</strong>;
      case "italic":
        return <em key={i}>{render(node.children, values)}</em>;
      case "strike":
        return <s key={i}>{render(node.children, values)}</s>;
      case "code":
        return (
          <code key={i} style={{ fontFamily: "monospace", background: "#f0f2f5", padding: "0 3px", borderRadius: 3 }}>
            {render(node.children, values)}
          </code>
        );
    }
  });
}

/** Text with WhatsApp's formatting (*bold*, _italic_, ~strike~, ```mono```), as the app shows it. */
export function FormattedText({ text }: { text: string }) {
  return <>{render(parseWhatsAppFormatting(text), {})}</>;
}

function MediaHeader({ type, sampleUrl }: { type: string; sampleUrl?: string }) {
  if (type === "IMAGE" && sampleUrl?.startsWith("https://")) {
    return (
      <div style={styles.media}>
        <img src={sampleUrl} alt="Header sample" style={{ width: "100%", height: "100%", objectFit: "cover" }} />
      </div>
    );
  }
  const label = { IMAGE: "🖼 Image", VIDEO: "▶ Video", DOCUMENT: "📄 Document", LOCATION: "📍 Location" }[type] ?? type;
  return <div style={styles.media}>{label}</div>;
}

export function WhatsAppBubble({
  content,
  values,
  language,
  time = "12:00",
}: {
  content: TemplateContent;
  values: TemplateValues;
  language: string;
  time?: string;
}) {
  const dir = isRightToLeft(language) ? "rtl" : "ltr";
  const header = content.header;
  return (
    <div style={styles.chat} dir={dir} lang={language.replace("_", "-")} data-testid="whatsapp-preview">
      <div style={styles.bubble}>
        {header?.type === "TEXT" ? <div style={styles.headerText}>{withVariables(header.text, values.header ?? {})}</div> : null}
        {header && header.type !== "TEXT" ? (
          <MediaHeader type={header.type} sampleUrl={"sampleUrl" in header ? header.sampleUrl : undefined} />
        ) : null}
        <div>
          {content.body ? (
            render(parseWhatsAppFormatting(content.body), values.body)
          ) : (
            <span style={{ color: "#667781" }}>Your message…</span>
          )}
        </div>
        {content.footer ? <div style={styles.footer}>{content.footer}</div> : null}
        <div style={styles.time}>{time}</div>
      </div>
      {content.buttons.map((button, index) => (
        <div key={index} style={styles.button}>
          <span aria-hidden="true">{buttonIcons[button.type]} </span>
          {"text" in button ? button.text : "Copy code"}
          {button.type === "URL" ? (
            <div style={{ color: "#667781", fontSize: 11 }}>
              {fillPlaceholders(button.url, { 1: values.buttons?.[String(index)] ?? "…" })}
            </div>
          ) : null}
        </div>
      ))}
    </div>
  );
}
