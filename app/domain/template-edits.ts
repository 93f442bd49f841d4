/**
 * Meta's edit budget for an approved template: one edit per 24 hours and ten per 30 days
 * (rejected and paused templates may be edited without limit). Pure.
 */
const day = 24 * 3600 * 1000;

export interface EditBudget {
  allowed: boolean;
  /** Edits left in the rolling 30 days. */
  remaining: number;
  /** When the next edit becomes possible, if not now. */
  nextAllowedAt?: Date;
}

export function editBudget(status: string, edits: Date[], now = new Date()): EditBudget {
  if (status === "REJECTED" || status === "PAUSED") return { allowed: true, remaining: Infinity };
  if (status !== "APPROVED") return { allowed: false, remaining: 0 };
  const recent = edits.filter((at) => now.getTime() - at.getTime() < 30 * day).sort((a, b) => a.getTime() - b.getTime());
  const lastDay = recent.filter((at) => now.getTime() - at.getTime() < day);
  const remaining = Math.max(0, 10 - recent.length);
  if (lastDay.length) return { allowed: false, remaining, nextAllowedAt: new Date(lastDay[lastDay.length - 1].getTime() + day) };
  if (!remaining) return { allowed: false, remaining, nextAllowedAt: new Date(recent[recent.length - 10].getTime() + 30 * day) };
  return { allowed: true, remaining };
}
