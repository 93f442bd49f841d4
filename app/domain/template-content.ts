import { z } from "zod";
import type { OutboundMessage, TemplateButtonParameter, TemplateParameter } from "~/whatsapp/message";

/**
 * A template language's content as staff edit it: Meta's components (header, body, footer,
 * buttons) plus an example value for every variable. Stored as is on each version; turned into
 * Meta's component list on submission (`toMetaComponents`) and read back from Meta's on import
 * (`fromMetaComponents`). Pure.
 */
export const headerSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("TEXT"), text: z.string() }),
  z.object({ type: z.enum(["IMAGE", "VIDEO", "DOCUMENT"]), sampleUrl: z.string().optional() }),
  z.object({ type: z.literal("LOCATION") }),
]);

export const buttonSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("QUICK_REPLY"), text: z.string() }),
  z.object({ type: z.literal("URL"), text: z.string(), url: z.string() }),
  z.object({ type: z.literal("PHONE_NUMBER"), text: z.string(), phoneNumber: z.string() }),
  z.object({ type: z.literal("COPY_CODE"), example: z.string() }),
  z.object({ type: z.literal("CATALOG"), text: z.string() }),
  z.object({ type: z.literal("MPM"), text: z.string() }),
]);

export const templateContentSchema = z.object({
  parameterFormat: z.enum(["positional", "named"]),
  header: headerSchema.optional(),
  body: z.string(),
  footer: z.string().optional(),
  buttons: z.array(buttonSchema).default([]),
  /** Example values: header and body by variable name ("1" or "first_name"); URL buttons by button index. */
  examples: z
    .object({
      header: z.record(z.string(), z.string()).default({}),
      body: z.record(z.string(), z.string()).default({}),
      buttons: z.record(z.string(), z.string()).default({}),
    })
    .default({ header: {}, body: {}, buttons: {} }),
});

export type TemplateContent = z.output<typeof templateContentSchema>;
export type TemplateHeader = z.output<typeof headerSchema>;
export type TemplateButton = z.output<typeof buttonSchema>;

/** `{{1}}`, `{{ first_name }}` … with where they sit. */
export interface Placeholder {
  raw: string;
  name: string;
  start: number;
  end: number;
}

const placeholderPattern = /\{\{([^{}]*)\}\}/g;

export function placeholders(text: string | undefined): Placeholder[] {
  if (!text) return [];
  return [...text.matchAll(placeholderPattern)].map((match) => ({
    raw: match[0],
    name: match[1].trim(),
    start: match.index!,
    end: match.index! + match[0].length,
  }));
}

/** Variable names in order of first appearance, without repeats. */
export function variableNames(text: string | undefined): string[] {
  return [...new Set(placeholders(text).map((p) => p.name))];
}

export function urlButtonVariable(button: TemplateButton): string | undefined {
  return button.type === "URL" ? placeholders(button.url)[0]?.name : undefined;
}

/** Fills `{{name}}` placeholders from `values`; a missing value leaves the placeholder as is. */
export function fillPlaceholders(text: string, values: Record<string, string>): string {
  return text.replace(placeholderPattern, (raw, name: string) => values[name.trim()] ?? raw);
}

// --- Meta's component format ------------------------------------------------------------------

type MetaComponent = Record<string, unknown> & { type: string };

function namedOrPositionalExample(
  format: TemplateContent["parameterFormat"],
  key: "header_text" | "body_text",
  names: string[],
  examples: Record<string, string>,
) {
  if (!names.length) return undefined;
  if (format === "named") {
    return { [`${key}_named_params`]: names.map((name) => ({ param_name: name, example: examples[name] ?? "" })) };
  }
  const values = names
    .slice()
    .sort((a, b) => Number(a) - Number(b))
    .map((name) => examples[name] ?? "");
  return { [key]: key === "body_text" ? [values] : values };
}

