import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js/max";

/**
 * A shopper's number as WhatsApp wants it: E.164. Shopify holds what people typed —
 * "612 34 56 78", "0612 345 678", "0034 612…", "+34 612…" — so numbers are read with the
 * shipping (or billing) country as the default region. Landlines cannot receive WhatsApp.
 */
export type PhoneResult = { ok: true; e164: string; country?: string } | { ok: false; reason: string };

export function normalizePhone(raw: string | null | undefined, defaultCountry?: string | null): PhoneResult {
  const typed = raw?.trim();
  if (!typed) return { ok: false, reason: "no phone number was given" };
  if (/[a-z]/i.test(typed.replace(/\s*(ext\.?|x)\s*\d+$/i, ""))) return { ok: false, reason: `“${typed}” is not a phone number` };
  const international = typed.replace(/^00(?=[1-9])/, "+").replace(/^\+\s*00/, "+");
  const region =
    defaultCountry && /^[A-Z]{2}$/.test(defaultCountry.toUpperCase()) ? (defaultCountry.toUpperCase() as CountryCode) : undefined;
  const number = parsePhoneNumberFromString(international, region);
  if (!number) return { ok: false, reason: `“${typed}” is not a phone number${region ? ` (read as a ${region} number)` : ""}` };
  if (!number.isValid())
    return { ok: false, reason: `“${typed}” is not a valid ${number.country ?? region ?? ""} number`.replace("  ", " ") };
  const type = number.getType();
  if (type === "FIXED_LINE") return { ok: false, reason: `${number.number} is a landline, which cannot receive WhatsApp messages` };
  return { ok: true, e164: number.number, country: number.country };
}

/** The country of an E.164 number, for its time zone when the address has none. */
export function countryOfNumber(e164: string): string | undefined {
  return parsePhoneNumberFromString(e164)?.country;
}

/** The main language of an E.164 number's country (CLDR's likely subtags, through Intl): "+34…" → "es". */
export function languageOfNumber(e164: string): string | undefined {
  const country = countryOfNumber(e164);
  return country ? new Intl.Locale("und", { region: country }).maximize().language : undefined;
}
