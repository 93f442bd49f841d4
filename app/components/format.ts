/**
 * Dates shown in the admin, formatted the same on the server and in the browser (a locale- or
 * timezone-dependent format would differ between the two and break hydration).
 */
export function formatDateTime(iso: string | null | undefined, timeZone = "UTC"): string {
  if (!iso) return "—";
  return (
    new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone }).format(new Date(iso)) +
    (timeZone === "UTC" ? " UTC" : "")
  );
}

/** A time of day (14:05), the same on the server and in the browser; for chat bubbles. */
export function formatTime(iso: string, timeZone = "UTC"): string {
  return new Intl.DateTimeFormat("en-GB", { timeStyle: "short", timeZone }).format(new Date(iso));
}
