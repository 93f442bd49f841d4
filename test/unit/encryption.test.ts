import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { keyIdOf, keyringOf, open, seal, SecretUnavailableError } from "~/security/encryption.server";

const oldKey = randomBytes(32);
const newKey = randomBytes(32);
const secret = JSON.stringify({ accessToken: "EAAG-very-secret-token" });

describe("credentials at rest", () => {
  it("are sealed with AES-256-GCM and the key's id, and open again", () => {
    const keys = keyringOf(oldKey);
    const sealed = seal(secret, "shop-a", keys);

    expect(sealed.keyId).toBe(keyIdOf(oldKey));
    expect(Buffer.from(sealed.blob, "base64").toString("latin1")).not.toContain("very-secret");
    expect(open(sealed, "shop-a", keys)).toBe(secret);
    expect(seal(secret, "shop-a", keys).blob).not.toBe(sealed.blob); // a fresh IV each time
  });

  it("cannot be opened for another row or after tampering", () => {
    const keys = keyringOf(oldKey);
    const sealed = seal(secret, "shop-a", keys);
    expect(() => open(sealed, "shop-b", keys)).toThrow(SecretUnavailableError);
    const bytes = Buffer.from(sealed.blob, "base64");
    bytes[bytes.length - 1] ^= 1;
    expect(() => open({ ...sealed, blob: bytes.toString("base64") }, "shop-a", keys)).toThrow(/could not be decrypted/);
  });

  it("survive a key rotation: the retired key still opens, the new key seals", () => {
    const sealedBefore = seal(secret, "shop-a", keyringOf(oldKey));
    const rotated = keyringOf(newKey, [oldKey]);

    expect(open(sealedBefore, "shop-a", rotated)).toBe(secret);
    expect(seal(secret, "shop-a", rotated).keyId).toBe(keyIdOf(newKey));
  });

  it("say which key is missing, without showing any key", () => {
    const sealed = seal(secret, "shop-a", keyringOf(oldKey));
    const error = (() => {
      try {
        open(sealed, "shop-a", keyringOf(newKey));
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error?.message).toContain(`key ${keyIdOf(oldKey)}`);
    expect(error?.message).toContain("ENCRYPTION_KEYS_PREVIOUS");
    expect(error?.message).not.toContain(oldKey.toString("base64"));
  });
});
