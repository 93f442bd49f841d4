import { getCountry } from "countries-and-timezones";

/**
 * Quiet hours for marketing, in the customer's own time zone. Transactional messages are exempt.
 * Quiet hours are minutes after midnight: start 21:00 (1260) to end 09:00 (540) wraps midnight.
 */
/** Where a country spans zones, the one most of its people live in (the library lists them alphabetically). */
const mainZone: Record<string, string> = {
  AU: "Australia/Sydney",
  BR: "America/Sao_Paulo",
  CA: "America/Toronto",
  CD: "Africa/Kinshasa",
  CL: "America/Santiago",
  CY: "Asia/Nicosia",
  ES: "Europe/Madrid",
  FM: "Pacific/Pohnpei",
  GL: "America/Nuuk",
  KI: "Pacific/Tarawa",
  MH: "Pacific/Majuro",
  MN: "Asia/Ulaanbaatar",
  MX: "America/Mexico_City",
  MY: "Asia/Kuala_Lumpur",
  PF: "Pacific/Tahiti",
  PG: "Pacific/Port_Moresby",
  PS: "Asia/Hebron",
  PT: "Europe/Lisbon",
  RU: "Europe/Moscow",
  US: "America/New_York",
  UZ: "Asia/Tashkent",
  VN: "Asia/Ho_Chi_Minh",
};

export function timezoneForCountry(country: string | null | undefined): string | undefined {
  if (!country) return undefined;
  const code = country.toUpperCase();
  return mainZone[code] ?? getCountry(code as Parameters<typeof getCountry>[0])?.timezones[0];
}

function minutesInZone(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return get("hour") * 60 + get("minute");
}

export function isQuiet(minutes: number, start: number, end: number): boolean {
  if (start === end) return false;
  return start < end ? minutes >= start && minutes < end : minutes >= start || minutes < end;
}

/** When a marketing message may go out: now, or the end of the customer's quiet hours. */
export function nextAllowedSendTime(now: Date, quiet: { start: number; end: number; timeZone: string }): Date {
  const minutes = minutesInZone(now, quiet.timeZone);
  if (!isQuiet(minutes, quiet.start, quiet.end)) return now;
  const wait = (quiet.end - minutes + 24 * 60) % (24 * 60);
  const at = new Date(now.getTime() + wait * 60_000);
  at.setUTCSeconds(0, 0);
  return at;
}