/** Meta's `components` for a create or edit call. `mediaHandle` is the uploaded sample of a media header. */
export function toMetaComponents(content: TemplateContent, { mediaHandle }: { mediaHandle?: string } = {}): MetaComponent[] {
  const components: MetaComponent[] = [];
  const { header } = content;
  if (header?.type === "TEXT") {
    const example = namedOrPositionalExample(content.parameterFormat, "header_text", variableNames(header.text), content.examples.header);
    components.push({ type: "HEADER", format: "TEXT", text: header.text, ...(example ? { example } : {}) });
  } else if (header?.type === "LOCATION") {
    components.push({ type: "HEADER", format: "LOCATION" });
  } else if (header) {
    components.push({ type: "HEADER", format: header.type, ...(mediaHandle ? { example: { header_handle: [mediaHandle] } } : {}) });
  }
  const bodyExample = namedOrPositionalExample(content.parameterFormat, "body_text", variableNames(content.body), content.examples.body);
  components.push({ type: "BODY", text: content.body, ...(bodyExample ? { example: bodyExample } : {}) });
  if (content.footer) components.push({ type: "FOOTER", text: content.footer });
  if (content.buttons.length) {
    components.push({
      type: "BUTTONS",
      buttons: content.buttons.map((button, index) => {
        switch (button.type) {
          case "URL": {
            const variable = urlButtonVariable(button);
            const example = content.examples.buttons[String(index)];
            return {
              type: "URL",
              text: button.text,
              url: button.url,
              ...(variable && example !== undefined ? { example: [fillPlaceholders(button.url, { [variable]: example })] } : {}),
            };
          }
          case "PHONE_NUMBER":
            return { type: "PHONE_NUMBER", text: button.text, phone_number: button.phoneNumber };
          case "COPY_CODE":
            return { type: "COPY_CODE", example: button.example };
          default:
            return { type: button.type, text: button.text };
        }
      }),
    });
  }
  return components;
}

const metaComponentSchema = z.looseObject({
  type: z.string(),
  format: z.string().optional(),
  text: z.string().optional(),
  example: z.unknown().optional(),
  buttons: z
    .array(
      z.looseObject({
        type: z.string(),
        text: z.string().optional(),
        url: z.string().optional(),
        phone_number: z.string().optional(),
        example: z.unknown().optional(),
      }),
    )
    .optional(),
});

function examplesFrom(example: unknown, key: "header_text" | "body_text", names: string[]): Record<string, string> {
  const value = (example ?? {}) as Record<string, unknown>;
  const named = value[`${key}_named_params`] as { param_name: string; example: string }[] | undefined;
  if (named) return Object.fromEntries(named.map((p) => [p.param_name, String(p.example)]));
  const raw = value[key] as unknown[] | undefined;
  const list = (key === "body_text" ? (raw?.[0] as unknown[] | undefined) : raw) ?? [];
  const sorted = names.slice().sort((a, b) => Number(a) - Number(b));
  return Object.fromEntries(sorted.map((name, i) => [name, String(list[i] ?? "")]).filter(([, v]) => v !== ""));
}

/** Reads Meta's components (a template created elsewhere, on import). */
export function fromMetaComponents(components: unknown[], parameterFormat: "positional" | "named" = "positional"): TemplateContent {
  const parsed = components.map((c) => metaComponentSchema.parse(c));
  const headerComponent = parsed.find((c) => c.type === "HEADER");
  const bodyComponent = parsed.find((c) => c.type === "BODY");
  const footerComponent = parsed.find((c) => c.type === "FOOTER");
  const buttonsComponent = parsed.find((c) => c.type === "BUTTONS");

  let header: TemplateHeader | undefined;
  if (headerComponent?.format === "TEXT") header = { type: "TEXT", text: headerComponent.text ?? "" };
  else if (headerComponent?.format === "LOCATION") header = { type: "LOCATION" };
  else if (headerComponent?.format === "IMAGE" || headerComponent?.format === "VIDEO" || headerComponent?.format === "DOCUMENT") {
    const handle = (headerComponent.example as { header_handle?: string[] } | undefined)?.header_handle?.[0];
    header = { type: headerComponent.format, sampleUrl: handle?.startsWith("http") ? handle : undefined };
  }

  const body = bodyComponent?.text ?? "";
  const buttons: TemplateButton[] = [];
  const buttonExamples: Record<string, string> = {};
  for (const [index, button] of (buttonsComponent?.buttons ?? []).entries()) {
    switch (button.type) {
      case "URL": {
        buttons.push({ type: "URL", text: button.text ?? "", url: button.url ?? "" });
        const variable = placeholders(button.url)[0];
        const example = (button.example as string[] | string | undefined) ?? undefined;
        const full = Array.isArray(example) ? example[0] : example;
        if (variable && full && button.url) buttonExamples[String(index)] = full.slice(variable.start);
        break;
      }
      case "PHONE_NUMBER":
        buttons.push({ type: "PHONE_NUMBER", text: button.text ?? "", phoneNumber: button.phone_number ?? "" });
        break;
      case "COPY_CODE":
        buttons.push({ type: "COPY_CODE", example: String((Array.isArray(button.example) ? button.example[0] : button.example) ?? "") });
        break;
      case "QUICK_REPLY":
      case "CATALOG":
      case "MPM":
        buttons.push({ type: button.type, text: button.text ?? "" });
        break;
      default:
        break; // OTP, flows and other kinds the editor does not offer are left out
    }
  }

  return {
    parameterFormat,
    header,
    body,
    footer: footerComponent?.text,
    buttons,
    examples: {
      header: header?.type === "TEXT" ? examplesFrom(headerComponent?.example, "header_text", variableNames(header.text)) : {},
      body: examplesFrom(bodyComponent?.example, "body_text", variableNames(body)),
      buttons: buttonExamples,
    },
  };
}

