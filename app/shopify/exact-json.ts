/**
 * JSON.parse that keeps 64-bit integers exact.
 *
 * Shopify ids such as 820982911946154508 exceed 2^53 and lose digits as JavaScript numbers.
 * The reviver's third argument (JSON.parse source text access, Node 21+) gives the literal
 * text, so any integer too large for a double comes back as a string of its digits. Safe
 * integers stay numbers; schemas normalise ids to strings (see `shopifyId`).
 * (lossless-json or json-bigint would do the same; the built-in needs no dependency.)
 */
export function parseJsonExact(text: string): unknown {
  return JSON.parse(text, (_key: string, value: unknown, context?: { source?: string }) =>
    typeof value === "number" && !Number.isSafeInteger(value) && context?.source && /^-?\d+$/.test(context.source) ? context.source : value,
  );
}
