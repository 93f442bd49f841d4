import { describe, expect, it } from "vitest";
import type { TemplateContent } from "~/domain/template-content";
import { hasErrors, lintTemplate, type LintInput } from "~/domain/template-lint";

const content = (overrides: Partial<TemplateContent> = {}): TemplateContent => ({
  parameterFormat: "positional",
  body: "Hi {{1}}, your order {{2}} from our store has shipped and is on its way to you now.",
  buttons: [],
  examples: { header: {}, body: { "1": "Ana", "2": "#1001" }, buttons: {} },
  ...overrides,
});

const lint = (overrides: Partial<TemplateContent> = {}, input: Partial<Omit<LintInput, "content">> = {}) =>
  lintTemplate({ name: "order_update", category: "UTILITY", language: "en", content: content(overrides), ...input });
const codes = (issues: ReturnType<typeof lint>, severity = "error") => issues.filter((i) => i.severity === severity).map((i) => i.code);

describe("the template linter catches Meta's documented rejection reasons", () => {
  it("passes a clean template", () => {
    expect(lint()).toEqual([]);
  });

  it("mismatched braces", () => {
    expect(codes(lint({ body: "Hi {{1}, your order {{2}} from our store has shipped today." }))).toContain("braces");
    expect(codes(lint({ body: "Hi {{{1}}}, your order {{2}} from our store has shipped today." }))).toContain("braces");
    expect(lint({ body: "Hi {1}, your order {{2}} has shipped today." }).find((i) => i.code === "braces")?.path).toBe("body");
  });

  it("non-sequential numbering", () => {
    const issues = lint({
      body: "Hi {{1}}, your order {{3}} from our store has shipped and is on its way.",
      examples: { header: {}, body: { "1": "Ana", "3": "#1" }, buttons: {} },
    });
    expect(issues.find((i) => i.code === "numbering")?.message).toMatch(/found \{\{1\}\}, \{\{3\}\}/);
  });

  it("a variable at the very start or the very end of the body", () => {
    expect(codes(lint({ body: "{{1}}, your order {{2}} from our store has shipped and is on its way." }))).toContain("variable-at-start");
    expect(codes(lint({ body: "Your order from our store has shipped and is on its way to {{1}}. Order {{2}}." }))).toContain(
      "variable-at-end",
    );
  });

  it("adjacent variables with nothing between them", () => {
    const issues = lint({ body: "Hello there, your order {{1}}{{2}} from our store has shipped and is on its way." });
    expect(issues.find((i) => i.code === "adjacent-variables")?.message).toMatch(/\{\{1\}\}\{\{2\}\}/);
    expect(codes(lint({ body: "Hello there, your order {{1}} {{2}} from our store has shipped and is on its way." }))).toContain(
      "adjacent-variables",
    );
  });

  it("too many variables for the length", () => {
    expect(
      codes(lint({ body: "Hi {{1}}, {{2}} and {{3}}!", examples: { header: {}, body: { "1": "a", "2": "b", "3": "c" }, buttons: {} } })),
    ).toContain("variable-density");
  });

  it("#, $ or % inside a variable", () => {
    expect(codes(lint({ body: "Hi {{1}}, your order {{#2}} from our store has shipped and is on its way." }))).toContain(
      "variable-characters",
    );
    expect(
      codes(lint({ parameterFormat: "named", body: "Hi {{first_name}}, you saved {{amount%}} on your order from our store today." })),
    ).toContain("variable-characters");
  });

  it("named and numbered variables mixed, or badly named", () => {
    expect(codes(lint({ body: "Hi {{first_name}}, your order {{2}} from our store has shipped and is on its way." }))).toContain(
      "variable-format",
    );
    expect(
      codes(lint({ parameterFormat: "named", body: "Hi {{FirstName}}, your order from our store has shipped and is on its way." })),
    ).toContain("variable-format");
  });

  it("lengths: body, header, footer, button labels, name", () => {
    expect(codes(lint({ body: `Hi {{1}}, ${"very long text ".repeat(80)} order {{2}} shipped.` }))).toContain("length");
    expect(codes(lint({ header: { type: "TEXT", text: "A header that is far too long to be accepted by Meta's review" } }))).toContain(
      "length",
    );
    expect(codes(lint({ footer: "f".repeat(61) }))).toContain("length");
    expect(codes(lint({ buttons: [{ type: "QUICK_REPLY", text: "This label is far too long" }] }))).toContain("length");
    expect(codes(lint({}, { name: "x".repeat(513) }))).toContain("length");
  });

  it("a header with more than one variable, or formatting; a footer with a variable", () => {
    expect(
      codes(
        lint({
          header: { type: "TEXT", text: "Order {{1}} for {{2}}" },
          examples: { header: { "1": "#1", "2": "Ana" }, body: { "1": "Ana", "2": "#1" }, buttons: {} },
        }),
      ),
    ).toContain("header-variables");
    expect(codes(lint({ header: { type: "TEXT", text: "Your *order* 🎉" } }))).toContain("header-format");
    expect(codes(lint({ footer: "Sent to {{1}}" }))).toContain("footer-variables");
  });

  it("button counts and mixes", () => {
    const quick = (text: string) => ({ type: "QUICK_REPLY" as const, text });
    expect(codes(lint({ buttons: Array.from({ length: 11 }, (_, i) => quick(`Option ${i}`)) }))).toContain("button-count");
    const url = (text: string) => ({ type: "URL" as const, text, url: "https://shop.example.com/a" });
    expect(codes(lint({ buttons: [url("One"), url("Two"), url("Three")] }))).toContain("button-count");
    expect(codes(lint({ buttons: [quick("Yes"), url("Site"), quick("No")] }))).toContain("button-mix");
    expect(codes(lint({ buttons: [{ type: "CATALOG", text: "View catalog" }, quick("No")] }))).toContain("button-mix");
    expect(codes(lint({ buttons: [quick("Same"), quick("same")] }))).toContain("button-duplicate");
    expect(codes(lint({ buttons: [url("Site"), quick("Yes"), quick("No")] }))).toEqual([]);
  });

  it("URL buttons: the variable only at the end, never in the domain, one at most", () => {
    const button = (urlText: string) => ({
      buttons: [{ type: "URL" as const, text: "Track", url: urlText }],
      examples: { header: {}, body: { "1": "Ana", "2": "#1" }, buttons: { "0": "abc" } },
    });
    expect(codes(lint(button("https://shop.example.com/track/{{1}}")))).toEqual([]);
    expect(codes(lint(button("https://shop.example.com/{{1}}/track")))).toContain("button-url");
    expect(codes(lint(button("https://{{1}}.example.com/")))).toContain("button-url");
    expect(codes(lint(button("https://shop.example.com/{{1}}{{2}}")))).toContain("button-url");
    expect(codes(lint(button("shop.example.com/track")))).toContain("button-url");
  });

  it("missing examples: for every variable, a URL variable, a copy code and a media header", () => {
    expect(lint({ examples: { header: {}, body: { "1": "Ana" }, buttons: {} } }).find((i) => i.code === "missing-example")?.path).toBe(
      "examples.body.2",
    );
    expect(codes(lint({ buttons: [{ type: "URL", text: "Track", url: "https://shop.example.com/t/{{1}}" }] }))).toContain(
      "missing-example",
    );
    expect(codes(lint({ buttons: [{ type: "COPY_CODE", example: "" }] }))).toContain("missing-example");
    expect(codes(lint({ header: { type: "IMAGE" } }))).toContain("missing-example");
    expect(codes(lint({ examples: { header: {}, body: { "1": "Ana\nSmith", "2": "#1" }, buttons: {} } }))).toContain("example-characters");
  });

  it("the name format", () => {
    expect(codes(lint({}, { name: "Order Update" }))).toContain("name");
    expect(codes(lint({}, { name: "order-update" }))).toContain("name");
  });

  it("a duplicate of another template's body and footer", () => {
    const issues = lint(
      { footer: "Thanks!" },
      { others: [{ name: "older_update", language: "en", body: content().body, footer: "Thanks!" }] },
    );
    expect(issues.find((i) => i.code === "duplicate")?.message).toMatch(/older_update/);
    expect(
      codes(lint({ footer: "Thanks!" }, { others: [{ name: "older_update", language: "es", body: content().body, footer: "Thanks!" }] })),
    ).toEqual([]);
  });

  it("blocks submission on an error but not on advice", () => {
    expect(hasErrors(lint({ body: "{{1}}{{2}}" }))).toBe(true);
    expect(hasErrors(lint({ body: "Hi {{1}}, HUGE SALE NOW: your order {{2}} from our store ships today." }))).toBe(false);
  });
});

