import { describe, expect, it } from "vitest";
import { WhatsAppError } from "~/whatsapp/errors";
import { validateOutboundMessage, type OutboundMessage } from "~/whatsapp/message";
import { ultraMsgSend } from "~/whatsapp/ultramsg/degrade";

const degrade = (message: OutboundMessage) => ultraMsgSend(validateOutboundMessage(message));

describe("UltraMsg, which cannot send interactive, catalog or template messages", () => {
  it("sends text and media as they are", () => {
    expect(degrade({ type: "text", body: "Hola" })).toEqual({ endpoint: "chat", params: { body: "Hola" }, degradedTo: undefined });
    expect(degrade({ type: "image", media: { link: "https://cdn.example.com/a.jpg" }, caption: "New!" })).toEqual({
      endpoint: "image",
      params: { image: "https://cdn.example.com/a.jpg", caption: "New!" },
    });
  });

  it("turns reply buttons into a numbered choice", () => {
    const sent = degrade({
      type: "buttons",
      body: "Confirm your cash-on-delivery order #1001?",
      buttons: [
        { id: "cod_confirm", title: "Confirm" },
        { id: "cod_cancel", title: "Cancel" },
      ],
    });
    expect(sent.endpoint).toBe("chat");
    expect(sent.degradedTo).toBe("text");
    expect(sent.params.body).toBe(
      "Confirm your cash-on-delivery order #1001?\n\n1. Confirm\n2. Cancel\nReply with the number of your choice.",
    );
  });

  it("numbers a list's rows across sections", () => {
    const sent = degrade({
      type: "list",
      body: "Pick a size",
      buttonLabel: "Sizes",
      sections: [
        { title: "Small", rows: [{ id: "s", title: "S", description: "36-38" }] },
        {
          title: "Large",
          rows: [
            { id: "l", title: "L" },
            { id: "xl", title: "XL" },
          ],
        },
      ],
    });
    expect(sent.params.body).toContain("*Small*\n1. S — 36-38");
    expect(sent.params.body).toContain("*Large*\n2. L\n3. XL");
  });

  it("sends a product as its picture with the text and link", () => {
    expect(
      degrade({
        type: "product",
        catalogId: "123",
        productRetailerId: "SKU-1",
        fallback: {
          text: "Trail Runner 2 — €89",
          url: "https://shop.example.com/products/trail-runner",
          imageUrl: "https://cdn.example.com/tr.jpg",
        },
      }),
    ).toEqual({
      endpoint: "image",
      params: { image: "https://cdn.example.com/tr.jpg", caption: "Trail Runner 2 — €89\nhttps://shop.example.com/products/trail-runner" },
      degradedTo: "image",
    });
  });

  it("sends a bare product link as a link with its preview", () => {
    expect(
      degrade({
        type: "product",
        catalogId: "1",
        productRetailerId: "SKU-1",
        fallback: { url: "https://shop.example.com/products/trail-runner" },
      }),
    ).toMatchObject({
      endpoint: "link",
      params: { link: "https://shop.example.com/products/trail-runner" },
    });
  });

  it("sends a template as its rendered text, and refuses one without it", () => {
    expect(
      degrade({
        type: "template",
        name: "order_confirmation",
        language: "es",
        body: [{ type: "text", text: "Ana" }],
        fallback: { text: "¡Hola Ana! Recibimos tu pedido #1001.", url: "https://shop.example.com/orders/1" },
      }).params.body,
    ).toBe("¡Hola Ana! Recibimos tu pedido #1001.\nhttps://shop.example.com/orders/1");
    expect(() => degrade({ type: "template", name: "order_confirmation", language: "es" })).toThrow(WhatsAppError);
    expect(() => degrade({ type: "template", name: "order_confirmation", language: "es" })).toThrow(/without its rendered text/);
  });

  it("refuses media given only as a WhatsApp media id", () => {
    expect(() => degrade({ type: "image", media: { id: "1234" } })).toThrow(/give a public link/);
  });
});
