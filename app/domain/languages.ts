/** Names of the languages templates are commonly written in, by Meta's code. */
export const languageNames: Record<string, string> = {
  en: "English",
  en_US: "English (US)",
  en_GB: "English (UK)",
  es: "Spanish",
  es_MX: "Spanish (Mexico)",
  pt_BR: "Portuguese (Brazil)",
  pt_PT: "Portuguese (Portugal)",
  fr: "French",
  de: "German",
  it: "Italian",
  nl: "Dutch",
  ar: "Arabic",
  he: "Hebrew",
  tr: "Turkish",
  hi: "Hindi",
  id: "Indonesian",
};

export const languageName = (code: string) => languageNames[code] ?? code;

/** Meta's language codes: "en", "pt_BR". */
export const languageCodePattern = /^[a-z]{2,3}(_[A-Z]{2})?$/;
