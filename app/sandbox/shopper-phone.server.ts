import { z } from "zod";
import { prisma } from "~/db.server";
import { normalizePhone } from "~/domain/phone";
import { templateContentSchema, type TemplateContent } from "~/domain/template-content";
import { activeWhatsAppProvider } from "~/models/whatsapp-connection.server";
import { SandboxProvider, type ShopperMessage } from "./sandbox-provider.server";
import { phoneBubble, sentTemplate, tapReply, type KeptMessage, type PhoneBubble } from "./shopper-phone";

/**
 * The shopper phone page's data: the sandbox's conversations for one shop, and answers sent as
 * the shopper through the sandbox's inbound path. Every query is scoped to the shop.
 */
export class ShopperPhoneError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404 | 409 = 400,
  ) {
    super(message);
    this.name = "ShopperPhoneError";
  }
}

const threadLength = 100;

export interface ShopperPhoneView {
  sandboxActive: boolean;
  /** The shop's time zone, in which the page shows times. */
  timeZone: string;
  shoppers: { phone: string; name: string | null; lastAt: string; count: number }[];
  selected: string | null;
  bubbles: PhoneBubble[];
}

/** The approved content each template send used, by Meta's name and language, for this shop. */
async function templateContents(shopId: string, kept: KeptMessage[]): Promise<Map<string, TemplateContent>> {
  const wanted = kept.map(sentTemplate).filter((t): t is NonNullable<typeof t> => t !== null);
  const contents = new Map<string, TemplateContent>();
  if (!wanted.length) return contents;
  const versions = await prisma.templateVersion.findMany({
    where: {
      providerName: { in: [...new Set(wanted.map((t) => t.name))] },
      variant: { language: { in: [...new Set(wanted.map((t) => t.language))] }, template: { shopId } },
    },
    select: { providerName: true, components: true, variant: { select: { language: true } } },
    orderBy: { version: "asc" },
  });
  for (const version of versions) {
    const content = templateContentSchema.safeParse(version.components);
    if (content.success) contents.set(`${version.providerName}/${version.variant.language}`, content.data);
  }
  return contents;
}

const contentFor = (contents: Map<string, TemplateContent>, kept: KeptMessage) => {
  const template = sentTemplate(kept);
  return template ? contents.get(`${template.name}/${template.language}`) : undefined;
};

export async function shopperPhoneView(shopId: string, selectedPhone?: string | null): Promise<ShopperPhoneView> {
  const [settings, threads] = await Promise.all([
    prisma.shopSettings.findUnique({ where: { shopId }, select: { whatsappProvider: true, timezone: true } }),
    prisma.sandboxMessage.groupBy({
      by: ["shopperPhone"],
      where: { shopId },
      _max: { createdAt: true },
      _count: { _all: true },
      orderBy: { _max: { createdAt: "desc" } },
      take: 50,
    }),
  ]);
  const customers = await prisma.customer.findMany({
    where: { shopId, phoneE164: { in: threads.map((t) => t.shopperPhone) } },
    select: { phoneE164: true, firstName: true },
  });
  const selected =
    selectedPhone && threads.some((t) => t.shopperPhone === selectedPhone) ? selectedPhone : (threads[0]?.shopperPhone ?? null);

  let bubbles: PhoneBubble[] = [];
  if (selected) {
    const kept = (
      await prisma.sandboxMessage.findMany({
        where: { shopId, shopperPhone: selected },
        orderBy: { createdAt: "desc" },
        take: threadLength,
      })
    ).reverse();
    const [contents, statuses] = await Promise.all([
      templateContents(shopId, kept),
      prisma.message.findMany({
        where: { shopId, providerMessageId: { in: kept.map((k) => k.wamid) } },
        select: { providerMessageId: true, status: true },
      }),
    ]);
    const statusOf = new Map(statuses.map((s) => [s.providerMessageId, s.status.toLowerCase()]));
    bubbles = kept.map((k) => phoneBubble(k, contentFor(contents, k), k.direction === "TO_SHOPPER" ? statusOf.get(k.wamid) : undefined));
  }

  return {
    sandboxActive: settings?.whatsappProvider === "SANDBOX",
    timeZone: settings?.timezone ?? "UTC",
    shoppers: threads.map((t) => ({
      phone: t.shopperPhone,
      name: customers.find((c) => c.phoneE164 === t.shopperPhone)?.firstName ?? null,
      lastAt: t._max.createdAt!.toISOString(),
      count: t._count._all,
    })),
    selected,
    bubbles,
  };
}

/** What the page posts: a message typed as a shopper, or a tap on a button of the shop's message. */
export const shopperAnswerSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("write"),
    from: z.string().trim().min(1, "Enter the shopper's WhatsApp number."),
    text: z.string().trim().min(1, "Write a message.").max(4096, "WhatsApp text messages are at most 4,096 characters."),
    name: z.string().trim().max(60).optional(),
  }),
  z.object({
    intent: z.literal("tap"),
    wamid: z.string().min(1),
    choice: z.coerce.number().int().min(0),
  }),
]);
export type ShopperAnswer = z.infer<typeof shopperAnswerSchema>;

async function activeSandbox(shopId: string): Promise<SandboxProvider> {
  const active = await activeWhatsAppProvider(shopId);
  if (!(active?.provider instanceof SandboxProvider)) {
    throw new ShopperPhoneError("The shopper phone answers through the sandbox. Switch to the sandbox in Settings first.", 409);
  }
  return active.provider;
}

/** Sends the shopper's answer through the sandbox, as their phone would; returns the shopper's number. */
export async function answerAsShopper(shopId: string, answer: ShopperAnswer): Promise<{ phone: string; wamid: string }> {
  let from: string;
  let message: ShopperMessage;
  if (answer.intent === "write") {
    const phone = normalizePhone(answer.from);
    if (!phone.ok)
      throw new ShopperPhoneError(
        `${phone.reason[0].toUpperCase()}${phone.reason.slice(1)}. Enter it with its country code, like +34 612 345 678.`,
      );
    from = phone.e164;
    message = { type: "text", text: answer.text };
  } else {
    const kept = await prisma.sandboxMessage.findFirst({ where: { shopId, wamid: answer.wamid } });
    if (!kept) throw new ShopperPhoneError("That message is not on this shop's shopper phone.", 404);
    const reply = tapReply(kept, contentFor(await templateContents(shopId, [kept]), kept), answer.choice);
    if (!reply) throw new ShopperPhoneError("That message has no such button to tap.");
    from = kept.shopperPhone;
    message = reply;
  }
  const sandbox = await activeSandbox(shopId);
  const wamid = await sandbox.shopperSends({
    from,
    message,
    profileName: answer.intent === "write" ? answer.name || undefined : undefined,
  });
  return { phone: from, wamid };
}
