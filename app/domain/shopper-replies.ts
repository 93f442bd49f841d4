/**
 * The few things the app says on its own in a conversation (inside the 24-hour window, so
 * free-form): confirming an opt-out or opt-in, and the shopper's cash-on-delivery answer.
 */
type Reply = "stopped" | "started" | "cod_confirmed" | "cod_cancelled";

const replies: Record<string, Record<Reply, string>> = {
  en: {
    stopped: "You won't receive WhatsApp messages from {shop} any more. Reply START to change your mind.",
    started: "Welcome back! {shop} will message you here again. Reply STOP at any time.",
    cod_confirmed: "Thank you! Order {order} is confirmed and will be prepared for delivery.",
    cod_cancelled: "Understood: we will cancel order {order}. Our team will confirm shortly.",
  },
  es: {
    stopped: "Ya no recibirás mensajes de WhatsApp de {shop}. Responde ALTA si cambias de opinión.",
    started: "¡Hola de nuevo! {shop} volverá a escribirte por aquí. Responde PARAR cuando quieras.",
    cod_confirmed: "¡Gracias! El pedido {order} está confirmado y lo prepararemos para el envío.",
    cod_cancelled: "Entendido: cancelaremos el pedido {order}. Nuestro equipo te lo confirmará en breve.",
  },
  pt: {
    stopped: "Você não receberá mais mensagens de WhatsApp da {shop}. Responda COMEÇAR se mudar de ideia.",
    started: "Que bom ter você de volta! A {shop} voltará a falar com você por aqui. Responda PARAR quando quiser.",
    cod_confirmed: "Obrigado! O pedido {order} está confirmado e será preparado para a entrega.",
    cod_cancelled: "Entendido: vamos cancelar o pedido {order}. Nossa equipe confirmará em breve.",
  },
  fr: {
    stopped: "Vous ne recevrez plus de messages WhatsApp de {shop}. Répondez START pour changer d'avis.",
    started: "Bon retour ! {shop} vous écrira de nouveau ici. Répondez STOP à tout moment.",
    cod_confirmed: "Merci ! La commande {order} est confirmée et sera préparée pour la livraison.",
    cod_cancelled: "Entendu : nous annulons la commande {order}. Notre équipe vous le confirmera bientôt.",
  },
  de: {
    stopped: "Du erhältst keine WhatsApp-Nachrichten mehr von {shop}. Antworte START, wenn du es dir anders überlegst.",
    started: "Willkommen zurück! {shop} schreibt dir hier wieder. Antworte jederzeit STOPP.",
    cod_confirmed: "Danke! Die Bestellung {order} ist bestätigt und wird für den Versand vorbereitet.",
    cod_cancelled: "Verstanden: Wir stornieren die Bestellung {order}. Unser Team bestätigt es in Kürze.",
  },
  ar: {
    stopped: "لن تصلك رسائل واتساب من {shop} بعد الآن. أرسل ابدأ إذا غيّرت رأيك.",
    started: "أهلًا بعودتك! سيراسلك {shop} هنا مجددًا. أرسل توقف في أي وقت.",
    cod_confirmed: "شكرًا لك! تم تأكيد الطلب {order} وسيتم تجهيزه للتوصيل.",
    cod_cancelled: "تم: سنلغي الطلب {order}. سيؤكد فريقنا ذلك قريبًا.",
  },
};

export function shopperReply(reply: Reply, locale: string | null | undefined, values: { shop: string; order?: string }): string {
  const language = (locale ?? "en").split(/[-_]/)[0];
  const text = (replies[language] ?? replies.en)[reply];
  return text.replace("{shop}", values.shop).replace("{order}", values.order ?? "");
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
