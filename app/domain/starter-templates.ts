import { eventField } from "./event-fields";
import type { JourneyBindings } from "./journey-bindings";
import { journeySteps, type JourneyStep } from "./journey-steps";
import { variableNames, type TemplateContent } from "./template-content";

/**
 * The starter library: a template for every journey step in English, Spanish, Brazilian
 * Portuguese, French, German and Arabic, written to pass the linter and Meta's review. Body
 * variables are named after event fields (`{{first_name}}`), so they come bound; URL buttons
 * carry their binding in `buttonBindings`. URLs point at the shop's own domain.
 */
export const starterLanguages = ["en", "es", "pt_BR", "fr", "de", "ar"] as const;
export type StarterLanguage = (typeof starterLanguages)[number];

export interface StarterTemplate {
  name: string;
  step: JourneyStep;
  category: "UTILITY" | "MARKETING";
  /** Every variable bound to its event field, with fallbacks that read well in each language. */
  bindings: JourneyBindings;
  variants: Record<StarterLanguage, TemplateContent>;
}

/** For a guest checkout without a name: "Hi there", "Hola de nuevo", "مرحبًا بك" … */
const firstNameFallbacks: Record<StarterLanguage, string> = {
  en: "there",
  es: "de nuevo",
  pt_BR: "de novo",
  fr: "à vous",
  de: "du",
  ar: "بك",
};
/** For a shipment without a carrier name: "on its way with our courier" … */
const courierFallbacks: Record<StarterLanguage, string> = {
  en: "our courier",
  es: "nuestro transportista",
  pt_BR: "nossa transportadora",
  fr: "notre transporteur",
  de: "unserem Versanddienst",
  ar: "شركة الشحن",
};
const fallbacksFor: Record<string, Record<StarterLanguage, string>> = {
  first_name: firstNameFallbacks,
  tracking_company: courierFallbacks,
};

type Copy = { body: string; footer?: string; buttons: string[] };
type ButtonPlan = { kind: "url"; path: string; field: string } | { kind: "quick_reply" };

interface Definition {
  step: JourneyStep;
  buttons: ButtonPlan[];
  copy: Record<StarterLanguage, Copy>;
}

const viewOrder: ButtonPlan = { kind: "url", path: "{{1}}", field: "order_status_path" };
const track: ButtonPlan = { kind: "url", path: "{{1}}", field: "tracking_path" };

