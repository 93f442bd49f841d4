import type { Prisma } from "@prisma/client";
import { prisma } from "~/db.server";
import { defaultBindings, journeyBindingsSchema, type JourneyBindings } from "~/domain/journey-bindings";
import { isJourneyStep, journeyStepKeys, type JourneyStep } from "~/domain/journey-steps";
import type { Mappings } from "~/domain/journeys";
import { templateContentSchema } from "~/domain/template-content";

/** Each journey step's template and bindings, for the planner. */
export async function loadMappings(shopId: string): Promise<Mappings> {
  const rows = await prisma.journeyMapping.findMany({ where: { shopId } });
  return Object.fromEntries(
    rows
      .filter((row) => isJourneyStep(row.step))
      .map((row) => [row.step, { enabled: row.enabled, templateId: row.templateId, bindings: journeyBindingsSchema.parse(row.bindings) }]),
  );
}

export class JourneyMappingError extends Error {}

/** Staff's choice for a step: on or off, which template, how its variables are filled. */
export async function saveMapping(
  shopId: string,
  step: JourneyStep,
  input: { enabled: boolean; templateId: string | null; bindings: JourneyBindings },
) {
  if (input.templateId) {
    const template = await prisma.template.findFirst({ where: { id: input.templateId, shopId }, select: { id: true } });
    if (!template) throw new JourneyMappingError("That template does not exist in this shop.");
  }
  if (input.enabled && !input.templateId) throw new JourneyMappingError("Choose a template before switching the journey on.");
  const data = { enabled: input.enabled, templateId: input.templateId, bindings: input.bindings as Prisma.InputJsonObject };
  return prisma.journeyMapping.upsert({ where: { shopId_step: { shopId, step } }, create: { shopId, step, ...data }, update: data });
}

/**
 * After the starter library is installed: every step without a template gets its starter
 * template, switched on, with the template's default bindings. Staff's choices are kept.
 */
export async function mapStarterTemplates(shopId: string): Promise<JourneyStep[]> {
  const [templates, existing] = await Promise.all([
    prisma.template.findMany({
      where: { shopId, origin: "STARTER" },
      include: { variants: { include: { versions: { orderBy: { version: "desc" }, take: 1 } } } },
    }),
    prisma.journeyMapping.findMany({ where: { shopId }, select: { step: true, templateId: true } }),
  ]);
  const mapped: JourneyStep[] = [];
  for (const step of journeyStepKeys) {
    if (existing.some((row) => row.step === step && row.templateId)) continue;
    const template = templates.find((t) => t.purposes.includes(step));
    const version = template?.variants[0]?.versions[0];
    if (!template || !version) continue;
    const bindings = journeyBindingsSchema.safeParse(template.bindings);
    await saveMapping(shopId, step, {
      enabled: true,
      templateId: template.id,
      bindings: bindings.success ? bindings.data : defaultBindings(templateContentSchema.parse(version.components)),
    });
    mapped.push(step);
  }
  return mapped;
}

/** The journeys page: every step with its mapping, the shop's templates and last week's counts. */
export async function journeysOverview(shopId: string) {
  const since = new Date(Date.now() - 7 * 24 * 3600 * 1000);
  const [mappings, templates, counts] = await Promise.all([
    prisma.journeyMapping.findMany({ where: { shopId } }),
    prisma.template.findMany({
      where: { shopId },
      orderBy: { name: "asc" },
      include: { variants: { include: { versions: { orderBy: { version: "desc" }, take: 1 } } } },
    }),
    prisma.message.groupBy({
      by: ["journeyStep", "status"],
      where: { shopId, direction: "OUTBOUND", createdAt: { gte: since } },
      _count: { _all: true },
    }),
  ]);
  return { mappings, templates, counts };
}