// --- Sending -----------------------------------------------------------------------------------

/** The values for a send: header and body variables by name, URL suffixes by button index. */
export interface TemplateValues {
  header?: Record<string, string>;
  body: Record<string, string>;
  buttons?: Record<string, string>;
  /** Media for a media header, and quick-reply payloads by button index. */
  headerMediaUrl?: string;
  quickReplyPayloads?: Record<string, string>;
}

function parameters(format: TemplateContent["parameterFormat"], names: string[], values: Record<string, string>): TemplateParameter[] {
  const ordered = format === "positional" ? names.slice().sort((a, b) => Number(a) - Number(b)) : names;
  return ordered.map((name) => ({ type: "text", text: values[name] ?? "", ...(format === "named" ? { name } : {}) }));
}

/** The message that sends this template (Meta's name and language) filled with `values`. */
export function templateMessage(
  content: TemplateContent,
  target: { providerName: string; language: string },
  values: TemplateValues,
): Extract<OutboundMessage, { type: "template" }> {
  const header = content.header;
  let headerParameter: TemplateParameter | undefined;
  if (header?.type === "TEXT" && variableNames(header.text).length) {
    headerParameter = parameters(content.parameterFormat, variableNames(header.text), values.header ?? {})[0];
  } else if (header && (header.type === "IMAGE" || header.type === "VIDEO" || header.type === "DOCUMENT")) {
    const link = values.headerMediaUrl ?? header.sampleUrl;
    if (link) headerParameter = { type: header.type.toLowerCase() as "image" | "video" | "document", media: { link } };
  }
  const buttons: TemplateButtonParameter[] = [];
  content.buttons.forEach((button, index) => {
    const variable = urlButtonVariable(button);
    if (button.type === "URL" && variable) buttons.push({ subType: "url", index, text: values.buttons?.[String(index)] ?? "" });
    if (button.type === "QUICK_REPLY" && values.quickReplyPayloads?.[String(index)]) {
      buttons.push({ subType: "quick_reply", index, payload: values.quickReplyPayloads[String(index)] });
    }
    if (button.type === "COPY_CODE")
      buttons.push({ subType: "copy_code", index, couponCode: values.buttons?.[String(index)] ?? button.example });
  });
  return {
    type: "template",
    name: target.providerName,
    language: target.language,
    header: headerParameter,
    body: parameters(content.parameterFormat, variableNames(content.body), values.body),
    buttons,
    // What providers without templates (UltraMsg) send instead, and what the inbox shows.
    fallback: { text: renderTemplateText(content, values) },
  };
}

/** The example values, as staff entered them: what a test send and the preview use. */
export function exampleValues(content: TemplateContent): TemplateValues {
  return { header: content.examples.header, body: content.examples.body, buttons: content.examples.buttons };
}

/** The text the shopper reads, variables filled (header, body and footer). */
export function renderTemplateText(content: TemplateContent, values: TemplateValues): string {
  const header = content.header?.type === "TEXT" ? `*${fillPlaceholders(content.header.text, values.header ?? {})}*` : undefined;
  return [header, fillPlaceholders(content.body, values.body), content.footer ? `_${content.footer}_` : undefined]
    .filter(Boolean)
    .join("\n\n");
}
