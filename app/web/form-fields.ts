import { z } from "zod";

/**
 * A form field carrying JSON that the page serialised itself (template content, bindings): text
 * that does not parse means the form arrived incomplete, and `schema` checks what it holds.
 */
export function jsonFormField<T extends z.ZodType>(schema: T) {
  return z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: "custom", message: "The form was not sent completely; reload the page." });
        return z.NEVER;
      }
    })
    .pipe(schema);
}