const definitions: Definition[] = [
  {
    step: "order_confirmation",
    buttons: [viewOrder],
    copy: {
      en: {
        body: "Hi {{first_name}}, thank you for your order {{order_name}} at {{shop_name}}. The total is {{order_total}} for {{order_items}}. We will message you here as soon as it ships.",
        footer: "Reply to this chat if you need help",
        buttons: ["View order"],
      },
      es: {
        body: "Hola {{first_name}}, gracias por tu pedido {{order_name}} en {{shop_name}}. El total es {{order_total}} por {{order_items}}. Te escribiremos por aquí en cuanto salga.",
        footer: "Responde a este chat si necesitas ayuda",
        buttons: ["Ver pedido"],
      },
      pt_BR: {
        body: "Olá {{first_name}}, obrigado pelo seu pedido {{order_name}} na {{shop_name}}. O total é {{order_total}} por {{order_items}}. Avisaremos você por aqui assim que ele for enviado.",
        footer: "Responda a este chat se precisar de ajuda",
        buttons: ["Ver pedido"],
      },
      fr: {
        body: "Bonjour {{first_name}}, merci pour votre commande {{order_name}} chez {{shop_name}}. Le total est de {{order_total}} pour {{order_items}}. Nous vous écrirons ici dès son expédition.",
        footer: "Répondez à ce chat si vous avez besoin d'aide",
        buttons: ["Voir la commande"],
      },
      de: {
        body: "Hallo {{first_name}}, vielen Dank für deine Bestellung {{order_name}} bei {{shop_name}}. Der Gesamtbetrag ist {{order_total}} für {{order_items}}. Wir melden uns hier, sobald sie versendet wird.",
        footer: "Antworte in diesem Chat, wenn du Hilfe brauchst",
        buttons: ["Bestellung ansehen"],
      },
      ar: {
        body: "مرحبًا {{first_name}}، شكرًا لك على طلبك {{order_name}} من متجر {{shop_name}}. المبلغ الإجمالي هو {{order_total}} مقابل {{order_items}}. سنراسلك هنا فور شحن طلبك إليك.",
        footer: "ردّ على هذه المحادثة إذا احتجت إلى مساعدة",
        buttons: ["عرض الطلب"],
      },
    },
  },
  {
    step: "cod_confirmation",
    buttons: [{ kind: "quick_reply" }, { kind: "quick_reply" }],
    copy: {
      en: {
        body: "Hi {{first_name}}, you chose cash on delivery for order {{order_name}} with a total of {{order_total}}. Please confirm the order below so that we can prepare your package.",
        buttons: ["Confirm order", "Cancel order"],
      },
      es: {
        body: "Hola {{first_name}}, elegiste pago contra entrega para el pedido {{order_name}} con un total de {{order_total}}. Confírmalo abajo para que podamos preparar tu paquete.",
        buttons: ["Confirmar pedido", "Cancelar pedido"],
      },
      pt_BR: {
        body: "Olá {{first_name}}, você escolheu pagamento na entrega para o pedido {{order_name}} no total de {{order_total}}. Confirme abaixo para prepararmos o seu pacote.",
        buttons: ["Confirmar pedido", "Cancelar pedido"],
      },
      fr: {
        body: "Bonjour {{first_name}}, vous avez choisi le paiement à la livraison pour la commande {{order_name}} d'un total de {{order_total}}. Confirmez-la ci-dessous pour que nous préparions votre colis.",
        buttons: ["Confirmer", "Annuler la commande"],
      },
      de: {
        body: "Hallo {{first_name}}, du hast für die Bestellung {{order_name}} über {{order_total}} Zahlung bei Lieferung gewählt. Bitte bestätige sie unten, damit wir dein Paket vorbereiten können.",
        buttons: ["Bestellung bestätigen", "Bestellung stornieren"],
      },
      ar: {
        body: "مرحبًا {{first_name}}، اخترت الدفع عند الاستلام للطلب {{order_name}} بإجمالي {{order_total}}. يُرجى تأكيد الطلب أدناه حتى نجهّز طردك.",
        buttons: ["تأكيد الطلب", "إلغاء الطلب"],
      },
    },
  },
  {
    step: "shipped",
    buttons: [track],
    copy: {
      en: {
        body: "Hi {{first_name}}, good news: your order {{order_name}} is on its way with {{tracking_company}}. You can follow the package with the button below.",
        buttons: ["Track package"],
      },
      es: {
        body: "Hola {{first_name}}, buenas noticias: tu pedido {{order_name}} va en camino con {{tracking_company}}. Puedes seguir el paquete con el botón de abajo.",
        buttons: ["Seguir envío"],
      },
      pt_BR: {
        body: "Olá {{first_name}}, boa notícia: seu pedido {{order_name}} está a caminho com {{tracking_company}}. Você pode acompanhar o pacote pelo botão abaixo.",
        buttons: ["Rastrear pacote"],
      },
      fr: {
        body: "Bonjour {{first_name}}, bonne nouvelle : votre commande {{order_name}} est en route avec {{tracking_company}}. Vous pouvez suivre le colis avec le bouton ci-dessous.",
        buttons: ["Suivre le colis"],
      },
      de: {
        body: "Hallo {{first_name}}, gute Nachricht: Deine Bestellung {{order_name}} ist mit {{tracking_company}} unterwegs. Du kannst das Paket mit dem Button unten verfolgen.",
        buttons: ["Sendung verfolgen"],
      },
      ar: {
        body: "مرحبًا {{first_name}}، أخبار سارة: طلبك {{order_name}} في الطريق مع {{tracking_company}}. يمكنك متابعة الطرد من خلال الزر أدناه.",
        buttons: ["تتبّع الطرد"],
      },
    },
  },
  {
    step: "out_for_delivery",
    buttons: [track],
    copy: {
      en: {
        body: "Hi {{first_name}}, your order {{order_name}} is out for delivery today. Please keep your phone nearby in case the courier needs to reach you.",
        buttons: ["Track package"],
      },
      es: {
        body: "Hola {{first_name}}, tu pedido {{order_name}} sale hoy a reparto. Ten el teléfono a mano por si el repartidor necesita contactarte.",
        buttons: ["Seguir envío"],
      },
      pt_BR: {
        body: "Olá {{first_name}}, seu pedido {{order_name}} saiu para entrega hoje. Mantenha o telefone por perto caso o entregador precise falar com você.",
        buttons: ["Rastrear pacote"],
      },
      fr: {
        body: "Bonjour {{first_name}}, votre commande {{order_name}} est en cours de livraison aujourd'hui. Gardez votre téléphone à portée de main au cas où le livreur doive vous joindre.",
        buttons: ["Suivre le colis"],
      },
      de: {
        body: "Hallo {{first_name}}, deine Bestellung {{order_name}} wird heute zugestellt. Halte dein Telefon bereit, falls der Zusteller dich erreichen muss.",
        buttons: ["Sendung verfolgen"],
      },
      ar: {
        body: "مرحبًا {{first_name}}، طلبك {{order_name}} خرج للتوصيل اليوم. يُرجى إبقاء هاتفك قريبًا في حال احتاج المندوب إلى التواصل معك.",
        buttons: ["تتبّع الطرد"],
      },
    },
  },
  {
    step: "delivered",
    buttons: [viewOrder],
    copy: {
      en: {
        body: "Hi {{first_name}}, your order {{order_name}} has been delivered. We hope everything arrived in good shape; reply here if anything is not right.",
        buttons: ["View order"],
      },
      es: {
        body: "Hola {{first_name}}, tu pedido {{order_name}} ha sido entregado. Esperamos que todo haya llegado bien; responde aquí si algo no está correcto.",
        buttons: ["Ver pedido"],
      },
      pt_BR: {
        body: "Olá {{first_name}}, seu pedido {{order_name}} foi entregue. Esperamos que tudo tenha chegado bem; responda aqui se algo não estiver certo.",
        buttons: ["Ver pedido"],
      },
      fr: {
        body: "Bonjour {{first_name}}, votre commande {{order_name}} a été livrée. Nous espérons que tout est arrivé en bon état ; répondez ici si quelque chose ne va pas.",
        buttons: ["Voir la commande"],
      },
      de: {
        body: "Hallo {{first_name}}, deine Bestellung {{order_name}} wurde zugestellt. Wir hoffen, alles ist gut angekommen; antworte hier, falls etwas nicht stimmt.",
        buttons: ["Bestellung ansehen"],
      },
      ar: {
        body: "مرحبًا {{first_name}}، تم توصيل طلبك {{order_name}}. نأمل أن يكون كل شيء قد وصل بحالة جيدة، وردّ هنا إذا كان هناك أي خلل.",
        buttons: ["عرض الطلب"],
      },
    },
  },
  {
    step: "delivery_failed",
    buttons: [track],
    copy: {
      en: {
        body: "Hi {{first_name}}, the courier could not deliver your order {{order_name}} today. Check the tracking page below to arrange a new delivery, or reply here and we will help.",
        buttons: ["Track package"],
      },
      es: {
        body: "Hola {{first_name}}, el repartidor no pudo entregar hoy tu pedido {{order_name}}. Revisa la página de seguimiento para programar otra entrega, o responde aquí y te ayudamos.",
        buttons: ["Seguir envío"],
      },
      pt_BR: {
        body: "Olá {{first_name}}, o entregador não conseguiu entregar hoje o seu pedido {{order_name}}. Veja a página de rastreio para agendar nova entrega, ou responda aqui e ajudamos você.",
        buttons: ["Rastrear pacote"],
      },
      fr: {
        body: "Bonjour {{first_name}}, le livreur n'a pas pu livrer votre commande {{order_name}} aujourd'hui. Consultez la page de suivi pour convenir d'une nouvelle livraison, ou répondez ici et nous vous aiderons.",
        buttons: ["Suivre le colis"],
      },
      de: {
        body: "Hallo {{first_name}}, der Zusteller konnte deine Bestellung {{order_name}} heute nicht zustellen. Auf der Sendungsseite kannst du eine neue Zustellung vereinbaren, oder antworte hier und wir helfen dir.",
        buttons: ["Sendung verfolgen"],
      },
      ar: {
        body: "مرحبًا {{first_name}}، لم يتمكن المندوب من توصيل طلبك {{order_name}} اليوم. راجع صفحة التتبع لترتيب موعد توصيل جديد، أو ردّ هنا وسنساعدك.",
        buttons: ["تتبّع الطرد"],
      },
    },
  },
  {
    step: "back_in_stock",
    buttons: [{ kind: "url", path: "{{1}}", field: "product_path" }, { kind: "quick_reply" }],
    copy: {
      en: {
        body: "Hi {{first_name}}, good news! The {{product_title}} you asked about is back in stock at {{shop_name}}. Tap below to see it before it sells out again.",
        footer: "You asked us to tell you when it was back",
        buttons: ["View product", "Stop alerts"],
      },
      es: {
        body: "Hola {{first_name}}, ¡buenas noticias! El producto {{product_title}} que pediste vuelve a estar disponible en {{shop_name}}. Tócalo abajo antes de que se agote otra vez.",
        footer: "Nos pediste avisarte cuando volviera",
        buttons: ["Ver producto", "Parar avisos"],
      },
      pt_BR: {
        body: "Olá {{first_name}}, boa notícia! O produto {{product_title}} que você pediu voltou ao estoque na {{shop_name}}. Toque abaixo para ver antes que acabe de novo.",
        footer: "Você pediu para avisarmos quando voltasse",
        buttons: ["Ver produto", "Parar avisos"],
      },
      fr: {
        body: "Bonjour {{first_name}}, bonne nouvelle ! Le produit {{product_title}} que vous attendiez est de nouveau disponible chez {{shop_name}}. Touchez ci-dessous pour le voir avant la prochaine rupture.",
        footer: "Vous nous avez demandé de vous prévenir",
        buttons: ["Voir le produit", "Arrêter les alertes"],
      },
      de: {
        body: "Hallo {{first_name}}, gute Nachricht! Der Artikel {{product_title}}, nach dem du gefragt hast, ist bei {{shop_name}} wieder verfügbar. Tippe unten, bevor er wieder ausverkauft ist.",
        footer: "Du wolltest benachrichtigt werden",
        buttons: ["Artikel ansehen", "Keine Hinweise mehr"],
      },
      ar: {
        body: "مرحبًا {{first_name}}، أخبار سارة! المنتج {{product_title}} الذي سألت عنه متوفر من جديد لدى {{shop_name}}. اضغط أدناه لمشاهدته قبل أن ينفد مرة أخرى.",
        footer: "طلبت منا إعلامك عند توفره",
        buttons: ["عرض المنتج", "إيقاف التنبيهات"],
      },
    },
  },
];

