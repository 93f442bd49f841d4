import { Prisma, type TemplateCategory, type TemplateOrigin, type TemplateVersionStatus } from "@prisma/client";
import { prisma } from "~/db.server";
import { templateContentSchema, type TemplateContent } from "~/domain/template-content";
import { versionStatusForMeta } from "~/domain/template-status";

/**
 * Templates, their languages (variants) and versions — always within one shop.
 */
const withVersions = {
  variants: {
    orderBy: { language: "asc" },
    include: { versions: { orderBy: { version: "desc" } } },
  },
} satisfies Prisma.TemplateInclude;

export type TemplateWithVersions = Prisma.TemplateGetPayload<{ include: typeof withVersions }>;
export type TemplateVersionRow = TemplateWithVersions["variants"][number]["versions"][number];

export class TemplateNameTakenError extends Error {
  constructor(name: string) {
    super(`A template named “${name}” already exists in this shop. Choose another name.`);
    this.name = "TemplateNameTakenError";
  }
}

export function contentOf(version: { components: Prisma.JsonValue }): TemplateContent {
  return templateContentSchema.parse(version.components);
}

export async function getTemplate(shopId: string, templateId: string): Promise<TemplateWithVersions | null> {
  return prisma.template.findFirst({ where: { id: templateId, shopId }, include: withVersions });
}

export async function listTemplates(
  shopId: string,
  filters: { status?: TemplateVersionStatus; language?: string; step?: string } = {},
): Promise<TemplateWithVersions[]> {
  return prisma.template.findMany({
    where: {
      shopId,
      ...(filters.step ? { purposes: { has: filters.step } } : {}),
      ...(filters.language || filters.status
        ? {
            variants: {
              some: {
                ...(filters.language ? { language: filters.language } : {}),
                ...(filters.status ? { versions: { some: { status: filters.status } } } : {}),
              },
            },
          }
        : {}),
    },
    orderBy: { name: "asc" },
    include: withVersions,
  });
}

/** Body and footer of the shop's other templates in a language (Meta rejects duplicates). */
export async function otherTemplateTexts(shopId: string, language: string, excludeTemplateId?: string) {
  const variants = await prisma.templateVariant.findMany({
    where: { language, template: { shopId, ...(excludeTemplateId ? { id: { not: excludeTemplateId } } : {}) } },
    include: { template: { select: { name: true } }, versions: { orderBy: { version: "desc" }, take: 1 } },
  });
  return variants.flatMap((variant) => {
    const latest = variant.versions[0];
    if (!latest) return [];
    const content = contentOf(latest);
    return [{ name: variant.template.name, language, body: content.body, footer: content.footer }];
  });
}

export async function createTemplate(
  shopId: string,
  input: {
    name: string;
    category: TemplateCategory;
    purposes: string[];
    language: string;
    content: TemplateContent;
    origin?: TemplateOrigin;
    bindings?: Prisma.InputJsonObject;
  },
) {
  try {
    return await prisma.template.create({
      data: {
        shopId,
        name: input.name,
        category: input.category,
        purposes: input.purposes,
        origin: input.origin ?? "EDITOR",
        bindings: input.bindings ?? {},
        variants: { create: { language: input.language, versions: { create: { version: 1, components: input.content } } } },
      },
      include: withVersions,
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw new TemplateNameTakenError(input.name);
    throw error;
  }
}

/**
 * Saves staff's edits for a language: the newest version if it is still a draft, otherwise a
 * new draft version (a submitted version is never changed) unless nothing changed. Adds the
 * language if it is new.
 */
export async function saveDraft(shopId: string, templateId: string, language: string, content: TemplateContent) {
  const template = await getTemplate(shopId, templateId);
  if (!template) return null;
  const variant = template.variants.find((v) => v.language === language);
  if (!variant) {
    return prisma.templateVariant.create({
      data: { templateId, language, versions: { create: { version: 1, components: content } } },
      include: { versions: true },
    });
  }
  const latest = variant.versions[0];
  if (latest && latest.status !== "DRAFT" && JSON.stringify(contentOf(latest)) === JSON.stringify(templateContentSchema.parse(content))) {
    return variant; // nothing changed since it was submitted: no new version
  }
  if (latest?.status === "DRAFT") {
    await prisma.templateVersion.update({ where: { id: latest.id }, data: { components: content } });
  } else {
    await prisma.templateVersion.create({ data: { variantId: variant.id, version: (latest?.version ?? 0) + 1, components: content } });
  }
  return prisma.templateVariant.findUnique({ where: { id: variant.id }, include: { versions: { orderBy: { version: "desc" } } } });
}

export async function updateTemplateSettings(
  shopId: string,
  templateId: string,
  changes: { category?: TemplateCategory; purposes?: string[] },
) {
  const { count } = await prisma.template.updateMany({ where: { id: templateId, shopId }, data: changes });
  return count > 0;
}

export async function deleteTemplateRecord(shopId: string, templateId: string) {
  const { count } = await prisma.template.deleteMany({ where: { id: templateId, shopId } });
  return count > 0;
}

/** How long Meta took to approve each version (submitted → approved), for the dashboard. */
export async function approvalLeadTimes(shopId: string, since: Date) {
  const versions = await prisma.templateVersion.findMany({
    where: { approvedAt: { gte: since }, submittedAt: { not: null }, variant: { template: { shopId } } },
    select: {
      version: true,
      submittedAt: true,
      approvedAt: true,
      variant: { select: { language: true, template: { select: { name: true } } } },
    },
    orderBy: { approvedAt: "asc" },
  });
  return versions.map((v) => ({
    template: v.variant.template.name,
    language: v.variant.language,
    version: v.version,
    leadTimeMs: v.approvedAt!.getTime() - v.submittedAt!.getTime(),
  }));
}

/**
 * A `message_template_status_update` for one of the shop's templates: the version Meta knows
 * by that id (in that language) takes the new status, with Meta's reason and recommendation.
 * A version replaced by an edit (SUPERSEDED) shares the id and is left alone.
 * Returns how many versions changed (0 for a template this shop does not have).
 */
export async function applyTemplateStatus(
  shopId: string,
  update: {
    providerTemplateId: string;
    language: string;
    event: string;
    reason?: string;
    rejection?: { reason?: string; recommendation?: string };
  },
): Promise<number> {
  const status = versionStatusForMeta(update.event);
  const now = new Date();
  const { count } = await prisma.templateVersion.updateMany({
    where: {
      providerTemplateId: update.providerTemplateId,
      status: { not: "SUPERSEDED" },
      variant: { language: update.language, template: { shopId } },
    },
    data: {
      ...(status ? { status, statusChangedAt: now } : {}),
      ...(status === "APPROVED" ? { rejectionReason: null, rejectionRecommendation: null } : {}),
      ...(status === "REJECTED" || status === "PAUSED" || status === "DISABLED"
        ? {
            rejectionReason: update.rejection?.reason ?? update.reason ?? null,
            rejectionRecommendation: update.rejection?.recommendation ?? null,
          }
        : {}),
    },
  });
  if (status === "APPROVED") {
    // The first approval is the one whose lead time counts.
    await prisma.templateVersion.updateMany({
      where: { providerTemplateId: update.providerTemplateId, approvedAt: null, status: "APPROVED", variant: { template: { shopId } } },
      data: { approvedAt: now },
    });
  }
  return count;
}
