import { diffWords } from "diff";

/** What changed between two versions' texts, word by word: removed struck through, added underlined. */
export function VersionDiff({ before, after }: { before: string; after: string }) {
  const parts = diffWords(before, after);
  return (
    <div style={{ whiteSpace: "pre-wrap", lineHeight: "20px" }} data-testid="version-diff">
      {parts.map((part, i) =>
        part.added ? (
          <ins key={i} style={{ background: "#d4f4dd", textDecoration: "none" }}>
            {part.value}
          </ins>
        ) : part.removed ? (
          <del key={i} style={{ background: "#fde2e1" }}>
            {part.value}
          </del>
        ) : (
          <span key={i}>{part.value}</span>
        ),
      )}
    </div>
  );
}

/** A version's texts as one block, for comparing. */
export function versionText(content: {
  header?: { type: string; text?: string };
  body: string;
  footer?: string;
  buttons: { type: string; text?: string; url?: string }[];
}): string {
  return [
    content.header?.type === "TEXT"
      ? `Header: ${content.header.text}`
      : content.header
        ? `Header: ${content.header.type.toLowerCase()}`
        : "",
    content.body,
    content.footer ? `Footer: ${content.footer}` : "",
    ...content.buttons.map((b) => `Button: ${b.text ?? b.type}${b.url ? ` (${b.url})` : ""}`),
  ]
    .filter(Boolean)
    .join("\n");
}
