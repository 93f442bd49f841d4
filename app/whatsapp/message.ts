import { z } from "zod";
import { whatsappLimits as L } from "./limits";

/**
 * A WhatsApp message in provider-neutral form: what journeys, the inbox and the bot produce
 * and what every provider adapter accepts. Validating it enforces Meta's limits before any
 * call, with a message that names the limit.
 */

const within = (limit: number, what: string) =>
  z.string().max(limit, { error: (issue) => `${what} is ${(issue.input as string).length} characters; Meta allows ${limit}` });
const nonEmptyWithin = (limit: number, what: string) => within(limit, what).min(1, `${what} is empty`);

export const e164 = z.string().regex(/^\+[1-9]\d{6,14}$/, "must be an E.164 number like +14155550123");

const mediaRef = z.union([
  z.object({ id: z.string().min(1) }).strict(),
  z.object({ link: z.url({ protocol: /^https?$/, error: "media link must be an http(s) URL" }) }).strict(),
]);
export type MediaRef = z.infer<typeof mediaRef>;

const textHeader = z.object({ type: z.literal("text"), text: nonEmptyWithin(L.interactiveHeaderText, "header text") });
const mediaHeader = z.object({ type: z.enum(["image", "video", "document"]), media: mediaRef });

/** What a provider that cannot send the rich form (UltraMsg, no catalog) sends instead. */
const fallback = z
  .object({
    text: z.string().optional(),
    url: z.url().optional(),
    imageUrl: z.url().optional(),
  })
  .optional();

const common = {
  replyToMessageId: z.string().optional(),
  fallback,
};

const caption = within(L.mediaCaption, "caption").optional();

const replyButton = z.object({
  id: nonEmptyWithin(L.replyButtonId, "button id"),
  title: nonEmptyWithin(L.replyButtonTitle, "button title"),
});

const listRow = z.object({
  id: nonEmptyWithin(L.listRowId, "row id"),
  title: nonEmptyWithin(L.listRowTitle, "row title"),
  description: within(L.listRowDescription, "row description").optional(),
});

const listSection = z.object({
  title: within(L.listSectionTitle, "section title").optional(),
  rows: z.array(listRow).min(1, "a list section needs at least one row"),
});

const productSection = z.object({
  title: nonEmptyWithin(L.listSectionTitle, "section title"),
  productRetailerIds: z.array(z.string().min(1)).min(1, "a product section needs at least one product"),
});

// Template parameters (Cloud API `components`). `name` is set for named-parameter templates.
const parameterText = (what: string) =>
  z
    .string()
    .min(1, `${what} is empty (Meta rejects empty parameters)`)
    .refine((value) => !/[\n\t]|\s{5,}/.test(value), `${what} may not contain new lines, tabs or more than 4 spaces in a row`);

const location = {
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
  name: z.string().optional(),
  address: z.string().optional(),
};

export const templateParameter = z.discriminatedUnion("type", [
  z.object({ type: z.literal("text"), text: parameterText("a text parameter"), name: z.string().optional() }),
  z.object({
    type: z.literal("currency"),
    fallback: z.string().min(1),
    code: z.string().regex(/^[A-Z]{3}$/, "currency code must be ISO 4217, like USD"),
    amount1000: z.number().int(),
    name: z.string().optional(),
  }),
  z.object({ type: z.literal("date_time"), fallback: z.string().min(1), name: z.string().optional() }),
  z.object({ type: z.enum(["image", "video", "document"]), media: mediaRef, filename: z.string().optional() }),
  z.object({ type: z.literal("location"), ...location }),
]);
export type TemplateParameter = z.infer<typeof templateParameter>;

export const templateButtonParameter = z.discriminatedUnion("subType", [
  z.object({ subType: z.literal("quick_reply"), index: z.number().int().min(0).max(9), payload: z.string().min(1) }),
  z.object({ subType: z.literal("url"), index: z.number().int().min(0).max(9), text: parameterText("a URL suffix") }),
  z.object({
    subType: z.literal("copy_code"),
    index: z.number().int().min(0).max(9),
    couponCode: nonEmptyWithin(L.templateCopyCode, "coupon code"),
  }),
  z.object({
    subType: z.literal("catalog"),
    index: z.number().int().min(0).max(9),
    thumbnailProductRetailerId: z.string().optional(),
  }),
  z.object({
    subType: z.literal("mpm"),
    index: z.number().int().min(0).max(9),
    thumbnailProductRetailerId: z.string().optional(),
    sections: z.array(productSection).min(1),
  }),
]);
export type TemplateButtonParameter = z.infer<typeof templateButtonParameter>;

