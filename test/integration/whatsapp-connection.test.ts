import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MetaGraphStandIn, type StandInNumber } from "~/sandbox/meta-graph-stand-in";
import { UltraMsgStandIn, type StandInInstance } from "~/sandbox/ultramsg-stand-in";

// The app talks to the stand-ins wherever it would talk to Meta and UltraMsg.
const graph = await MetaGraphStandIn.start({ appSecret: process.env.WHATSAPP_APP_SECRET! });
const ultramsg = await UltraMsgStandIn.start();
process.env.WHATSAPP_GRAPH_URL = graph.url;
process.env.ULTRAMSG_API_URL = ultramsg.url;

const { prisma } = await import("~/db.server");
const { closeQueues } = await import("~/jobs/queues.server");
const connections = await import("~/models/whatsapp-connection.server");
const { action, loader } = await import("~/routes/app.settings");
const { keyringOf } = await import("~/security/encryption.server");
const { adminRequest } = await import("../support/admin");
const { installShop } = await import("../support/db");
const { uniqueShop } = await import("../support/shopify");

let number: StandInNumber;
let instance: StandInInstance;
beforeAll(() => {
  number = graph.addNumber({
    accessToken: "EAAG-good-token-abcdefghijklmnop",
    displayPhoneNumber: "+1 555-010-0199",
    verifiedName: "Trail Co",
    qualityRating: "YELLOW",
    messagingLimit: "TIER_10K",
  });
  instance = ultramsg.addInstance({ token: "ultra-token-123456", phone: "34612345678", name: "Tienda" });
});
afterAll(async () => {
  await closeQueues();
  await graph.close();
  await ultramsg.close();
});

const cloudInput = (overrides: Record<string, string> = {}) => ({
  provider: "CLOUD" as const,
  phoneNumberId: number.phoneNumberId,
  wabaId: number.wabaId,
  accessToken: number.accessToken,
  ...overrides,
});

async function newShop(label: string) {
  const domain = uniqueShop(label);
  return { domain, shop: await installShop(domain) };
}

