import { z } from "zod";

/**
 * The shop's sending rules as staff edit them on the Settings page. Quiet hours travel as
 * "HH:MM" in the form and as minutes after midnight in the database; the same start and end
 * means no quiet hours.
 */
const clock = z
  .string()
  .trim()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Use a time such as 21:00")
  .transform((value) => Number(value.slice(0, 2)) * 60 + Number(value.slice(3)));

const whole = (label: string, min: number, max: number) =>
  z.coerce
    .number({ error: `${label} must be a number` })
    .int(`${label} must be a whole number`)
    .min(min, `${label} must be between ${min} and ${max}`)
    .max(max, `${label} must be between ${min} and ${max}`);

export const timeZones: readonly string[] = Intl.supportedValuesOf("timeZone").concat("UTC");

export const sendingRulesSchema = z.object({
  optInPolicy: z.enum(["EXPLICIT", "CHECKOUT_DISCLOSED"], { error: "Choose what counts as consent for order updates" }),
  quietHoursStart: clock,
  quietHoursEnd: clock,
  timezone: z.string().refine((zone) => timeZones.includes(zone), "Choose a time zone from the list"),
  marketingPerShopperPerDay: whole("The daily marketing limit", 1, 10),
  codReminderHours: whole("The reminder delay", 0, 48),
  throughputPerSecond: whole("Messages per second", 1, 1000),
  suppressionDays: whole("The pause", 1, 365),
});

export type SendingRulesInput = z.input<typeof sendingRulesSchema>;
export type SendingRules = z.output<typeof sendingRulesSchema>;

/** Minutes after midnight as the form shows them: 1260 → "21:00". */
export const clockText = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
