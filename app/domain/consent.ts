/**
 * Consent (pure). A business-initiated message needs consent for its purpose: ORDER_UPDATES for
 * UTILITY journeys, MARKETING for back-in-stock. What counts for order updates depends on the
 * shop's opt-in policy; marketing always needs an explicit opt-in for it. The latest recorded
 * change wins, so a STOP overrides an earlier opt-in and a START overrides a STOP.
 */
export type Purpose = "ORDER_UPDATES" | "MARKETING";
export type OptInPolicy = "EXPLICIT" | "CHECKOUT_DISCLOSED";

/** The current consent per purpose, as recorded (undefined: never asked). */
export type RecordedConsent = Partial<Record<Purpose, boolean>>;

export interface ConsentDecision {
  allowed: boolean;
  reason: string;
}

export function mayMessage(
  purpose: Purpose,
  recorded: RecordedConsent,
  context: { policy: OptInPolicy; phoneGivenAtCheckout: boolean },
): ConsentDecision {
  const explicit = recorded[purpose];
  if (explicit === false)
    return { allowed: false, reason: `the shopper opted out of ${purpose === "MARKETING" ? "marketing" : "order updates"}` };
  if (explicit === true) return { allowed: true, reason: "the shopper opted in" };
  if (purpose === "ORDER_UPDATES" && context.policy === "CHECKOUT_DISCLOSED" && context.phoneGivenAtCheckout) {
    return { allowed: true, reason: "the phone was given at a checkout that discloses WhatsApp updates" };
  }
  return {
    allowed: false,
    reason:
      purpose === "MARKETING"
        ? "no explicit opt-in for marketing messages"
        : "no WhatsApp opt-in for order updates (the shop's policy asks for an explicit one)",
  };
}

/** What an order tells us about consent: the app's own checkout opt-ins (note attributes). */
export function orderConsentSignals(noteAttributes: { name?: string | null; value?: string | null }[] | null | undefined): RecordedConsent {
  const value = (name: string) => noteAttributes?.find((a) => a.name?.toLowerCase() === name)?.value?.toLowerCase();
  const truthy = (v: string | undefined) => (v === undefined ? undefined : ["true", "yes", "1", "on"].includes(v));
  const signals: RecordedConsent = {};
  const updates = truthy(value("whatsapp_opt_in"));
  const marketing = truthy(value("whatsapp_marketing_opt_in"));
  if (updates !== undefined) signals.ORDER_UPDATES = updates;
  if (marketing !== undefined) signals.MARKETING = marketing;
  return signals;
}

/** Opt-out and opt-in words, in the shops' languages; a message that is just one of them counts. */
const stopWords = [
  "stop",
  "unsubscribe",
  "stop all",
  "parar",
  "baja",
  "detener",
  "cancelar suscripcion",
  "sair",
  "arret",
  "arrêt",
  "desabonner",
  "désabonner",
  "stopp",
  "abmelden",
  "توقف",
  "إيقاف",
  "الغاء",
  "إلغاء الاشتراك",
];
const startWords = ["start", "subscribe", "alta", "iniciar", "comecar", "começar", "demarrer", "démarrer", "anmelden", "ابدأ", "اشتراك"];

const normalise = (text: string) =>
  text
    .trim()
    .toLowerCase()
    .replace(/[.!¡?¿]+/g, "")
    .replace(/\s+/g, " ");

/** STOP and its equivalents opt out of everything; START opts back in. */
export function keywordIntent(text: string | undefined): "stop" | "start" | undefined {
  if (!text) return undefined;
  const word = normalise(text);
  if (stopWords.includes(word)) return "stop";
  if (startWords.includes(word)) return "start";
  return undefined;
}