describe("connecting a shop to WhatsApp", () => {
  it("with the Cloud API checks the token with Meta, stores it encrypted and shows the number's facts", async () => {
    const { shop } = await newShop("cloud");

    const view = await connections.connectWhatsApp(shop.id, cloudInput());

    expect(view).toMatchObject({
      provider: "CLOUD",
      active: true,
      status: "CONNECTED",
      displayPhoneNumber: "+1 555-010-0199",
      verifiedName: "Trail Co",
      qualityRating: "YELLOW",
      messagingLimit: "TIER_10K",
    });
    expect(JSON.stringify(view)).not.toContain(number.accessToken);
    const row = await prisma.whatsAppConnection.findFirstOrThrow({ where: { shopId: shop.id } });
    expect(row.credentials).not.toContain(number.accessToken);
    expect(Buffer.from(row.credentials, "base64").toString("latin1")).not.toContain("good-token");
    const active = await connections.activeWhatsAppProvider(shop.id);
    expect(active?.provider.kind).toBe("CLOUD");
  });

  it("with a bad token gives staff a clear error and stores nothing", async () => {
    const { shop } = await newShop("bad-token");

    const error = await connections.connectWhatsApp(shop.id, cloudInput({ accessToken: "EAAG-wrong-token-zzzzzzzzzzzz" })).catch((e) => e);

    expect(error).toBeInstanceOf(connections.ConnectionFailedError);
    expect(error.message).toBe(
      "WhatsApp refused the connection: Access token invalid or missing permission (190). The access token expired, was revoked or lacks permission. Reconnect WhatsApp in Settings with a new token.",
    );
    expect(error.field).toBe("accessToken");
    expect(error.message).not.toContain("EAAG-wrong-token");
    expect(await prisma.whatsAppConnection.count({ where: { shopId: shop.id } })).toBe(0);
    expect((await prisma.shopSettings.findUnique({ where: { shopId: shop.id } }))?.whatsappProvider).toBeNull();
  });

  it("with a phone number id Meta does not know says so and stores nothing", async () => {
    const { shop } = await newShop("bad-number");
    const error = await connections.connectWhatsApp(shop.id, cloudInput({ phoneNumberId: "999999999" })).catch((e) => e);
    expect(error.message).toMatch(/^WhatsApp refused the connection: A required parameter is missing or invalid \(100\)/);
    expect(await prisma.whatsAppConnection.count({ where: { shopId: shop.id } })).toBe(0);
  });

  it("refuses a number already connected to another store", async () => {
    const first = await newShop("first");
    const second = await newShop("second");
    const other = graph.addNumber({ accessToken: "EAAG-other-token-abcdefghijkl" });
    await connections.connectWhatsApp(
      first.shop.id,
      cloudInput({ phoneNumberId: other.phoneNumberId, wabaId: other.wabaId, accessToken: other.accessToken }),
    );

    const error = await connections
      .connectWhatsApp(
        second.shop.id,
        cloudInput({ phoneNumberId: other.phoneNumberId, wabaId: other.wabaId, accessToken: other.accessToken }),
      )
      .catch((e) => e);
    expect(error.message).toMatch(/already connected to another store/);
  });

  it("with UltraMsg checks the instance and tells a logged-out one apart", async () => {
    const { shop } = await newShop("ultramsg");
    const view = await connections.connectWhatsApp(shop.id, {
      provider: "ULTRAMSG",
      instanceId: instance.instanceId,
      token: instance.token,
    });
    expect(view).toMatchObject({ provider: "ULTRAMSG", displayPhoneNumber: "+34612345678", verifiedName: "Tienda" });
    expect(view.webhookPath).toMatch(/^\/webhooks\/ultramsg\/[0-9a-f]{48}$/);

    const loggedOut = ultramsg.addInstance({ token: "ultra-token-logged-out", status: "qr" });
    const { shop: other } = await newShop("ultramsg-qr");
    const error = await connections
      .connectWhatsApp(other.id, { provider: "ULTRAMSG", instanceId: loggedOut.instanceId, token: loggedOut.token })
      .catch((e) => e);
    expect(error.message).toMatch(/UltraMsg instance not usable/);
    expect(error.message).toMatch(/logged out of WhatsApp/);
  });

  it("can switch to the sandbox at any time and back to the saved Cloud number", async () => {
    const { shop } = await newShop("switch");
    const n = graph.addNumber({ accessToken: "EAAG-switch-token-abcdefghijk" });
    await connections.connectWhatsApp(
      shop.id,
      cloudInput({ phoneNumberId: n.phoneNumberId, wabaId: n.wabaId, accessToken: n.accessToken }),
    );

    const sandbox = await connections.switchWhatsAppProvider(shop.id, "SANDBOX");
    expect(sandbox).toMatchObject({ provider: "SANDBOX", active: true, qualityRating: "GREEN" });
    expect((await connections.activeWhatsAppProvider(shop.id))?.provider.kind).toBe("SANDBOX");

    await connections.switchWhatsAppProvider(shop.id, "CLOUD");
    expect((await connections.activeWhatsAppProvider(shop.id))?.provider.kind).toBe("CLOUD");
    expect((await connections.listWhatsAppConnections(shop.id)).map((c) => [c.provider, c.active])).toEqual([
      ["CLOUD", true],
      ["SANDBOX", false],
    ]);
    await expect(connections.switchWhatsAppProvider(shop.id, "ULTRAMSG")).rejects.toThrow(/Connect UltraMsg first/);
  });

  it("re-encrypts credentials with a new key after a rotation", async () => {
    const { shop } = await newShop("rotate");
    const n = graph.addNumber({ accessToken: "EAAG-rotate-token-abcdefghijk" });
    await connections.connectWhatsApp(
      shop.id,
      cloudInput({ phoneNumberId: n.phoneNumberId, wabaId: n.wabaId, accessToken: n.accessToken }),
    );
    const before = await prisma.whatsAppConnection.findFirstOrThrow({ where: { shopId: shop.id } });

    const current = Buffer.from(process.env.ENCRYPTION_KEY!, "base64");
    const rotated = keyringOf(Buffer.alloc(32, 9), [current]);
    expect(await connections.resealCredentials(rotated)).toBeGreaterThanOrEqual(1);

    const after = await prisma.whatsAppConnection.findFirstOrThrow({ where: { shopId: shop.id } });
    expect(after.credentialsKeyId).toBe(rotated.current.id);
    expect(after.credentials).not.toBe(before.credentials);
    expect(await connections.resealCredentials(rotated)).toBe(0);
  });
});

