import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { env } from "~/config/env.server";

/**
 * Secrets at rest (provider credentials): AES-256-GCM with a random 96-bit IV, bound to the
 * row they belong to (associated data), and tagged with the id of the key that sealed them
 * so that keys can be rotated (ENCRYPTION_KEYS_PREVIOUS + `npm run keys:rotate`).
 */
export interface Sealed {
  keyId: string;
  /** base64(iv ‖ auth tag ‖ ciphertext) */
  blob: string;
}

export class SecretUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SecretUnavailableError";
  }
}

export function keyIdOf(key: Buffer): string {
  return createHash("sha256").update(key).digest("hex").slice(0, 12);
}

export interface Keyring {
  current: { id: string; key: Buffer };
  byId: Map<string, Buffer>;
}

/** The key that seals, and every key that may still open. */
export function keyringOf(currentKey: Buffer, previousKeys: Buffer[] = []): Keyring {
  const current = { id: keyIdOf(currentKey), key: currentKey };
  const byId = new Map<string, Buffer>([[current.id, current.key]]);
  for (const key of previousKeys) if (!byId.has(keyIdOf(key))) byId.set(keyIdOf(key), key);
  return { current, byId };
}

/** The keys of this deployment: ENCRYPTION_KEY and ENCRYPTION_KEYS_PREVIOUS. */
export function configuredKeyring(): Keyring {
  const config = env();
  return keyringOf(config.ENCRYPTION_KEY, config.ENCRYPTION_KEYS_PREVIOUS);
}

export function seal(plaintext: string, associatedData: string, { current }: Keyring = configuredKeyring()): Sealed {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", current.key, iv);
  cipher.setAAD(Buffer.from(associatedData, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return { keyId: current.id, blob: Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString("base64") };
}

export function open(sealed: Sealed, associatedData: string, keyring: Keyring = configuredKeyring()): string {
  const key = keyring.byId.get(sealed.keyId);
  if (!key) {
    throw new SecretUnavailableError(
      `Stored credentials were encrypted with key ${sealed.keyId}, which is not configured. Add it to ENCRYPTION_KEYS_PREVIOUS.`,
    );
  }
  const data = Buffer.from(sealed.blob, "base64");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, data.subarray(0, 12));
    decipher.setAAD(Buffer.from(associatedData, "utf8"));
    decipher.setAuthTag(data.subarray(12, 28));
    return Buffer.concat([decipher.update(data.subarray(28)), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretUnavailableError("Stored credentials could not be decrypted (tampered with, or sealed for another row).");
  }
}
