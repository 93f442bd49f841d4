import { describe, expect, it } from "vitest";
import { eventField } from "~/domain/event-fields";
import { journeyStepKeys } from "~/domain/journey-steps";
import { starterLanguages, starterLibrary } from "~/domain/starter-templates";
import { bindValues } from "~/domain/journey-bindings";
import { variableNames } from "~/domain/template-content";
import { lintTemplate } from "~/domain/template-lint";

const library = starterLibrary("trail.example.com");

describe("the starter library", () => {
  it("covers every journey step in English, Spanish, Portuguese (Brazil), French, German and Arabic", () => {
    expect(library.map((t) => t.step).sort()).toEqual([...journeyStepKeys].sort());
    expect([...starterLanguages]).toEqual(["en", "es", "pt_BR", "fr", "de", "ar"]);
    for (const template of library) expect(Object.keys(template.variants)).toEqual([...starterLanguages]);
  });

  it.each(library.flatMap((t) => starterLanguages.map((language) => [t.name, language, t] as const)))(
    "%s (%s) passes the linter without a single warning",
    (name, language, template) => {
      const others = library
        .filter((t) => t.name !== name)
        .map((t) => ({ name: t.name, language, body: t.variants[language].body, footer: t.variants[language].footer }));
      expect(lintTemplate({ name, category: template.category, language, content: template.variants[language], others })).toEqual([]);
    },
  );

  it("binds every variable to an event field, and every URL button too", () => {
    for (const template of library) {
      for (const content of Object.values(template.variants)) {
        for (const name of variableNames(content.body)) expect(eventField(name), `${template.name}: {{${name}}}`).toBeDefined();
        content.buttons.forEach((button, index) => {
          if (button.type === "URL") {
            expect(eventField(template.bindings.buttons[String(index)].field!)).toBeDefined();
            expect(button.url.startsWith("https://trail.example.com/")).toBe(true);
          }
        });
      }
    }
  });

  it("comes with fallbacks, so a guest checkout or a shipment without a carrier still gets its message", () => {
    const shipped = library.find((t) => t.step === "shipped")!;
    for (const language of starterLanguages) {
      const values = bindValues(
        shipped.variants[language],
        shipped.bindings,
        { order_name: "#1001", shop_name: "Trail Co", order_status_path: "1/orders/x" },
        language,
      );
      expect(values.ok, language).toBe(true);
    }
    const en = bindValues(shipped.variants.en, shipped.bindings, { order_name: "#1001", order_status_path: "1/orders/x" }, "en");
    expect(en).toMatchObject({
      ok: true,
      values: { body: { first_name: "there", tracking_company: "our courier" }, buttons: { "0": "1/orders/x" } },
    });
  });

  it("greets a shopper without a name naturally in every template and language (“Hi there,” never “Good news, there!”)", () => {
    const greetings: Record<string, string> = {
      en: "Hi there,",
      es: "Hola de nuevo,",
      pt_BR: "Olá de novo,",
      fr: "Bonjour à vous,",
      de: "Hallo du,",
      ar: "مرحبًا بك،",
    };
    for (const template of library.filter((t) => variableNames(t.variants.en.body).includes("first_name"))) {
      for (const language of starterLanguages) {
        const firstName = template.bindings.body.first_name.fallbacks?.[language];
        const text = template.variants[language].body.replace("{{first_name}}", firstName ?? "?");
        expect(text.startsWith(greetings[language]), `${template.name} (${language}): ${text.slice(0, 40)}`).toBe(true);
      }
    }
  });

  it("keeps the same variables in every language, so bindings hold across translations", () => {
    for (const template of library) {
      const sets = Object.values(template.variants).map((c) => variableNames(c.body).sort().join(","));
      expect(new Set(sets).size, template.name).toBe(1);
    }
  });

  it("makes back-in-stock a MARKETING template with a way to stop alerts; the rest are UTILITY", () => {
    const backInStock = library.find((t) => t.step === "back_in_stock")!;
    expect(backInStock.category).toBe("MARKETING");
    expect(backInStock.variants.en.buttons).toContainEqual({ type: "QUICK_REPLY", text: "Stop alerts" });
    expect(library.filter((t) => t.category === "UTILITY")).toHaveLength(6);
  });
});
