import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MetaGraphStandIn } from "~/sandbox/meta-graph-stand-in";
import type { TemplateContent } from "~/domain/template-content";

const graph = await MetaGraphStandIn.start({ appSecret: process.env.WHATSAPP_APP_SECRET! });
process.env.WHATSAPP_GRAPH_URL = graph.url;

const { prisma } = await import("~/db.server");
const { closeQueues } = await import("~/jobs/queues.server");
const { createTemplate } = await import("~/models/template.server");
const { connectWhatsApp } = await import("~/models/whatsapp-connection.server");
const editor = await import("~/routes/app.templates.$id");
const list = await import("~/routes/app.templates._index");
const creation = await import("~/routes/app.templates.new");
const { adminRequest } = await import("../support/admin");
const { installShop } = await import("../support/db");
const { uniqueShop } = await import("../support/shopify");

afterAll(async () => {
  await closeQueues();
  await graph.close();
});

const valid: TemplateContent = {
  parameterFormat: "named",
  body: "Hi {{first_name}}, your order {{order_name}} is on its way to you now. Follow it below.",
  buttons: [{ type: "URL", text: "Track package", url: "https://trail.example.com/apps/whatsapp/{{1}}" }],
  examples: { header: {}, body: { first_name: "Ana", order_name: "#1001" }, buttons: { "0": "t/1" } },
};

let shop: { id: string; domain: string };
let neighbour: { id: string; domain: string };
let templateId: string;

beforeAll(async () => {
  shop = await installShop(uniqueShop("editor"));
  neighbour = await installShop(uniqueShop("editor-neighbour"));
  const number = graph.addNumber({ accessToken: "EAAG-editor-token-abcdefghijk" });
  await connectWhatsApp(shop.id, {
    provider: "CLOUD",
    phoneNumberId: number.phoneNumberId,
    wabaId: number.wabaId,
    accessToken: number.accessToken,
  });
  templateId = (
    await createTemplate(shop.id, { name: "editor_shipped", category: "UTILITY", purposes: ["shipped"], language: "en", content: valid })
  ).id;
});

const load = async (domain: string, id: string, lang = "") =>
  editor.loader({ request: await adminRequest(domain, `/app/templates/${id}${lang ? `?lang=${lang}` : ""}`), params: { id }, context: {} });
const act = async (domain: string, id: string, fields: Record<string, string>) =>
  editor.action({
    request: await adminRequest(domain, `/app/templates/${id}`, { method: "POST", body: new URLSearchParams(fields) }),
    params: { id },
    context: {},
  });

