import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { UltraMsgStandIn, type StandInInstance } from "~/sandbox/ultramsg-stand-in";
import { WhatsAppError } from "~/whatsapp/errors";
import { UltraMsgProvider } from "~/whatsapp/ultramsg/ultramsg-provider.server";

let ultramsg: UltraMsgStandIn;
let instance: StandInInstance;
let provider: UltraMsgProvider;

beforeAll(async () => {
  ultramsg = await UltraMsgStandIn.start();
  instance = ultramsg.addInstance({ token: "ultra-secret-token-42" });
  provider = new UltraMsgProvider({ instanceId: instance.instanceId, token: instance.token }, { apiUrl: ultramsg.url, timeoutMs: 300 });
});
afterAll(() => ultramsg.close());
beforeEach(() => {
  ultramsg.requests.length = 0;
  ultramsg.clearFaults();
  instance.status = "authenticated";
});

describe("the UltraMsg adapter", () => {
  it("says what it cannot do", () => {
    expect(provider.capabilities).toMatchObject({ templates: false, interactive: false, catalog: false, serviceWindow: false });
    expect(provider.capabilities.notes.join(" ")).toMatch(/arrive as text with links/);
  });

  it("sends text form-encoded with our id as the reference", async () => {
    const result = await provider.send({
      to: "+34612345678",
      message: { type: "text", body: "¡Tu pedido va en camino!" },
      callbackData: "msg-1",
    });
    expect(result.providerMessageId).toMatch(/^\d+$/);
    expect(ultramsg.requests[0].headers["content-type"]).toContain("application/x-www-form-urlencoded");
    expect(ultramsg.sentMessages()).toEqual([
      { endpoint: "chat", token: instance.token, to: "+34612345678", body: "¡Tu pedido va en camino!", referenceId: "msg-1" },
    ]);
  });

  it("sends an interactive message as readable text and says it degraded", async () => {
    const result = await provider.send({
      to: "+34612345678",
      message: {
        type: "buttons",
        body: "¿Confirmas tu pedido?",
        buttons: [
          { id: "yes", title: "Sí" },
          { id: "no", title: "No" },
        ],
      },
    });
    expect(result.degradedTo).toBe("text");
    expect(ultramsg.sentMessages()[0]).toMatchObject({ endpoint: "chat", body: expect.stringContaining("1. Sí\n2. No") });
  });

  it("sends documents and locations through their endpoints", async () => {
    await provider.send({
      to: "+34612345678",
      message: { type: "document", media: { link: "https://cdn.example.com/f.pdf" }, filename: "factura.pdf" },
    });
    await provider.send({ to: "+34612345678", message: { type: "location", latitude: 40.4168, longitude: -3.7038, name: "Tienda Sol" } });
    expect(ultramsg.sentMessages().map((m) => m.endpoint)).toEqual(["document", "location"]);
    expect(ultramsg.sentMessages()[1]).toMatchObject({ lat: "40.4168", lng: "-3.7038", address: "Tienda Sol" });
  });

  it("treats a failure reported inside a 200 body as a failure", async () => {
    instance.status = "qr";
    const error = (await provider.send({ to: "+34612345678", message: { type: "text", body: "hi" } }).catch((e) => e)) as WhatsAppError;
    expect(error).toBeInstanceOf(WhatsAppError);
    expect(error.errorClass).toBe("shop_level");
    expect(error.details.httpStatus).toBeUndefined();
    expect(ultramsg.sentMessages()).toHaveLength(0);
  });

  it("classifies a wrong token and an invalid number, without echoing the token", async () => {
    const wrong = new UltraMsgProvider({ instanceId: instance.instanceId, token: "not-the-token" }, { apiUrl: ultramsg.url });
    const tokenError = (await wrong.send({ to: "+34612345678", message: { type: "text", body: "hi" } }).catch((e) => e)) as WhatsAppError;
    expect(tokenError.errorClass).toBe("shop_level");
    expect(tokenError.message).not.toContain("not-the-token");

    ultramsg.failNext({ status: 200, body: { sent: "false", message: "invalid phone number, not on WhatsApp" } });
    const numberError = (await provider
      .send({ to: "+34612345678", message: { type: "text", body: "hi" } })
      .catch((e) => e)) as WhatsAppError;
    expect(numberError.errorClass).toBe("permanent_recipient");
  });

  it("reads the instance's number", async () => {
    expect(await provider.numberFacts()).toMatchObject({
      phoneNumberId: instance.instanceId,
      displayPhoneNumber: "+15550100177",
      verifiedName: "Demo Store",
    });
  });
});
