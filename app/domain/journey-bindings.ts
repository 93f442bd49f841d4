import { z } from "zod";
import { eventField } from "./event-fields";
import { urlButtonVariable, variableNames, type TemplateContent, type TemplateValues } from "./template-content";

/**
 * How a template's variables get their values: each is bound to an event field, with a
 * staff-set fallback for events that lack the field. A variable with neither is never sent
 * empty: the message is skipped, with the reason. Pure.
 */
export const bindingSchema = z.object({
  field: z.string().optional(),
  /** Another field to use when the event lacks the first (a tracking link falls back to the order page). */
  fallbackField: z.string().optional(),
  /** Text to use when the event lacks the field; per language where it reads differently. */
  fallback: z.string().optional(),
  fallbacks: z.record(z.string(), z.string()).optional(),
});
export type Binding = z.infer<typeof bindingSchema>;

export const journeyBindingsSchema = z.object({
  header: z.record(z.string(), bindingSchema).default({}),
  body: z.record(z.string(), bindingSchema).default({}),
  buttons: z.record(z.string(), bindingSchema).default({}),
});
export type JourneyBindings = z.output<typeof journeyBindingsSchema>;

/** Event field key → value, as the event provides them (domain/event-facts.ts). */
export type EventFacts = Partial<Record<string, string>>;

/** Named variables bind to the field of the same name; URL buttons to the given fields. */
export function defaultBindings(content: TemplateContent, buttonFields: Record<string, string> = {}): JourneyBindings {
  const byName = (names: string[]) => Object.fromEntries(names.map((name) => [name, eventField(name) ? { field: name } : {}]));
  return {
    header: byName(content.header?.type === "TEXT" ? variableNames(content.header.text) : []),
    body: byName(variableNames(content.body)),
    buttons: Object.fromEntries(
      content.buttons.flatMap((button, index) =>
        urlButtonVariable(button) ? [[String(index), buttonFields[String(index)] ? { field: buttonFields[String(index)] } : {}]] : [],
      ),
    ),
  };
}

function value(binding: Binding | undefined, facts: EventFacts, language: string): string | undefined {
  const field = (key: string | undefined) => (key ? facts[key]?.trim() : undefined);
  const text = binding?.fallbacks?.[language] ?? binding?.fallbacks?.[language.split("_")[0]] ?? binding?.fallback;
  return field(binding?.field) || field(binding?.fallbackField) || text?.trim() || undefined;
}

export type BoundValues = { ok: true; values: TemplateValues } | { ok: false; missing: string[] };

export function bindValues(content: TemplateContent, bindings: JourneyBindings, facts: EventFacts, language: string): BoundValues {
  const missing: string[] = [];
  const fill = (names: string[], where: Record<string, Binding>, label: (name: string) => string) =>
    Object.fromEntries(
      names.map((name) => {
        const v = value(where[name], facts, language);
        if (!v) missing.push(label(name));
        return [name, v ?? ""];
      }),
    );
  const header = fill(content.header?.type === "TEXT" ? variableNames(content.header.text) : [], bindings.header, (n) => `header {{${n}}}`);
  const body = fill(variableNames(content.body), bindings.body, (n) => `{{${n}}}`);
  const buttons: Record<string, string> = {};
  content.buttons.forEach((button, index) => {
    if (!urlButtonVariable(button)) return;
    const v = value(bindings.buttons[String(index)], facts, language);
    if (!v) missing.push(`the “${"text" in button ? button.text : "URL"}” button's link`);
    buttons[String(index)] = v ?? "";
  });
  return missing.length ? { ok: false, missing } : { ok: true, values: { header, body, buttons } };
}