describe("the template editor", () => {
  it("loads the template with its lint, fields for its journey, and cost class", async () => {
    const data = await load(shop.domain, templateId);
    expect(data).toMatchObject({
      template: { name: "editor_shipped", category: "UTILITY", purposes: ["shipped"] },
      language: "en",
      latestStatus: "DRAFT",
      issues: [],
      provider: { kind: "CLOUD", templates: true },
      cost: expect.stringMatching(/^Utility: free when the customer wrote/),
    });
    expect(data.fields.map((f) => f.key)).toContain("tracking_company");
    expect(data.fields.map((f) => f.key)).not.toContain("product_title");
  });

  it("is not there for another shop", async () => {
    const outcome = await load(neighbour.domain, templateId).catch((thrown) => thrown);
    expect(outcome).toBeInstanceOf(Response);
    expect((outcome as Response).status).toBe(404);
    const posted = await act(neighbour.domain, templateId, { intent: "delete" }).catch((thrown) => thrown);
    expect((posted as Response).status).toBe(404);
    expect(await prisma.template.count({ where: { id: templateId } })).toBe(1);
  });

  it("saves and submits a valid template", async () => {
    const saved = await act(shop.domain, templateId, {
      intent: "save",
      language: "en",
      content: JSON.stringify({ ...valid, footer: "Reply here for help" }),
    });
    expect(saved).toMatchObject({ ok: true, message: "Draft saved.", issues: [] });

    const submitted = await act(shop.domain, templateId, {
      intent: "submit",
      language: "en",
      content: JSON.stringify({ ...valid, footer: "Reply here for help" }),
    });
    expect(submitted).toMatchObject({ ok: true, message: expect.stringMatching(/^Submitted to Meta for review/) });
    expect(graph.templates.find((t) => t.name === "editor_shipped")).toMatchObject({
      status: "PENDING",
      components: expect.arrayContaining([{ type: "FOOTER", text: "Reply here for help" }]),
    });
    expect((await load(shop.domain, templateId)).latestStatus).toBe("SUBMITTED");
  });

  it("refuses an invalid template with the linter's reasons, and submits nothing", async () => {
    const broken = { ...valid, body: "{{first_name}}{{order_name}}", examples: { ...valid.examples, body: {} } };
    const before = graph.templates.length;
    const result = await act(shop.domain, templateId, { intent: "submit", language: "en", content: JSON.stringify(broken) });
    expect(result).toMatchObject({ ok: false, message: "Fix the problems the checker found before submitting." });
    const codes = (result as { issues: { code: string }[] }).issues.map((i) => i.code);
    expect(codes).toEqual(expect.arrayContaining(["variable-at-start", "adjacent-variables", "missing-example"]));
    expect(graph.templates.length).toBe(before);
  });

  it("shows field errors for a malformed form", async () => {
    const result = await act(shop.domain, templateId, { intent: "save", language: "english", content: "{not json" });
    expect(result).toMatchObject({
      ok: false,
      fieldErrors: { language: "Pick a language.", content: expect.stringMatching(/reload the page/) },
    });
  });

  it("adds a language, copied from the first, and redirects to it", async () => {
    const response = (await act(shop.domain, templateId, { intent: "add_language", language: "pt_BR" })) as Response;
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/app/templates/${templateId}?lang=pt_BR`);
    expect((await load(shop.domain, templateId, "pt_BR")).languages.map((l) => l.language)).toEqual(["en", "pt_BR"]);
  });
});

describe("the template list and the new-template form", () => {
  it("lists only the shop's templates, filtered by status, language and journey", async () => {
    const other = await createTemplate(neighbour.id, {
      name: "neighbours_template",
      category: "MARKETING",
      purposes: ["back_in_stock"],
      language: "es",
      content: valid,
    });
    void other;
    const all = await list.loader({ request: await adminRequest(shop.domain, "/app/templates"), params: {}, context: {} });
    expect(all.templates.map((t) => t.name)).toEqual(["editor_shipped"]);
    const none = await list.loader({
      request: await adminRequest(shop.domain, "/app/templates?step=back_in_stock"),
      params: {},
      context: {},
    });
    expect(none.templates).toEqual([]);
    const inReview = await list.loader({
      request: await adminRequest(shop.domain, "/app/templates?status=SUBMITTED&language=en"),
      params: {},
      context: {},
    });
    expect(inReview.templates.map((t) => t.name)).toEqual(["editor_shipped"]);
  });

  it("creates a template and opens it; a bad name gets an inline error", async () => {
    const post = async (fields: [string, string][]) =>
      creation.action({
        request: await adminRequest(shop.domain, "/app/templates/new", { method: "POST", body: new URLSearchParams(fields) }),
        params: {},
        context: {},
      });
    const response = (await post([
      ["name", "cod_reminder"],
      ["category", "UTILITY"],
      ["purposes", "cod_confirmation"],
      ["language", "es"],
      ["parameterFormat", "named"],
    ])) as Response;
    expect(response.status).toBe(302);
    const created = await prisma.template.findUniqueOrThrow({ where: { shopId_name: { shopId: shop.id, name: "cod_reminder" } } });
    expect(response.headers.get("Location")).toBe(`/app/templates/${created.id}?lang=es`);
    expect(created.purposes).toEqual(["cod_confirmation"]);

    expect(
      await post([
        ["name", "Cod Reminder"],
        ["category", "UTILITY"],
        ["language", "es"],
        ["parameterFormat", "named"],
      ]),
    ).toMatchObject({ fieldErrors: { name: expect.stringMatching(/lowercase/) } });
    expect(
      await post([
        ["name", "cod_reminder"],
        ["category", "UTILITY"],
        ["language", "es"],
        ["parameterFormat", "named"],
      ]),
    ).toMatchObject({ fieldErrors: { name: expect.stringMatching(/already exists/) } });
  });
});
