/**
 * The few things the app says on its own in a conversation (inside the 24-hour window, so
 * free-form): confirming an opt-out or opt-in, the shopper's cash-on-delivery answer, and the
 * offer of a back-in-stock alert when the shopper asks about a sold-out product.
 */
type Reply =
  | "stopped"
  | "started"
  | "cod_confirmed"
  | "cod_cancelled"
  | "sold_out_offer"
  | "notify_button"
  | "decline_button"
  | "alert_set"
  | "alert_declined";

const replies: Record<string, Record<Reply, string>> = {
  en: {
    stopped: "You won't receive WhatsApp messages from {shop} any more. Reply START to change your mind.",
    started: "Welcome back! {shop} will message you here again. Reply STOP at any time.",
    cod_confirmed: "Thank you! Order {order} is confirmed and will be prepared for delivery.",
    cod_cancelled: "Understood: we will cancel order {order}. Our team will confirm shortly.",
    sold_out_offer: "{product} is sold out right now. Shall we send you a WhatsApp message when it's back?",
    notify_button: "Notify me",
    decline_button: "No thanks",
    alert_set: "Done! We'll message you when {product} is back in stock. Reply STOP ALERTS at any time.",
    alert_declined: "No problem. Ask us about anything else here.",
  },
  es: {
    stopped: "Ya no recibirás mensajes de WhatsApp de {shop}. Responde ALTA si cambias de opinión.",
    started: "¡Hola de nuevo! {shop} volverá a escribirte por aquí. Responde PARAR cuando quieras.",
    cod_confirmed: "¡Gracias! El pedido {order} está confirmado y lo prepararemos para el envío.",
    cod_cancelled: "Entendido: cancelaremos el pedido {order}. Nuestro equipo te lo confirmará en breve.",
    sold_out_offer: "{product} está agotado ahora mismo. ¿Te avisamos por WhatsApp cuando vuelva?",
    notify_button: "Avísame",
    decline_button: "No, gracias",
    alert_set: "¡Listo! Te escribiremos cuando {product} vuelva a estar disponible. Responde PARAR AVISOS cuando quieras.",
    alert_declined: "Sin problema. Pregúntanos aquí lo que necesites.",
  },
  pt: {
    stopped: "Você não receberá mais mensagens de WhatsApp da {shop}. Responda COMEÇAR se mudar de ideia.",
    started: "Que bom ter você de volta! A {shop} voltará a falar com você por aqui. Responda PARAR quando quiser.",
    cod_confirmed: "Obrigado! O pedido {order} está confirmado e será preparado para a entrega.",
    cod_cancelled: "Entendido: vamos cancelar o pedido {order}. Nossa equipe confirmará em breve.",
    sold_out_offer: "{product} está esgotado no momento. Quer que avisemos pelo WhatsApp quando voltar?",
    notify_button: "Avise-me",
    decline_button: "Não, obrigado",
    alert_set: "Pronto! Avisaremos quando {product} voltar ao estoque. Responda PARAR AVISOS quando quiser.",
    alert_declined: "Sem problemas. Pergunte aqui o que precisar.",
  },
  fr: {
    stopped: "Vous ne recevrez plus de messages WhatsApp de {shop}. Répondez START pour changer d'avis.",
    started: "Bon retour ! {shop} vous écrira de nouveau ici. Répondez STOP à tout moment.",
    cod_confirmed: "Merci ! La commande {order} est confirmée et sera préparée pour la livraison.",
    cod_cancelled: "Entendu : nous annulons la commande {order}. Notre équipe vous le confirmera bientôt.",
    sold_out_offer: "{product} est en rupture de stock pour le moment. Voulez-vous un message WhatsApp à son retour ?",
    notify_button: "Prévenez-moi",
    decline_button: "Non merci",
    alert_set: "C'est noté ! Nous vous écrirons dès que {product} sera de retour. Répondez ARRÊTER LES ALERTES à tout moment.",
    alert_declined: "Pas de souci. Posez-nous ici toute autre question.",
  },
  de: {
    stopped: "Du erhältst keine WhatsApp-Nachrichten mehr von {shop}. Antworte START, wenn du es dir anders überlegst.",
    started: "Willkommen zurück! {shop} schreibt dir hier wieder. Antworte jederzeit STOPP.",
    cod_confirmed: "Danke! Die Bestellung {order} ist bestätigt und wird für den Versand vorbereitet.",
    cod_cancelled: "Verstanden: Wir stornieren die Bestellung {order}. Unser Team bestätigt es in Kürze.",
    sold_out_offer: "{product} ist gerade ausverkauft. Sollen wir dir per WhatsApp Bescheid geben, wenn es wieder da ist?",
    notify_button: "Benachrichtigen",
    decline_button: "Nein, danke",
    alert_set: "Erledigt! Wir schreiben dir, sobald {product} wieder verfügbar ist. Antworte jederzeit KEINE HINWEISE MEHR.",
    alert_declined: "Kein Problem. Frag uns hier gern alles andere.",
  },
  ar: {
    stopped: "لن تصلك رسائل واتساب من {shop} بعد الآن. أرسل ابدأ إذا غيّرت رأيك.",
    started: "أهلًا بعودتك! سيراسلك {shop} هنا مجددًا. أرسل توقف في أي وقت.",
    cod_confirmed: "شكرًا لك! تم تأكيد الطلب {order} وسيتم تجهيزه للتوصيل.",
    cod_cancelled: "تم: سنلغي الطلب {order}. سيؤكد فريقنا ذلك قريبًا.",
    sold_out_offer: "{product} غير متوفر حاليًا. هل تريد أن نرسل لك رسالة واتساب عند توفره؟",
    notify_button: "أبلغني",
    decline_button: "لا، شكرًا",
    alert_set: "تم! سنراسلك عندما يتوفر {product} من جديد. أرسل إيقاف التنبيهات في أي وقت.",
    alert_declined: "لا مشكلة. اسألنا هنا عن أي شيء آخر.",
  },
};

const baseLanguage = (code: string) => code.split(/[-_]/)[0].toLowerCase();

/**
 * The language the app's own replies speak to a shopper: the first of `candidates` (their locale,
 * the language of their number's country, the shop's default) that the replies are written in.
 */
export function replyLanguage(candidates: (string | null | undefined)[]): string {
  return candidates.map((c) => c && baseLanguage(c)).find((c): c is string => Boolean(c && replies[c])) ?? "en";
}

export function shopperReply(
  reply: Reply,
  language: string | null | undefined,
  values: { shop?: string; order?: string; product?: string } = {},
): string {
  const text = replies[replyLanguage([language])][reply];
  return text
    .replace("{shop}", values.shop ?? "")
    .replace("{order}", values.order ?? "")
    .replace("{product}", values.product ?? "");
}

/** Button or text replies that stop marketing only (the "Stop alerts" quick reply, in each language). */
const marketingStops = [
  "stop alerts",
  "parar avisos",
  "arrêter les alertes",
  "arreter les alertes",
  "keine hinweise mehr",
  "إيقاف التنبيهات",
  "stop promotions",
];

export function isMarketingStop(text: string | undefined): boolean {
  return Boolean(text && marketingStops.includes(text.trim().toLowerCase()));
}
