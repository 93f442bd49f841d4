import { afterAll, describe, expect, it } from "vitest";
import { startJourneyHarness } from "../support/journey-harness";
import { adminRequest } from "../support/admin";
import { switchToOwnDatabase } from "../support/own-database";
import { shopifyFixture } from "../support/shopify";
import { waitFor } from "../support/wait";

await switchToOwnDatabase("sending_rules");
const harness = await startJourneyHarness();
const { prisma } = harness;
const { action, loader } = await import("~/routes/app.settings");
afterAll(() => harness.stop());

const rules = {
  optInPolicy: "EXPLICIT",
  quietHoursStart: "22:30",
  quietHoursEnd: "08:00",
  timezone: "Europe/Madrid",
  marketingPerShopperPerDay: "1",
  codReminderHours: "0",
  throughputPerSecond: "40",
  suppressionDays: "14",
};
const save = async (domain: string, fields: Record<string, string>) =>
  action({
    request: await adminRequest(domain, "/app/settings", { method: "POST", body: new URLSearchParams({ intent: "rules", ...fields }) }),
    params: {},
    context: {},
  });

describe("the sending rules on the Settings page", () => {
  it("are saved for the staff's own shop only, and shown back as the form has them", async () => {
    const mine = await harness.installShop("rules");
    const other = await harness.installShop("rules-other");
    expect(await save(mine.domain, rules)).toMatchObject({ ok: true, intent: "rules" });

    expect(await prisma.shopSettings.findUniqueOrThrow({ where: { shopId: mine.shop.id } })).toMatchObject({
      quietHoursStart: 22 * 60 + 30,
      quietHoursEnd: 8 * 60,
      timezone: "Europe/Madrid",
      marketingPerShopperPerDay: 1,
      codReminderHours: 0,
      throughputPerSecond: 40,
      suppressionDays: 14,
    });
    expect(await prisma.shopSettings.findUniqueOrThrow({ where: { shopId: other.shop.id } })).toMatchObject({ throughputPerSecond: 80 });
    const page = await loader({ request: await adminRequest(mine.domain, "/app/settings"), params: {}, context: {} });
    expect(page.rules).toEqual(rules);
    expect(page.timeZones).toContain("America/Mexico_City");
  });

  it("refuse impossible values with a reason per field, and change nothing", async () => {
    const { domain, shop } = await harness.installShop("rules-bad");
    const before = await prisma.shopSettings.findUniqueOrThrow({ where: { shopId: shop.id } });
    const answer = await save(domain, {
      ...rules,
      optInPolicy: "ANYONE",
      quietHoursStart: "25:00",
      timezone: "Mars/Olympus_Mons",
      throughputPerSecond: "0",
      codReminderHours: "2.5",
    });
    expect(answer).toMatchObject({
      ok: false,
      fieldErrors: {
        optInPolicy: "Choose what counts as consent for order updates",
        quietHoursStart: "Use a time such as 21:00",
        timezone: "Choose a time zone from the list",
        throughputPerSecond: "Messages per second must be between 1 and 1000",
        codReminderHours: "The reminder delay must be a whole number",
      },
    });
    expect(await prisma.shopSettings.findUniqueOrThrow({ where: { shopId: shop.id } })).toEqual(before);
  });

  it("decide whether a phone given at checkout, without the app's opt-in, gets order updates", async () => {
    const { domain, number } = await harness.installShop("rules-policy");
    const order = (id: string) =>
      shopifyFixture("orders-create")
        .replaceAll("Cash on Delivery (COD)", "shopify_payments")
        .replace('[{"name":"whatsapp_opt_in","value":"true"}]', "[]")
        .replaceAll("820982911946154508", id);

    await harness.deliver(domain, "orders/create", order("7001"));
    const skipped = await waitFor(async () => {
      const event = await prisma.shopifyEvent.findFirst({ where: { shopDomain: domain, status: "PROCESSED" } });
      return event?.outcome;
    });
    expect(skipped).toMatch(/consent/);

    expect(
      await save(domain, { ...rules, optInPolicy: "CHECKOUT_DISCLOSED", quietHoursStart: "00:00", quietHoursEnd: "00:00" }),
    ).toMatchObject({
      ok: true,
    });
    await harness.deliver(domain, "orders/create", order("7002"));
    const [confirmation] = await waitFor(() => harness.sentTo(number).length === 1 && harness.sentTo(number), { what: "the confirmation" });
    expect(confirmation.body.template?.name).toBe("wj_order_confirmation");
  });
});
