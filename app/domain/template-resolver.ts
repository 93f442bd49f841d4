/**
 * Which version of a template a journey sends (pure). Always the newest approved version in
 * the customer's language; when the newest submitted one is paused or disabled, the previous
 * approved version; failing the language, the shop's default language. Every fallback is
 * explained, so staff can be told.
 */
export type VersionStatus = "DRAFT" | "SUBMITTED" | "APPROVED" | "REJECTED" | "PAUSED" | "DISABLED" | "SUPERSEDED";

export interface ResolvableVersion {
  id: string;
  version: number;
  status: VersionStatus;
  providerName: string | null;
}

export interface ResolvableVariant {
  language: string;
  versions: ResolvableVersion[];
}

export interface Resolution {
  versionId: string;
  version: number;
  providerName: string;
  language: string;
  /** Why this is not the newest version in the customer's language, in staff's words. */
  fallbacks: string[];
}

export type ResolutionResult = { ok: true; resolution: Resolution } | { ok: false; reason: string };

/** "pt-BR", "pt_br" → "pt_BR": Meta's spelling of a locale. */
export function metaLanguage(locale: string): string {
  const [language, region] = locale.replace("-", "_").split("_");
  return region ? `${language.toLowerCase()}_${region.toUpperCase()}` : language.toLowerCase();
}

const base = (language: string) => language.split("_")[0];

function variantFor(variants: ResolvableVariant[], language: string): ResolvableVariant | undefined {
  const wanted = metaLanguage(language);
  return (
    variants.find((v) => v.language === wanted) ??
    variants.find((v) => v.language === base(wanted)) ??
    variants.find((v) => base(v.language) === base(wanted))
  );
}

function pickVersion(variant: ResolvableVariant): { version?: ResolvableVersion; fallback?: string } {
  const sent = variant.versions.filter((v) => v.status !== "DRAFT" && v.status !== "SUPERSEDED").sort((a, b) => b.version - a.version);
  const approved = sent.find((v) => v.status === "APPROVED" && v.providerName);
  if (!approved) return {};
  const newest = sent[0];
  if (newest.id !== approved.id && (newest.status === "PAUSED" || newest.status === "DISABLED")) {
    return {
      version: approved,
      fallback: `version ${newest.version} is ${newest.status.toLowerCase()} by Meta, so version ${approved.version} is sent`,
    };
  }
  return { version: approved };
}

export function resolveTemplateVersion(
  variants: ResolvableVariant[],
  customerLanguage: string | null | undefined,
  defaultLanguage: string,
): ResolutionResult {
  const fallbacks: string[] = [];
  /** The variant's sendable version, noting why it is not the obvious one; null when none is approved. */
  const sendFrom = (variant: ResolvableVariant, note?: string): ResolutionResult | null => {
    const { version, fallback } = pickVersion(variant);
    if (!version) return null;
    if (fallback) fallbacks.push(`${variant.language}: ${fallback}`);
    if (note) fallbacks.push(note);
    const resolution = {
      versionId: version.id,
      version: version.version,
      providerName: version.providerName!,
      language: variant.language,
      fallbacks,
    };
    return { ok: true, resolution };
  };

  const wanted = metaLanguage(customerLanguage || defaultLanguage);
  const inLanguage = variantFor(variants, wanted);
  if (inLanguage) {
    const sent = sendFrom(
      inLanguage,
      inLanguage.language !== wanted ? `no ${wanted} version; ${inLanguage.language} is the closest` : undefined,
    );
    if (sent) return sent;
    fallbacks.push(`no approved version in ${inLanguage.language}`);
  } else {
    fallbacks.push(`no ${wanted} version`);
  }
  const defaultVariant = variantFor(variants, defaultLanguage);
  if (defaultVariant && defaultVariant !== inLanguage) {
    const sent = sendFrom(defaultVariant, `sent in the shop's default language, ${defaultVariant.language}`);
    if (sent) return sent;
  }
  return {
    ok: false,
    reason: `Nothing approved to send: ${fallbacks.join("; ")}${defaultVariant ? "" : `; no ${metaLanguage(defaultLanguage)} version either`}.`,
  };
}
