import { randomUUID } from "node:crypto";
import { parsePhoneNumberFromString } from "libphonenumber-js";
import { prisma } from "~/db.server";
import { journeySteps } from "~/domain/journey-steps";
import { starterLibrary, type StarterLanguage } from "~/domain/starter-templates";
import { exampleValues, fromMetaComponents, templateMessage, toMetaComponents, type TemplateContent } from "~/domain/template-content";
import { editBudget, type EditBudget } from "~/domain/template-edits";
import { hasErrors, lintTemplate, type LintIssue } from "~/domain/template-lint";
import { resolveTemplateVersion, type Resolution } from "~/domain/template-resolver";
import { versionStatusForMeta } from "~/domain/template-status";
import { logger } from "~/logger.server";
import { WhatsAppError } from "~/whatsapp/errors";
import type { ProviderTemplate, WhatsAppProvider } from "~/whatsapp/provider";
import { mapStarterTemplates } from "./journey.server";
import { activeWhatsAppProvider } from "./whatsapp-connection.server";
import {
  contentOf,
  createTemplate,
  getTemplate,
  otherTemplateTexts,
  type TemplateVersionRow,
  type TemplateWithVersions,
} from "./template.server";

/**
 * The template lifecycle against the shop's provider: lint, submit (create, or edit within
 * Meta's budget), sync, delete, send a test; and the resolver journeys call to pick what to send.
 */
export class TemplateActionError extends Error {
  constructor(
    message: string,
    readonly issues: LintIssue[] = [],
  ) {
    super(message);
    this.name = "TemplateActionError";
  }
}

const log = logger.child({ component: "templates" });

async function providerOf(shopId: string): Promise<WhatsAppProvider> {
  const active = await activeWhatsAppProvider(shopId);
  if (!active) throw new TemplateActionError("Connect a WhatsApp number (or the sandbox) in Settings first.");
  return active.provider;
}

function explain(error: unknown, action: string): TemplateActionError {
  if (error instanceof WhatsAppError) {
    return new TemplateActionError(
      `WhatsApp did not accept the ${action}: ${error.details.providerMessage ?? error.info.title} (${error.code}). ${error.info.hint}`,
    );
  }
  return new TemplateActionError(`Could not ${action}: ${(error as Error).message}`);
}

/** Lint issues for a language's content, with the shop's other templates for the duplicate rule. */
export async function lintTemplateContent(
  shopId: string,
  template: Pick<TemplateWithVersions, "id" | "name" | "category">,
  language: string,
  content: TemplateContent,
) {
  const others = await otherTemplateTexts(shopId, language, template.id);
  return lintTemplate({ name: template.name, category: template.category, language, content, others });
}

/** The Meta template a variant's versions have lived in (newest first), if any. */
function liveProviderVersion(versions: TemplateVersionRow[]): TemplateVersionRow | undefined {
  return versions.find((v) => v.providerTemplateId && v.status !== "DRAFT" && v.status !== "SUPERSEDED");
}

export async function editBudgetFor(
  shopId: string,
  version: Pick<TemplateVersionRow, "status" | "providerTemplateId">,
  now = new Date(),
): Promise<EditBudget> {
  if (!version.providerTemplateId) return { allowed: false, remaining: 0 };
  const edits = await prisma.templateEdit.findMany({
    where: { shopId, providerTemplateId: version.providerTemplateId, editedAt: { gt: new Date(now.getTime() - 31 * 24 * 3600 * 1000) } },
    select: { editedAt: true },
  });
  return editBudget(
    version.status,
    edits.map((e) => e.editedAt),
    now,
  );
}

