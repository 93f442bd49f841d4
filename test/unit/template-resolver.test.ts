import { describe, expect, it } from "vitest";
import { editBudget } from "~/domain/template-edits";
import { metaLanguage, resolveTemplateVersion, type ResolvableVariant, type VersionStatus } from "~/domain/template-resolver";

const variant = (language: string, ...statuses: VersionStatus[]): ResolvableVariant => ({
  language,
  versions: statuses.map((status, i) => ({
    id: `${language}-v${i + 1}`,
    version: i + 1,
    status,
    providerName: status === "DRAFT" ? null : `t_v${i + 1}`,
  })),
});

describe("the template resolver journeys call", () => {
  it("sends the newest approved version in the customer's language", () => {
    const result = resolveTemplateVersion([variant("en", "APPROVED"), variant("es", "APPROVED", "APPROVED", "DRAFT")], "es", "en");
    expect(result).toEqual({
      ok: true,
      resolution: { versionId: "es-v2", version: 2, providerName: "t_v2", language: "es", fallbacks: [] },
    });
  });

  it("keeps sending the approved version while a newer one is in review or rejected", () => {
    expect(resolveTemplateVersion([variant("en", "APPROVED", "SUBMITTED")], "en", "en")).toMatchObject({
      ok: true,
      resolution: { version: 1, fallbacks: [] },
    });
    expect(resolveTemplateVersion([variant("en", "APPROVED", "REJECTED")], "en", "en")).toMatchObject({
      ok: true,
      resolution: { version: 1 },
    });
  });

  it("falls back to the previous approved version when the newest is paused or disabled, and says so", () => {
    const result = resolveTemplateVersion([variant("en", "APPROVED", "PAUSED")], "en", "en");
    expect(result).toMatchObject({
      ok: true,
      resolution: { version: 1, fallbacks: ["en: version 2 is paused by Meta, so version 1 is sent"] },
    });
  });

  it("falls back to the shop's default language, and says so", () => {
    const result = resolveTemplateVersion([variant("en", "APPROVED"), variant("de", "PAUSED")], "de", "en");
    expect(result).toMatchObject({
      ok: true,
      resolution: { language: "en", fallbacks: ["no approved version in de", "sent in the shop's default language, en"] },
    });
    expect(resolveTemplateVersion([variant("en", "APPROVED")], "fr", "en")).toMatchObject({
      ok: true,
      resolution: { language: "en", fallbacks: ["no fr version", "sent in the shop's default language, en"] },
    });
  });

  it("matches locales to Meta's languages: pt-BR to pt_BR, es-MX to es", () => {
    expect(metaLanguage("pt-br")).toBe("pt_BR");
    expect(resolveTemplateVersion([variant("pt_BR", "APPROVED"), variant("en", "APPROVED")], "pt-BR", "en")).toMatchObject({
      resolution: { language: "pt_BR", fallbacks: [] },
    });
    expect(resolveTemplateVersion([variant("es", "APPROVED"), variant("en", "APPROVED")], "es-MX", "en")).toMatchObject({
      resolution: { language: "es", fallbacks: ["no es_MX version; es is the closest"] },
    });
  });

  it("explains when nothing can be sent", () => {
    expect(resolveTemplateVersion([variant("en", "DRAFT", "SUBMITTED")], "en", "en")).toEqual({
      ok: false,
      reason: "Nothing approved to send: no approved version in en.",
    });
  });
});

describe("Meta's edit budget", () => {
  const now = new Date("2026-11-25T12:00:00Z");
  const ago = (hours: number) => new Date(now.getTime() - hours * 3600 * 1000);

  it("allows one edit a day for an approved template, and says when the next is possible", () => {
    expect(editBudget("APPROVED", [], now)).toEqual({ allowed: true, remaining: 10 });
    expect(editBudget("APPROVED", [ago(3)], now)).toEqual({ allowed: false, remaining: 9, nextAllowedAt: ago(3 - 24) });
  });

  it("allows ten a month", () => {
    const edits = Array.from({ length: 10 }, (_, i) => ago(48 + i * 48));
    const budget = editBudget("APPROVED", edits, now);
    expect(budget).toMatchObject({ allowed: false, remaining: 0 });
    expect(budget.nextAllowedAt).toEqual(new Date(ago(48 + 9 * 48).getTime() + 30 * 24 * 3600 * 1000));
  });

  it("does not limit a rejected or paused template; a pending one cannot be edited", () => {
    expect(editBudget("REJECTED", [ago(1)], now).allowed).toBe(true);
    expect(editBudget("PAUSED", [ago(1)], now).allowed).toBe(true);
    expect(editBudget("SUBMITTED", [], now).allowed).toBe(false);
  });
});