export const outboundMessageSchema = z
  .discriminatedUnion("type", [
    z.object({ type: z.literal("text"), body: nonEmptyWithin(L.textBody, "text body"), previewUrl: z.boolean().optional(), ...common }),
    z.object({ type: z.literal("image"), media: mediaRef, caption, ...common }),
    z.object({ type: z.literal("video"), media: mediaRef, caption, ...common }),
    z.object({ type: z.literal("audio"), media: mediaRef, ...common }),
    z.object({ type: z.literal("sticker"), media: mediaRef, ...common }),
    z.object({
      type: z.literal("document"),
      media: mediaRef,
      caption,
      filename: within(L.documentFilename, "filename").optional(),
      ...common,
    }),
    z.object({ type: z.literal("location"), ...location, ...common }),
    z.object({ type: z.literal("reaction"), messageId: z.string().min(1), emoji: z.string(), ...common }),
    z.object({
      type: z.literal("buttons"),
      header: z.union([textHeader, mediaHeader]).optional(),
      body: nonEmptyWithin(L.interactiveBody, "body"),
      footer: within(L.interactiveFooter, "footer").optional(),
      buttons: z
        .array(replyButton)
        .min(1, "reply buttons need at least one button")
        .max(L.replyButtons, `Meta allows at most ${L.replyButtons} reply buttons`),
      ...common,
    }),
    z.object({
      type: z.literal("list"),
      header: textHeader.optional(),
      body: nonEmptyWithin(L.interactiveBody, "body"),
      footer: within(L.interactiveFooter, "footer").optional(),
      buttonLabel: nonEmptyWithin(L.listButtonLabel, "list button label"),
      sections: z.array(listSection).min(1).max(L.listSections, `Meta allows at most ${L.listSections} list sections`),
      ...common,
    }),
    z.object({
      type: z.literal("product"),
      catalogId: z.string().min(1),
      productRetailerId: z.string().min(1),
      body: within(L.interactiveBody, "body").optional(),
      footer: within(L.interactiveFooter, "footer").optional(),
      ...common,
    }),
    z.object({
      type: z.literal("product_list"),
      catalogId: z.string().min(1),
      header: nonEmptyWithin(L.interactiveHeaderText, "header text"),
      body: nonEmptyWithin(L.interactiveBody, "body"),
      footer: within(L.interactiveFooter, "footer").optional(),
      sections: z.array(productSection).min(1).max(L.productListSections, `Meta allows at most ${L.productListSections} product sections`),
      ...common,
    }),
    z.object({
      type: z.literal("catalog"),
      body: nonEmptyWithin(L.interactiveBody, "body"),
      footer: within(L.interactiveFooter, "footer").optional(),
      thumbnailProductRetailerId: z.string().optional(),
      ...common,
    }),
    z.object({
      type: z.literal("template"),
      name: z.string().regex(/^[a-z0-9_]+$/, "template names are lowercase letters, digits and underscores"),
      language: z.string().min(2),
      header: templateParameter.optional(),
      body: z.array(templateParameter).default([]),
      buttons: z.array(templateButtonParameter).default([]),
      ...common,
    }),
  ])
  .superRefine((message, ctx) => {
    if (message.type === "buttons") {
      const ids = message.buttons.map((b) => b.id);
      const titles = message.buttons.map((b) => b.title);
      if (new Set(ids).size !== ids.length) ctx.addIssue({ code: "custom", message: "reply button ids must be unique", path: ["buttons"] });
      if (new Set(titles).size !== titles.length)
        ctx.addIssue({ code: "custom", message: "reply button titles must be unique", path: ["buttons"] });
    }
    if (message.type === "list") {
      const rows = message.sections.reduce((sum, section) => sum + section.rows.length, 0);
      if (rows > L.listRowsTotal)
        ctx.addIssue({ code: "custom", message: `the list has ${rows} rows; Meta allows ${L.listRowsTotal} in total`, path: ["sections"] });
      if (message.sections.length > 1 && message.sections.some((section) => !section.title))
        ctx.addIssue({ code: "custom", message: "every section needs a title when a list has more than one", path: ["sections"] });
    }
    if (message.type === "product_list") {
      const items = message.sections.reduce((sum, section) => sum + section.productRetailerIds.length, 0);
      if (items > L.productListItemsTotal)
        ctx.addIssue({
          code: "custom",
          message: `the message has ${items} products; Meta allows ${L.productListItemsTotal} in total`,
          path: ["sections"],
        });
    }
    if (message.type === "template" && message.header?.type === "text" && message.header.text.length > L.templateHeaderText)
      ctx.addIssue({ code: "custom", message: `header parameter exceeds ${L.templateHeaderText} characters`, path: ["header"] });
  });

export type OutboundMessage = z.input<typeof outboundMessageSchema>;
export type ValidOutboundMessage = z.output<typeof outboundMessageSchema>;
export type OutboundMessageType = ValidOutboundMessage["type"];

/** A message that breaks Meta's rules, with every problem named; nothing was sent. */
export class InvalidMessageError extends Error {
  constructor(readonly problems: string[]) {
    super(`The message breaks WhatsApp's rules: ${problems.join("; ")}`);
    this.name = "InvalidMessageError";
  }
}

export function validateOutboundMessage(message: OutboundMessage): ValidOutboundMessage {
  const result = outboundMessageSchema.safeParse(message);
  if (!result.success) {
    throw new InvalidMessageError(
      result.error.issues.map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message)),
    );
  }
  return result.data;
}