async function uploadMediaSample(provider: WhatsAppProvider, content: TemplateContent): Promise<string | undefined> {
  const header = content.header;
  if (!header || (header.type !== "IMAGE" && header.type !== "VIDEO" && header.type !== "DOCUMENT") || !header.sampleUrl) return undefined;
  if (!provider.templates?.uploadSample) throw new TemplateActionError("This provider cannot take media samples for templates.");
  const response = await fetch(header.sampleUrl, { signal: AbortSignal.timeout(10_000) }).catch(() => undefined);
  if (!response?.ok)
    throw new TemplateActionError(`The sample ${header.type.toLowerCase()} at ${header.sampleUrl} could not be downloaded.`);
  const data = new Uint8Array(await response.arrayBuffer());
  if (data.length > 16 * 1024 * 1024) throw new TemplateActionError("The sample is larger than Meta's 16 MB.");
  const mimeType = response.headers.get("content-type")?.split(";")[0] ?? "application/octet-stream";
  return provider.templates.uploadSample({ data, mimeType, filename: new URL(header.sampleUrl).pathname.split("/").pop() || "sample" });
}

export type SubmitMode = "new" | "edit";

/**
 * Submits a language's draft to the provider. The linter runs first; an error blocks.
 * - "new": a new Meta template (the template's name for the first version, name_v<N> after),
 *   so the previous approved version keeps sending until this one is approved;
 * - "edit": Meta's edit of the previous version's template, within Meta's budget (one a day, ten
 *   a month for an approved one); the previous version is superseded.
 * Without an explicit mode: edit a rejected or paused template (free, nothing to lose), else new.
 * Providers without templates (UltraMsg) send the text as it is: the draft is approved at once.
 */
export async function submitTemplateVersion(shopId: string, templateId: string, language: string, options: { mode?: SubmitMode } = {}) {
  const template = await getTemplate(shopId, templateId);
  const variant = template?.variants.find((v) => v.language === language);
  if (!template || !variant) throw new TemplateActionError("That template or language does not exist in this shop.");
  const draft = variant.versions[0];
  if (!draft || draft.status !== "DRAFT")
    throw new TemplateActionError("Nothing to submit: every version of this language is already submitted. Edit it to make a new draft.");
  const content = contentOf(draft);
  const issues = await lintTemplateContent(shopId, template, language, content);
  if (hasErrors(issues)) throw new TemplateActionError("Fix the problems the checker found before submitting.", issues);

  const provider = await providerOf(shopId);
  if (!provider.capabilities.templates || !provider.templates) {
    await prisma.templateVersion.update({
      where: { id: draft.id },
      data: {
        status: "APPROVED",
        providerName: template.name,
        submittedAt: new Date(),
        approvedAt: new Date(),
        statusChangedAt: new Date(),
        submittedVia: "local",
      },
    });
    return {
      versionId: draft.id,
      via: "local" as const,
      note: "This provider has no templates: the text is sent as a normal message, so no review is needed.",
    };
  }

  const live = liveProviderVersion(variant.versions.slice(1));
  const mode: SubmitMode = options.mode ?? (live && (live.status === "REJECTED" || live.status === "PAUSED") ? "edit" : "new");
  const now = new Date();
  try {
    const mediaHandle = await uploadMediaSample(provider, content);
    const components = toMetaComponents(content, { mediaHandle });
    if (mode === "edit") {
      if (!live) throw new TemplateActionError("There is no submitted version to edit; submit it as a new version.");
      const budget = await editBudgetFor(shopId, live, now);
      if (!budget.allowed) {
        throw new TemplateActionError(
          live.status === "APPROVED" && budget.nextAllowedAt
            ? `Meta allows one edit a day and ten a month for an approved template; the next edit is possible from ${budget.nextAllowedAt.toISOString()}. Submit it as a new version instead.`
            : `A ${live.status.toLowerCase()} template cannot be edited; submit it as a new version.`,
        );
      }
      await provider.templates.edit({ id: live.providerTemplateId!, name: live.providerName!, language }, { components });
      await prisma.$transaction([
        ...(live.status === "APPROVED"
          ? [prisma.templateEdit.create({ data: { shopId, providerTemplateId: live.providerTemplateId!, editedAt: now } })]
          : []),
        prisma.templateVersion.update({ where: { id: live.id }, data: { status: "SUPERSEDED", statusChangedAt: now } }),
        prisma.templateVersion.update({
          where: { id: draft.id },
          data: {
            status: "SUBMITTED",
            providerName: live.providerName,
            providerTemplateId: live.providerTemplateId,
            submittedVia: "edit",
            submittedAt: now,
            statusChangedAt: now,
          },
        }),
      ]);
      log.info({ shopId, template: template.name, language, version: draft.version }, "template edit submitted");
      return { versionId: draft.id, via: "edit" as const };
    }

    const used = variant.versions.some((v) => v.providerName === template.name);
    const providerName = used ? `${template.name}_v${draft.version}` : template.name;
    const created = await provider.templates.create({
      name: providerName,
      language,
      category: template.category,
      parameterFormat: content.parameterFormat,
      components,
    });
    const status = versionStatusForMeta(created.status) ?? "SUBMITTED";
    await prisma.templateVersion.update({
      where: { id: draft.id },
      data: {
        status,
        providerName,
        providerTemplateId: created.id,
        submittedVia: "create",
        submittedAt: now,
        statusChangedAt: now,
        ...(status === "APPROVED" ? { approvedAt: now } : {}),
      },
    });
    if (created.category && created.category !== template.category) {
      log.warn({ shopId, template: template.name, asked: template.category, given: created.category }, "Meta re-categorised a template");
    }
    log.info({ shopId, template: template.name, language, version: draft.version, providerName }, "template submitted");
    return { versionId: draft.id, via: "create" as const };
  } catch (error) {
    if (error instanceof TemplateActionError) throw error;
    throw explain(error, "template");
  }
}

