/**
 * `npm run keys:rotate`: re-encrypts stored credentials with the current ENCRYPTION_KEY.
 * Rotation: move the old key to ENCRYPTION_KEYS_PREVIOUS, set a new ENCRYPTION_KEY, deploy,
 * run this, then drop the old key once it reports nothing left to re-encrypt.
 */
import { assertReadyToStart } from "~/config/startup.server";

await assertReadyToStart("Key rotation");
const { resealCredentials } = await import("~/models/whatsapp-connection.server");
const { prisma } = await import("~/db.server");
const count = await resealCredentials();
process.stdout.write(
  count
    ? `Re-encrypted the credentials of ${count} connection(s) with the current key.\n`
    : "Nothing to re-encrypt: every credential uses the current key.\n",
);
await prisma.$disconnect();
