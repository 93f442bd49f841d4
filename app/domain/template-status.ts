import type { VersionStatus } from "./template-resolver";

/**
 * Meta's template statuses (webhook events and the list API) → a version's status. null: noted,
 * the status stays as it is (FLAGGED warns of a coming pause).
 */
const statusForMeta: Record<string, VersionStatus | null> = {
  PENDING: "SUBMITTED",
  IN_APPEAL: "SUBMITTED",
  APPROVED: "APPROVED",
  REINSTATED: "APPROVED",
  REJECTED: "REJECTED",
  PAUSED: "PAUSED",
  DISABLED: "DISABLED",
  PENDING_DELETION: "DISABLED",
  DELETED: "DISABLED",
  LIMIT_EXCEEDED: "DISABLED",
  ARCHIVED: "DISABLED",
  FLAGGED: null,
};

export function versionStatusForMeta(status: string): VersionStatus | null {
  return statusForMeta[status.toUpperCase()] ?? null;
}

/** What each category costs, in a merchant's words (Meta's per-message pricing since July 2025). */
export const categoryCost: Record<"UTILITY" | "MARKETING" | "AUTHENTICATION", string> = {
  UTILITY: "Utility: free when the customer wrote to you in the last 24 hours; otherwise charged at Meta's utility rate for their country.",
  MARKETING:
    "Marketing: charged for every message at Meta's marketing rate for the customer's country, and not delivered to US (+1) numbers.",
  AUTHENTICATION: "Authentication: charged for every message at Meta's authentication rate.",
};