/** Deletes a template everywhere: each name it has at the provider, then here. */
export async function deleteTemplate(shopId: string, templateId: string) {
  const template = await getTemplate(shopId, templateId);
  if (!template) throw new TemplateActionError("That template does not exist in this shop.");
  const names = new Set(
    template.variants.flatMap((v) => v.versions.map((version) => version.providerName).filter((n): n is string => Boolean(n))),
  );
  if (names.size) {
    const provider = await providerOf(shopId);
    for (const name of names) {
      await provider.templates?.delete(name).catch((error) => {
        // Already gone at Meta is fine; anything else is worth telling staff.
        if (!(error instanceof WhatsAppError && error.code === 100)) throw explain(error, "deletion");
      });
    }
  }
  await prisma.template.delete({ where: { id: template.id } });
}

/**
 * Brings the shop's templates in line with the provider: statuses of known versions, templates
 * created outside the app imported, and versions deleted at Meta marked disabled.
 */
export async function syncTemplatesWithProvider(shopId: string) {
  const provider = await providerOf(shopId);
  if (!provider.templates) return { updated: 0, imported: 0, missing: 0 };
  const remote: Awaited<ReturnType<NonNullable<WhatsAppProvider["templates"]>["list"]>>["templates"] = [];
  let after: string | undefined;
  do {
    const page = await provider.templates.list({ limit: 100, after });
    remote.push(...page.templates);
    after = page.after;
  } while (after);

  const versions = await prisma.templateVersion.findMany({
    where: { variant: { template: { shopId } }, providerTemplateId: { not: null } },
    include: { variant: { include: { template: true } } },
  });
  let updated = 0;
  let imported = 0;
  for (const meta of remote) {
    const known = versions.filter(
      (v) => v.providerTemplateId === meta.id && v.variant.language === meta.language && v.status !== "SUPERSEDED",
    );
    if (known.length) {
      const status = versionStatusForMeta(meta.status);
      for (const version of known) {
        if (status && status !== version.status) {
          await prisma.templateVersion.update({
            where: { id: version.id },
            data: {
              status,
              statusChangedAt: new Date(),
              ...(meta.rejectedReason ? { rejectionReason: meta.rejectedReason } : {}),
              ...(status === "APPROVED" && !version.approvedAt ? { approvedAt: new Date() } : {}),
            },
          });
          updated += 1;
        }
      }
      continue;
    }
    if (versions.some((v) => v.providerName === meta.name && v.variant.language === meta.language)) continue;
    await importProviderTemplate(shopId, meta);
    imported += 1;
  }

  const remoteIds = new Set(remote.map((t) => t.id));
  const missing = versions.filter((v) => !remoteIds.has(v.providerTemplateId!) && ["SUBMITTED", "APPROVED", "PAUSED"].includes(v.status));
  for (const version of missing) {
    await prisma.templateVersion.update({
      where: { id: version.id },
      data: { status: "DISABLED", statusChangedAt: new Date(), rejectionReason: "Deleted in WhatsApp Manager, outside this app." },
    });
  }
  return { updated, imported, missing: missing.length };
}