describe("the settings page", () => {
  const post = async (shop: string, fields: Record<string, string>) =>
    action({
      request: await adminRequest(shop, "/app/settings", { method: "POST", body: new URLSearchParams(fields) }),
      params: {},
      context: {},
    });

  it("connects with valid credentials and lists only the authenticated shop's connections", async () => {
    const { domain } = await newShop("page");
    const { domain: neighbour, shop: neighbourShop } = await newShop("page-neighbour");
    await connections.connectWhatsApp(neighbourShop.id, { provider: "SANDBOX" });
    const n = graph.addNumber({ accessToken: "EAAG-page-token-abcdefghijklm" });

    const result = await post(domain, {
      intent: "connect",
      provider: "CLOUD",
      phoneNumberId: n.phoneNumberId,
      wabaId: n.wabaId,
      accessToken: n.accessToken,
    });
    expect(result).toMatchObject({ ok: true, intent: "connect", message: "Connected +1 555-010-0199 through WhatsApp Cloud API (Meta)." });
    expect(JSON.stringify(result)).not.toContain(n.accessToken);

    const data = await loader({ request: await adminRequest(domain, "/app/settings"), params: {}, context: {} });
    expect(data.connections.map((c) => c.provider)).toEqual(["CLOUD"]);
    expect(JSON.stringify(data)).not.toContain(n.accessToken);
    const neighbourData = await loader({ request: await adminRequest(neighbour, "/app/settings"), params: {}, context: {} });
    expect(neighbourData.connections.map((c) => c.provider)).toEqual(["SANDBOX"]);
  });

  it("shows field errors for malformed input and stores nothing", async () => {
    const { domain, shop } = await newShop("page-invalid");
    const result = await post(domain, { intent: "connect", provider: "CLOUD", phoneNumberId: "abc", wabaId: "", accessToken: "short" });
    expect(result).toMatchObject({
      ok: false,
      fieldErrors: {
        phoneNumberId: expect.stringMatching(/digits only/),
        wabaId: expect.stringMatching(/digits only/),
        accessToken: expect.stringMatching(/whole access token/),
      },
    });
    expect(await prisma.whatsAppConnection.count({ where: { shopId: shop.id } })).toBe(0);
  });

  it("tests a connection without saving it", async () => {
    const { domain, shop } = await newShop("page-test");
    const result = await post(domain, { intent: "test", ...cloudInput() });
    expect(result).toMatchObject({ ok: true, intent: "test", facts: { displayPhoneNumber: "+1 555-010-0199", qualityRating: "YELLOW" } });
    expect(await prisma.whatsAppConnection.count({ where: { shopId: shop.id } })).toBe(0);
  });

  it("explains a refused token on the page", async () => {
    const { domain } = await newShop("page-refused");
    const result = await post(domain, { intent: "connect", ...cloudInput({ accessToken: "EAAG-not-valid-at-all-zzzz" }) });
    expect(result).toMatchObject({
      ok: false,
      message: expect.stringMatching(/Reconnect WhatsApp in Settings with a new token/),
      fieldErrors: { accessToken: expect.any(String) },
    });
  });
});
