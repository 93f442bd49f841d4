import { Badge } from "@shopify/polaris";

const display: Record<string, { label: string; tone?: "success" | "info" | "critical" | "warning" | "attention" }> = {
  DRAFT: { label: "Draft" },
  SUBMITTED: { label: "In review", tone: "info" },
  APPROVED: { label: "Approved", tone: "success" },
  REJECTED: { label: "Rejected", tone: "critical" },
  PAUSED: { label: "Paused", tone: "warning" },
  DISABLED: { label: "Disabled", tone: "critical" },
  SUPERSEDED: { label: "Replaced by an edit" },
};

export function TemplateStatusBadge({ status, prefix }: { status: string; prefix?: string }) {
  const { label, tone } = display[status] ?? { label: status };
  return <Badge tone={tone}>{prefix ? `${prefix} · ${label}` : label}</Badge>;
}