async function importProviderTemplate(shopId: string, meta: ProviderTemplate) {
  const content = fromMetaComponents(meta.components, meta.parameterFormat);
  const status = versionStatusForMeta(meta.status) ?? "SUBMITTED";
  const category = (["UTILITY", "MARKETING", "AUTHENTICATION"].includes(meta.category) ? meta.category : "UTILITY") as
    "UTILITY" | "MARKETING" | "AUTHENTICATION";
  const existing = await prisma.template.findUnique({
    where: { shopId_name: { shopId, name: meta.name } },
    include: { variants: { include: { versions: true } } },
  });
  const versionData = {
    components: content,
    status,
    providerName: meta.name,
    providerTemplateId: meta.id,
    submittedVia: "imported",
    rejectionReason: meta.rejectedReason ?? null,
    ...(status === "APPROVED" ? { approvedAt: new Date() } : {}),
  };
  if (!existing) {
    await prisma.template.create({
      data: {
        shopId,
        name: meta.name,
        category,
        purposes: [],
        origin: "IMPORTED",
        variants: { create: { language: meta.language, versions: { create: { version: 1, ...versionData } } } },
      },
    });
    return;
  }
  const variant = existing.variants.find((v) => v.language === meta.language);
  if (!variant) {
    await prisma.templateVariant.create({
      data: { templateId: existing.id, language: meta.language, versions: { create: { version: 1, ...versionData } } },
    });
    return;
  }
  const next = Math.max(0, ...variant.versions.map((v) => v.version)) + 1;
  await prisma.templateVersion.create({ data: { variantId: variant.id, version: next, ...versionData } });
}

/**
 * Installs the starter library in the given languages: every template the shop does not have
 * yet is created and submitted. Staff's own templates of the same name are left alone.
 */
export async function installStarterTemplates(shopId: string, options: { languages: StarterLanguage[]; storefrontDomain: string }) {
  const summary = { created: [] as string[], skipped: [] as string[], submitted: 0, failed: [] as string[] };
  for (const starter of starterLibrary(options.storefrontDomain)) {
    const exists = await prisma.template.findUnique({ where: { shopId_name: { shopId, name: starter.name } }, select: { id: true } });
    if (exists) {
      summary.skipped.push(starter.name);
      continue;
    }
    const [first, ...rest] = options.languages;
    const template = await createTemplate(shopId, {
      name: starter.name,
      category: starter.category,
      purposes: [starter.step],
      language: first,
      content: starter.variants[first],
      origin: "STARTER",
      bindings: starter.bindings,
    });
    for (const language of rest) {
      await prisma.templateVariant.create({
        data: { templateId: template.id, language, versions: { create: { version: 1, components: starter.variants[language] } } },
      });
    }
    summary.created.push(starter.name);
    for (const language of options.languages) {
      try {
        await submitTemplateVersion(shopId, template.id, language);
        summary.submitted += 1;
      } catch (error) {
        summary.failed.push(`${starter.name} (${language}): ${(error as Error).message}`);
      }
    }
  }
  // Steps without a template of the staff's own choosing now send the starter one.
  const mapped = await mapStarterTemplates(shopId);
  return { ...summary, mapped };
}

