import type { MediaRef, TemplateButtonParameter, TemplateParameter, ValidOutboundMessage } from "../message";

/**
 * Builds the JSON body of `POST /{phone-number-id}/messages` for a validated message, exactly
 * as Meta's Cloud API documents it. Pure, so every shape is checked against fixtures.
 */
type Json = Record<string, unknown>;

const media = (ref: MediaRef, extra: Json = {}): Json => ({ ...ref, ...extra });
const defined = (object: Json): Json => Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined));

type InteractiveHeader = NonNullable<Extract<ValidOutboundMessage, { type: "buttons" }>["header"]>;

function interactiveHeader(header: InteractiveHeader | undefined): Json | undefined {
  if (!header) return undefined;
  if (header.type === "text") return { type: "text", text: header.text };
  return { type: header.type, [header.type]: media(header.media) };
}

/** An interactive message: its kind, optional header, body and footer, and the kind's action. */
function interactive(type: string, message: { header?: InteractiveHeader; body?: string; footer?: string }, action: Json): Json {
  return {
    type: "interactive",
    interactive: defined({
      type,
      header: interactiveHeader(message.header),
      body: message.body ? { text: message.body } : undefined,
      footer: message.footer ? { text: message.footer } : undefined,
      action,
    }),
  };
}

function templateParameterJson(parameter: TemplateParameter): Json {
  switch (parameter.type) {
    case "text":
      return defined({ type: "text", parameter_name: parameter.name, text: parameter.text });
    case "currency":
      return defined({
        type: "currency",
        parameter_name: parameter.name,
        currency: { fallback_value: parameter.fallback, code: parameter.code, amount_1000: parameter.amount1000 },
      });
    case "date_time":
      return defined({ type: "date_time", parameter_name: parameter.name, date_time: { fallback_value: parameter.fallback } });
    case "location":
      return {
        type: "location",
        location: defined({
          latitude: parameter.latitude,
          longitude: parameter.longitude,
          name: parameter.name,
          address: parameter.address,
        }),
      };
    default:
      return {
        type: parameter.type,
        [parameter.type]: media(
          parameter.media,
          parameter.type === "document" && parameter.filename ? { filename: parameter.filename } : {},
        ),
      };
  }
}

function templateButtonJson(button: TemplateButtonParameter): Json {
  const base = { type: "button", sub_type: button.subType, index: String(button.index) };
  switch (button.subType) {
    case "quick_reply":
      return { ...base, parameters: [{ type: "payload", payload: button.payload }] };
    case "url":
      return { ...base, parameters: [{ type: "text", text: button.text }] };
    case "copy_code":
      return { ...base, parameters: [{ type: "coupon_code", coupon_code: button.couponCode }] };
    case "catalog":
      return {
        ...base,
        parameters: [{ type: "action", action: defined({ thumbnail_product_retailer_id: button.thumbnailProductRetailerId }) }],
      };
    case "mpm":
      return {
        ...base,
        parameters: [
          {
            type: "action",
            action: defined({
              thumbnail_product_retailer_id: button.thumbnailProductRetailerId,
              sections: button.sections.map((section) => ({
                title: section.title,
                product_items: section.productRetailerIds.map((id) => ({ product_retailer_id: id })),
              })),
            }),
          },
        ],
      };
  }
}

function content(message: ValidOutboundMessage): Json {
  switch (message.type) {
    case "text":
      return { type: "text", text: defined({ preview_url: message.previewUrl, body: message.body }) };
    case "image":
    case "video":
      return { type: message.type, [message.type]: media(message.media, defined({ caption: message.caption })) };
    case "audio":
    case "sticker":
      return { type: message.type, [message.type]: media(message.media) };
    case "document":
      return {
        type: "document",
        document: media(message.media, defined({ caption: message.caption, filename: message.filename })),
      };
    case "location":
      return {
        type: "location",
        location: defined({ latitude: message.latitude, longitude: message.longitude, name: message.name, address: message.address }),
      };
    case "reaction":
      return { type: "reaction", reaction: { message_id: message.messageId, emoji: message.emoji } };
    case "buttons":
      return interactive("button", message, {
        buttons: message.buttons.map((b) => ({ type: "reply", reply: { id: b.id, title: b.title } })),
      });
    case "list":
      return interactive("list", message, {
        button: message.buttonLabel,
        sections: message.sections.map((section) =>
          defined({
            title: section.title,
            rows: section.rows.map((row) => defined({ id: row.id, title: row.title, description: row.description })),
          }),
        ),
      });
    case "product":
      return interactive("product", message, { catalog_id: message.catalogId, product_retailer_id: message.productRetailerId });
    case "product_list":
      return interactive(
        "product_list",
        { ...message, header: { type: "text", text: message.header } },
        {
          catalog_id: message.catalogId,
          sections: message.sections.map((section) => ({
            title: section.title,
            product_items: section.productRetailerIds.map((id) => ({ product_retailer_id: id })),
          })),
        },
      );
    case "catalog":
      return interactive("catalog_message", message, {
        name: "catalog_message",
        ...(message.thumbnailProductRetailerId
          ? { parameters: { thumbnail_product_retailer_id: message.thumbnailProductRetailerId } }
          : {}),
      });
    case "template": {
      const components: Json[] = [];
      if (message.header) components.push({ type: "header", parameters: [templateParameterJson(message.header)] });
      if (message.body.length) components.push({ type: "body", parameters: message.body.map(templateParameterJson) });
      components.push(...message.buttons.map(templateButtonJson));
      return {
        type: "template",
        template: defined({
          name: message.name,
          language: { code: message.language },
          components: components.length ? components : undefined,
        }),
      };
    }
  }
}

export function cloudMessagePayload(to: string, message: ValidOutboundMessage, callbackData?: string): Json {
  return defined({
    messaging_product: "whatsapp",
    recipient_type: "individual",
    to,
    context: message.replyToMessageId ? { message_id: message.replyToMessageId } : undefined,
    biz_opaque_callback_data: callbackData,
    ...content(message),
  });
}

export function cloudMarkReadPayload(messageId: string, typingIndicator = false): Json {
  return defined({
    messaging_product: "whatsapp",
    status: "read",
    message_id: messageId,
    typing_indicator: typingIndicator ? { type: "text" } : undefined,
  });
}
