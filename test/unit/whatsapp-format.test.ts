import { describe, expect, it } from "vitest";
import { parseWhatsAppFormatting } from "~/domain/whatsapp-format";

describe("WhatsApp formatting in the preview", () => {
  it("reads bold, italic, strikethrough, monospace and code", () => {
    expect(parseWhatsAppFormatting("Your *order* is _on its way_, ~late~ ```#1001``` and `code`")).toEqual([
      { kind: "text", text: "Your " },
      { kind: "bold", children: [{ kind: "text", text: "order" }] },
      { kind: "text", text: " is " },
      { kind: "italic", children: [{ kind: "text", text: "on its way" }] },
      { kind: "text", text: ", " },
      { kind: "strike", children: [{ kind: "text", text: "late" }] },
      { kind: "text", text: " " },
      { kind: "mono", text: "#1001" },
      { kind: "text", text: " and " },
      { kind: "code", children: [{ kind: "text", text: "code" }] },
    ]);
  });

  it("nests, as WhatsApp does", () => {
    expect(parseWhatsAppFormatting("*_both_*")).toEqual([
      { kind: "bold", children: [{ kind: "italic", children: [{ kind: "text", text: "both" }] }] },
    ]);
  });

  it("leaves markers that are not formatting alone", () => {
    expect(parseWhatsAppFormatting("2 * 3 * 4 and snake_case_name and a *dangling")).toEqual([
      { kind: "text", text: "2 * 3 * 4 and snake_case_name and a *dangling" },
    ]);
    expect(parseWhatsAppFormatting("{{first_name}}")).toEqual([{ kind: "text", text: "{{first_name}}" }]);
  });

  it("works in right-to-left text", () => {
    expect(parseWhatsAppFormatting("طلبك *جاهز*")).toEqual([
      { kind: "text", text: "طلبك " },
      { kind: "bold", children: [{ kind: "text", text: "جاهز" }] },
    ]);
  });
});
