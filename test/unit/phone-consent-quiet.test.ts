import { describe, expect, it } from "vitest";
import { keywordIntent, mayMessage, orderConsentSignals } from "~/domain/consent";
import { languageOfNumber, normalizePhone } from "~/domain/phone";
import { replyLanguage, shopperReply } from "~/domain/shopper-replies";
import { nextAllowedSendTime, timezoneForCountry } from "~/domain/quiet-hours";

describe("phone numbers", () => {
  it("read national formats with the shipping country, trunk zeros, 00 prefixes and spaces", () => {
    expect(normalizePhone("612 34 56 78", "ES")).toEqual({ ok: true, e164: "+34612345678", country: "ES" });
    expect(normalizePhone("07400 123456", "GB")).toEqual({ ok: true, e164: "+447400123456", country: "GB" });
    expect(normalizePhone("0034 612-345-678", "US")).toEqual({ ok: true, e164: "+34612345678", country: "ES" });
    expect(normalizePhone("+55 (11) 98765-4321", null)).toEqual({ ok: true, e164: "+5511987654321", country: "BR" });
    expect(normalizePhone("(415) 555-2671", "us")).toMatchObject({ ok: true, e164: "+14155552671" });
  });

  it("reject what is not a usable number, with the reason", () => {
    expect(normalizePhone("", "ES")).toEqual({ ok: false, reason: "no phone number was given" });
    expect(normalizePhone("555-555-SHIP", "US")).toEqual({ ok: false, reason: "“555-555-SHIP” is not a phone number" });
    expect(normalizePhone("12345", "ES")).toMatchObject({ ok: false });
    expect(normalizePhone("+34 912 34 56 78", null)).toEqual({
      ok: false,
      reason: "+34912345678 is a landline, which cannot receive WhatsApp messages",
    });
  });
});

describe("consent", () => {
  const context = { policy: "EXPLICIT" as const, phoneGivenAtCheckout: true };
  it("needs an explicit opt-in for marketing, whatever the policy", () => {
    expect(mayMessage("MARKETING", {}, { ...context, policy: "CHECKOUT_DISCLOSED" }).allowed).toBe(false);
    expect(mayMessage("MARKETING", { MARKETING: true }, context).allowed).toBe(true);
  });

  it("reads the app's checkout opt-ins from the order", () => {
    expect(
      orderConsentSignals([
        { name: "whatsapp_opt_in", value: "true" },
        { name: "gift", value: "no" },
      ]),
    ).toEqual({ ORDER_UPDATES: true });
    expect(orderConsentSignals([{ name: "WhatsApp_Marketing_Opt_In", value: "yes" }])).toEqual({ MARKETING: true });
    expect(orderConsentSignals(undefined)).toEqual({});
  });

  it("understands STOP and START in the shops' languages, and nothing else", () => {
    for (const word of ["STOP", "Stop.", "parar", "BAJA", "arrêt", "Stopp", "توقف"]) expect(keywordIntent(word), word).toBe("stop");
    for (const word of ["START", "alta", "Começar", "ابدأ"]) expect(keywordIntent(word), word).toBe("start");
    for (const text of ["stop sending me the wrong size", "cancel", "hola"]) expect(keywordIntent(text), text).toBeUndefined();
  });
});

describe("quiet hours for marketing", () => {
  const quiet = (timeZone: string) => ({ start: 21 * 60, end: 9 * 60, timeZone });

  it("hold a message at night in the customer's time zone until the morning", () => {
    // 23:30 UTC is 00:30 in Madrid: quiet until 09:00 Madrid (08:00 UTC).
    expect(nextAllowedSendTime(new Date("2026-11-25T23:30:00Z"), quiet("Europe/Madrid")).toISOString()).toBe("2026-11-26T08:00:00.000Z");
  });

  it("let it go at once during the day", () => {
    const noon = new Date("2026-11-25T12:00:00Z");
    expect(nextAllowedSendTime(noon, quiet("Europe/Madrid"))).toBe(noon);
  });

  it("find the time zone from the country", () => {
    expect(timezoneForCountry("ES")).toBe("Europe/Madrid");
    expect(timezoneForCountry("br")).toMatch(/^America\//);
    expect(timezoneForCountry(undefined)).toBeUndefined();
  });
});

describe("the language the app's own replies speak", () => {
  it("is the shopper's locale, else their number's country's, else the shop's, among those the replies are written in", () => {
    expect(languageOfNumber("+34612345678")).toBe("es");
    expect(languageOfNumber("+5511987654321")).toBe("pt");
    expect(languageOfNumber("+966501234567")).toBe("ar");
    expect(replyLanguage(["fr-CA", languageOfNumber("+34612345678"), "en"])).toBe("fr");
    expect(replyLanguage([null, languageOfNumber("+34612345678"), "en"])).toBe("es");
    // Japanese replies are not written: the shop's default language speaks instead.
    expect(replyLanguage([null, languageOfNumber("+819012345678"), "de"])).toBe("de");
    expect(replyLanguage([undefined, undefined, "ja"])).toBe("en");
    expect(shopperReply("stopped", "pt_BR", { shop: "Trail Co" })).toBe(
      "Você não receberá mais mensagens de WhatsApp da Trail Co. Responda COMEÇAR se mudar de ideia.",
    );
  });
});
