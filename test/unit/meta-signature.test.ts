import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { metaJson, signMetaBody, verifyMetaSignature } from "~/whatsapp/webhook/signature";

const secret = "meta-app-secret";
const sign = (bytes: Uint8Array) => `sha256=${createHmac("sha256", secret).update(bytes).digest("hex")}`;

describe("Meta's X-Hub-Signature-256", () => {
  const body = { entry: [{ changes: [{ value: { messages: [{ text: { body: "¿Dónde está mi pedido? 🚚 مرحبا" } }] } }] }] };
  // Meta escapes every non-ASCII character; the signature is over those exact bytes.
  const raw = new TextEncoder().encode(metaJson(body));

  it("escapes non-ASCII as Meta does", () => {
    expect(new TextDecoder().decode(raw)).toContain(
      "\\u00bfD\\u00f3nde est\\u00e1 mi pedido? \\ud83d\\ude9a \\u0645\\u0631\\u062d\\u0628\\u0627",
    );
    expect([...raw].every((byte) => byte < 0x80)).toBe(true);
  });

  it("passes for the bytes as received", () => {
    expect(verifyMetaSignature(raw, sign(raw), secret)).toBe(true);
    expect(verifyMetaSignature(raw, signMetaBody(raw, secret), secret)).toBe(true);
  });

  it("fails when the same JSON is re-serialised without the escapes", () => {
    const reserialised = new TextEncoder().encode(JSON.stringify(JSON.parse(new TextDecoder().decode(raw))));
    expect(verifyMetaSignature(reserialised, sign(raw), secret)).toBe(false);
  });

  it("fails for a single changed byte", () => {
    const tampered = raw.slice();
    tampered[40] ^= 0x01;
    expect(verifyMetaSignature(tampered, sign(raw), secret)).toBe(false);
  });

  it("fails without a header, with another algorithm, or with the wrong secret", () => {
    expect(verifyMetaSignature(raw, null, secret)).toBe(false);
    expect(verifyMetaSignature(raw, sign(raw).replace("sha256=", "sha1="), secret)).toBe(false);
    expect(verifyMetaSignature(raw, sign(raw).slice(0, -2), secret)).toBe(false);
    expect(verifyMetaSignature(raw, sign(raw), "another-secret")).toBe(false);
  });
});