function content(definition: Definition, copy: Copy, domain: string): TemplateContent {
  const examples = Object.fromEntries(variableNames(copy.body).map((name) => [name, eventField(name)?.example ?? name]));
  const buttonExamples: Record<string, string> = {};
  const buttons = definition.buttons.map((plan, index) => {
    if (plan.kind === "quick_reply") return { type: "QUICK_REPLY" as const, text: copy.buttons[index] };
    buttonExamples[String(index)] = eventField(plan.field)?.example ?? "example";
    return { type: "URL" as const, text: copy.buttons[index], url: `https://${domain}/${plan.path}` };
  });
  return {
    parameterFormat: "named",
    body: copy.body,
    footer: copy.footer,
    buttons,
    examples: { header: {}, body: examples, buttons: buttonExamples },
  };
}

/** The library for a shop whose storefront lives at `domain` (e.g. "trail.example.com"). */
function bindings(definition: Definition): JourneyBindings {
  return {
    header: {},
    body: Object.fromEntries(
      variableNames(definition.copy.en.body).map((name) => [
        name,
        { field: name, ...(fallbacksFor[name] ? { fallbacks: fallbacksFor[name] } : {}) },
      ]),
    ),
    buttons: Object.fromEntries(
      definition.buttons.flatMap((plan, index) =>
        plan.kind === "url"
          ? [[String(index), { field: plan.field, ...(plan.field === "tracking_path" ? { fallbackField: "order_status_path" } : {}) }]]
          : [],
      ),
    ),
  };
}

export function starterLibrary(domain: string): StarterTemplate[] {
  return definitions.map((definition) => ({
    name: `wj_${definition.step}`,
    step: definition.step,
    category: journeySteps[definition.step].category,
    bindings: bindings(definition),
    variants: Object.fromEntries(
      starterLanguages.map((language) => [language, content(definition, definition.copy[language], domain)]),
    ) as Record<StarterLanguage, TemplateContent>,
  }));
}

export const rightToLeftLanguages = new Set(["ar", "he", "fa", "ur"]);
export const isRightToLeft = (language: string) => rightToLeftLanguages.has(language.split("_")[0]);