export type TemplateResolution = { ok: true; resolution: Resolution; content: TemplateContent } | { ok: false; reason: string };

/** What a journey sends for this template and customer language (see domain/template-resolver). */
export async function resolveTemplateForSend(
  shopId: string,
  templateId: string,
  customerLanguage: string | null | undefined,
): Promise<TemplateResolution> {
  const [template, settings] = await Promise.all([getTemplate(shopId, templateId), prisma.shopSettings.findUnique({ where: { shopId } })]);
  if (!template) return { ok: false, reason: "The template no longer exists." };
  const result = resolveTemplateVersion(template.variants, customerLanguage, settings?.defaultLanguage ?? "en");
  if (!result.ok) return result;
  const version = template.variants.flatMap((v) => v.versions).find((v) => v.id === result.resolution.versionId)!;
  return { ok: true, resolution: result.resolution, content: contentOf(version) };
}

/** For the template pages: what each language would send now, and why, if it is a fallback. */
export function sendingNotice(template: TemplateWithVersions, language: string, defaultLanguage: string): string | undefined {
  const result = resolveTemplateVersion(template.variants, language, defaultLanguage);
  if (!result.ok) return result.reason;
  return result.resolution.fallbacks.length
    ? `Journeys send version ${result.resolution.version} (${result.resolution.language}): ${result.resolution.fallbacks.join("; ")}.`
    : undefined;
}

/** Sends the newest submitted version of a language, filled with its example values, to a staff member's phone. */
export async function sendTemplateTest(shopId: string, templateId: string, language: string, phone: string): Promise<string> {
  const number = parsePhoneNumberFromString(phone.trim(), { defaultCallingCode: undefined });
  if (!number?.isValid()) throw new TemplateActionError("Enter your WhatsApp number with its country code, like +44 7700 900123.");
  const template = await getTemplate(shopId, templateId);
  const variant = template?.variants.find((v) => v.language === language);
  if (!template || !variant) throw new TemplateActionError("That template or language does not exist in this shop.");
  const version = variant.versions.find((v) => v.status === "APPROVED");
  if (!version) throw new TemplateActionError("Only an approved version can be sent: submit this language and wait for Meta's approval.");
  const provider = await providerOf(shopId);
  const content = contentOf(version);
  const message = templateMessage(content, { providerName: version.providerName ?? template.name, language }, exampleValues(content));
  const outbox = await prisma.message.create({
    data: {
      shopId,
      direction: "OUTBOUND",
      idempotencyKey: `test:${randomUUID()}`,
      journeyStep: "test",
      toPhone: number.number,
      type: "template",
      templateVersionId: version.id,
      content: message,
      priority: 1,
      status: "SENDING",
      provider: provider.kind,
    },
  });
  try {
    const sent = await provider.send({ to: number.number, message, callbackData: outbox.id });
    await prisma.message.update({
      where: { id: outbox.id },
      data: { status: "SENT", providerMessageId: sent.providerMessageId, sentAt: new Date(), attempts: 1 },
    });
    return sent.providerMessageId;
  } catch (error) {
    const info = error instanceof WhatsAppError ? error.info : undefined;
    await prisma.message.update({
      where: { id: outbox.id },
      data: {
        status: "FAILED",
        failedAt: new Date(),
        attempts: 1,
        errorCode: info ? String(info.code) : null,
        errorTitle: (error as Error).message.slice(0, 500),
        errorClass: info?.class,
      },
    });
    throw explain(error, "test message");
  }
}

export const journeyStepLabels = Object.fromEntries(Object.entries(journeySteps).map(([key, value]) => [key, value.label]));