describe("the template linter's advice", () => {
  it("promotional wording in a UTILITY template, in the template's language", () => {
    expect(codes(lint({ body: "Hi {{1}}, your order {{2}} has shipped. Use code SAVE10 for a discount next time!" }), "warning")).toContain(
      "promotional-utility",
    );
    expect(
      codes(lint({ body: "Hola {{1}}, tu pedido {{2}} ha salido. ¡Aprovecha nuestra oferta especial!" }, { language: "es" }), "warning"),
    ).toContain("promotional-utility");
    expect(
      codes(lint({ body: "Hola {{1}}, tu pedido {{2}} sale hoy a reparto y llegará pronto a tu casa." }, { language: "es" }), "warning"),
    ).toEqual([]);
    expect(
      codes(
        lint({ body: "Hi {{1}}, your order {{2}} has shipped. Use code SAVE10 for a discount next time!" }, { category: "MARKETING" }),
        "warning",
      ),
    ).not.toContain("promotional-utility");
  });

  it("shouting, emoji and link shorteners", () => {
    expect(codes(lint({ body: "HI {{1}}, YOUR ORDER {{2}} HAS SHIPPED AND IS ON ITS WAY TO YOU NOW." }), "warning")).toContain("capitals");
    expect(codes(lint({ body: "Hi {{1}} 🎉🎉🎉🎉, your order {{2}} from our store has shipped today 🚚." }), "warning")).toContain("emoji");
    expect(codes(lint({ body: "Hi {{1}}, your order {{2}} has shipped; track it at https://bit.ly/abc today." }), "warning")).toContain(
      "url-shortener",
    );
  });

  it("a marketing template without a way to opt out", () => {
    expect(codes(lint({}, { category: "MARKETING" }), "warning")).toContain("opt-out");
    expect(codes(lint({ buttons: [{ type: "QUICK_REPLY", text: "Stop alerts" }] }, { category: "MARKETING" }), "warning")).not.toContain(
      "opt-out",
    );
  });
});
