/**
 * WhatsApp's text formatting — *bold*, _italic_, ~strikethrough~, ```monospace``` and `code` —
 * parsed into a tree the preview draws. A marker only counts at a word boundary and around
 * non-blank text, as in WhatsApp itself; everything else stays literal. Pure.
 */
export type FormatNode =
  { kind: "text"; text: string } | { kind: "bold" | "italic" | "strike" | "code"; children: FormatNode[] } | { kind: "mono"; text: string };

const markers: { open: string; kind: "bold" | "italic" | "strike" | "code" | "mono" }[] = [
  { open: "```", kind: "mono" },
  { open: "*", kind: "bold" },
  { open: "_", kind: "italic" },
  { open: "~", kind: "strike" },
  { open: "`", kind: "code" },
];

const boundaryBefore = (text: string, i: number) => i === 0 || /[\s\p{P}]/u.test(text[i - 1]);
const boundaryAfter = (text: string, i: number) => i >= text.length || /[\s\p{P}]/u.test(text[i]);

function findSpan(text: string, from: number) {
  for (let i = from; i < text.length; i++) {
    for (const marker of markers) {
      if (!text.startsWith(marker.open, i) || !boundaryBefore(text, i)) continue;
      const start = i + marker.open.length;
      if (start >= text.length || /\s/.test(text[start])) continue;
      let close = text.indexOf(marker.open, start + 1);
      while (close !== -1) {
        if (!/\s/.test(text[close - 1]) && boundaryAfter(text, close + marker.open.length) && !text.slice(start, close).includes("\n"))
          break;
        close = text.indexOf(marker.open, close + 1);
      }
      if (close !== -1) return { at: i, start, close, marker };
    }
  }
  return undefined;
}

export function parseWhatsAppFormatting(text: string): FormatNode[] {
  const nodes: FormatNode[] = [];
  let position = 0;
  for (;;) {
    const span = findSpan(text, position);
    if (!span) break;
    if (span.at > position) nodes.push({ kind: "text", text: text.slice(position, span.at) });
    const inner = text.slice(span.start, span.close);
    nodes.push(
      span.marker.kind === "mono" ? { kind: "mono", text: inner } : { kind: span.marker.kind, children: parseWhatsAppFormatting(inner) },
    );
    position = span.close + span.marker.open.length;
  }
  if (position < text.length) nodes.push({ kind: "text", text: text.slice(position) });
  return nodes;
}
