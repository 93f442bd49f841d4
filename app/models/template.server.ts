import type { TemplateVersionStatus } from "@prisma/client";
import { prisma } from "~/db.server";

/** Meta's template events → our version statuses (null: noted, status unchanged). */
const statusForEvent: Record<string, TemplateVersionStatus | null> = {
  PENDING: "SUBMITTED",
  IN_APPEAL: "SUBMITTED",
  APPROVED: "APPROVED",
  REINSTATED: "APPROVED",
  REJECTED: "REJECTED",
  PAUSED: "PAUSED",
  DISABLED: "DISABLED",
  PENDING_DELETION: "DISABLED",
  FLAGGED: null,
};

/**
 * A `message_template_status_update` for one of the shop's templates: the version Meta knows
 * by that id (in that language) takes the new status, with Meta's reason and recommendation.
 * Returns how many versions changed (0 for a template this shop does not have).
 */
export async function applyTemplateStatus(
  shopId: string,
  update: { providerTemplateId: string; language: string; event: string; reason?: string; rejection?: { reason?: string; recommendation?: string } },
): Promise<number> {
  const status = statusForEvent[update.event];
  const now = new Date();
  const { count } = await prisma.templateVersion.updateMany({
    where: { providerTemplateId: update.providerTemplateId, variant: { language: update.language, template: { shopId } } },
    data: {
      ...(status ? { status, statusChangedAt: now } : {}),
      ...(status === "APPROVED" ? { approvedAt: now, rejectionReason: null, rejectionRecommendation: null } : {}),
      ...(status === "REJECTED" || status === "PAUSED" || status === "DISABLED"
        ? {
            rejectionReason: update.rejection?.reason ?? update.reason ?? null,
            rejectionRecommendation: update.rejection?.recommendation ?? null,
          }
        : {}),
    },
  });
  return count;
}
