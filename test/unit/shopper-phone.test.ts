import { describe, expect, it } from "vitest";
import { starterLibrary } from "~/domain/starter-templates";
import { templateMessage } from "~/domain/template-content";
import { phoneBubble, tapReply, type KeptMessage } from "~/sandbox/shopper-phone";
import { validateOutboundMessage, type OutboundMessage } from "~/whatsapp/message";

const starter = (step: string) => starterLibrary("trail.example.com").find((t) => t.step === step)!;
const toShopper = (message: OutboundMessage, wamid = "wamid.SANDBOX.1"): KeptMessage => ({
  wamid,
  direction: "TO_SHOPPER",
  type: message.type,
  content: validateOutboundMessage(message),
  createdAt: new Date("2026-11-25T10:00:00Z"),
});

describe("the sandbox shopper phone", () => {
  const cod = starter("cod_confirmation").variants.es;
  const codSend = templateMessage(
    cod,
    { providerName: "wj_cod_confirmation", language: "es" },
    {
      body: { first_name: "Lucía", order_name: "#1001", order_total: "45,00 €" },
      quickReplyPayloads: { 0: "cod_confirm:1001", 1: "cod_cancel:1001" },
    },
  );

  it("shows a template as the shopper reads it, with the values that were sent and its buttons", () => {
    const bubble = phoneBubble(toShopper(codSend), cod, "delivered");
    expect(bubble).toMatchObject({ from: "shop", status: "delivered", links: [] });
    expect(bubble.text).toBe(
      "Hola Lucía, elegiste pago contra entrega para el pedido #1001 con un total de 45,00 €. Confírmalo abajo para que podamos preparar tu paquete.",
    );
    expect(bubble.choices).toEqual([
      { index: 0, title: "Confirmar pedido" },
      { index: 1, title: "Cancelar pedido" },
    ]);
  });

  it("taps a quick reply as WhatsApp reports it: the payload the send gave, the button's text", () => {
    expect(tapReply(toShopper(codSend), cod, 1)).toEqual({
      type: "quick_reply",
      payload: "cod_cancel:1001",
      text: "Cancelar pedido",
      replyTo: "wamid.SANDBOX.1",
    });
    expect(tapReply(toShopper(codSend), cod, 2)).toBeNull(); // no third button: a forged tap sends nothing
  });

  it("fills a tracking button's link with the suffix that was sent", () => {
    const shipped = starter("shipped").variants.en;
    const send = templateMessage(
      shipped,
      { providerName: "wj_shipped", language: "en" },
      { body: { first_name: "Sam", order_name: "#1002", tracking_company: "DHL" }, buttons: { 0: "apps/wj/t/42" } },
    );
    const bubble = phoneBubble(toShopper(send), shipped);
    expect(bubble.links).toEqual([{ title: "Track package", url: "https://trail.example.com/apps/wj/t/42" }]);
    expect(bubble.choices).toEqual([]);
  });

  it("shows a template the app no longer holds by the text it sent", () => {
    expect(phoneBubble(toShopper(codSend)).text).toBe(codSend.fallback!.text);
    expect(tapReply(toShopper(codSend), undefined, 0)).toBeNull();
  });

  it("answers reply buttons and list rows with the ids the shop gave them", () => {
    const buttons = toShopper({
      type: "buttons",
      body: "¿Te avisamos cuando vuelva?",
      buttons: [
        { id: "bis_subscribe:42", title: "Avísame" },
        { id: "bis_decline", title: "No, gracias" },
      ],
    });
    expect(phoneBubble(buttons).choices.map((c) => c.title)).toEqual(["Avísame", "No, gracias"]);
    expect(tapReply(buttons, undefined, 0)).toEqual({
      type: "button_reply",
      id: "bis_subscribe:42",
      title: "Avísame",
      replyTo: buttons.wamid,
    });

    const list = toShopper({
      type: "list",
      body: "Pick a size",
      buttonLabel: "Sizes",
      sections: [
        { title: "EU", rows: [{ id: "size:41", title: "41" }] },
        { title: "US", rows: [{ id: "size:9", title: "9", description: "Men's" }] },
      ],
    });
    expect(phoneBubble(list).choices).toEqual([
      { index: 0, title: "41" },
      { index: 1, title: "9", description: "Men's" },
    ]);
    expect(tapReply(list, undefined, 1)).toMatchObject({ type: "list_reply", id: "size:9", title: "9" });
  });

  it("shows what the shopper sent on their own side, and offers nothing to tap on it", () => {
    const tapped: KeptMessage = {
      wamid: "wamid.SANDBOX.IN.1",
      direction: "FROM_SHOPPER",
      type: "button",
      content: { type: "button", button: { payload: "cod_confirm:1001", text: "Confirmar pedido" } },
      createdAt: new Date(),
    };
    expect(phoneBubble(tapped)).toMatchObject({ from: "shopper", text: "Confirmar pedido", choices: [] });
    expect(tapReply(tapped, undefined, 0)).toBeNull();
  });
});
