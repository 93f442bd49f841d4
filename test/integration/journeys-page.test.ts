import { afterAll, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { closeQueues } from "~/jobs/queues.server";
import { createTemplate } from "~/models/template.server";
import { action, loader } from "~/routes/app.journeys";
import { starterLibrary } from "~/domain/starter-templates";
import { adminRequest } from "../support/admin";
import { installShop } from "../support/db";
import { uniqueShop } from "../support/shopify";

afterAll(closeQueues);

const starter = starterLibrary("trail.example.com").find((t) => t.step === "shipped")!;
const post = async (shop: string, fields: Record<string, string>) =>
  action({
    request: await adminRequest(shop, "/app/journeys", { method: "POST", body: new URLSearchParams(fields) }),
    params: {},
    context: {},
  });

describe("the journeys page", () => {
  it("lists every journey step with the shop's own templates", async () => {
    const domain = uniqueShop("journeys");
    const shop = await installShop(domain);
    const other = await installShop(uniqueShop("journeys-other"));
    await createTemplate(shop.id, {
      name: starter.name,
      category: starter.category,
      purposes: [starter.step],
      language: "en",
      content: starter.variants.en,
      bindings: starter.bindings,
    });
    await createTemplate(other.id, {
      name: "not_mine",
      category: "UTILITY",
      purposes: ["shipped"],
      language: "en",
      content: starter.variants.en,
    });

    const data = await loader({ request: await adminRequest(domain, "/app/journeys"), params: {}, context: {} });

    expect(data.steps.map((s) => s.step)).toEqual([
      "order_confirmation",
      "cod_confirmation",
      "shipped",
      "out_for_delivery",
      "delivered",
      "delivery_failed",
      "back_in_stock",
    ]);
    expect(data.steps.every((s) => !s.enabled)).toBe(true);
    expect(data.templates.map((t) => t.name)).toEqual(["wj_shipped"]);
    expect(data.templates[0].variables).toEqual({
      header: [],
      body: ["first_name", "order_name", "tracking_company"],
      buttons: [{ index: "0", label: "Track package" }],
    });
    expect(data.steps.find((s) => s.step === "shipped")!.fields.map((f) => f.key)).toContain("tracking_path");
  });

  it("switches a journey on with its template and bindings, and refuses another shop's template", async () => {
    const domain = uniqueShop("journeys-save");
    const shop = await installShop(domain);
    const template = await createTemplate(shop.id, {
      name: starter.name,
      category: starter.category,
      purposes: [starter.step],
      language: "en",
      content: starter.variants.en,
    });
    const bindings = {
      header: {},
      body: { first_name: { field: "first_name", fallback: "there" } },
      buttons: { "0": { field: "tracking_path" } },
    };

    const saved = await post(domain, { step: "shipped", enabled: "true", templateId: template.id, bindings: JSON.stringify(bindings) });
    expect(saved).toEqual({ ok: true, step: "shipped", message: "Shipped saved and on." });
    expect(await prisma.journeyMapping.findUniqueOrThrow({ where: { shopId_step: { shopId: shop.id, step: "shipped" } } })).toMatchObject({
      enabled: true,
      templateId: template.id,
      bindings,
    });

    const foreign = await createTemplate((await installShop(uniqueShop("journeys-foreign"))).id, {
      name: "foreign",
      category: "UTILITY",
      purposes: [],
      language: "en",
      content: starter.variants.en,
    });
    expect(await post(domain, { step: "delivered", enabled: "true", templateId: foreign.id, bindings: "{}" })).toEqual({
      ok: false,
      step: "delivered",
      message: "That template does not exist in this shop.",
    });
    expect(await post(domain, { step: "delivered", enabled: "true", templateId: "", bindings: "{}" })).toMatchObject({
      ok: false,
      message: "Choose a template before switching the journey on.",
    });
    expect(await post(domain, { step: "teleport", enabled: "true", templateId: "", bindings: "{}" })).toMatchObject({ ok: false });
    expect(await prisma.journeyMapping.count({ where: { shopId: shop.id } })).toBe(1);
  });
});
