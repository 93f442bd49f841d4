import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MetaGraphStandIn, type StandInNumber } from "~/sandbox/meta-graph-stand-in";
import type { TemplateContent } from "~/domain/template-content";
import { startAppServer, type AppServer } from "../support/app-server";
import { waitFor } from "../support/wait";

// Meta's side is the Graph API stand-in: it records what we submit and reviews it with signed webhooks.
const graph = await MetaGraphStandIn.start({ appSecret: process.env.WHATSAPP_APP_SECRET! });
process.env.WHATSAPP_GRAPH_URL = graph.url;
process.env.META_APP_ID = "123456789";

const { prisma } = await import("~/db.server");
const { createRecordedEventWorker } = await import("~/jobs/event-worker.server");
const { processInboundWhatsAppEvent } = await import("~/jobs/inbound-events.server");
const { closeQueues } = await import("~/jobs/queues.server");
const { createTemplate, saveDraft, getTemplate, approvalLeadTimes } = await import("~/models/template.server");
const lifecycle = await import("~/models/template-lifecycle.server");
const { connectWhatsApp } = await import("~/models/whatsapp-connection.server");
const { createRedis } = await import("~/redis.server");
const { sandboxSettings } = await import("~/sandbox/sandbox-provider.server");
const { installShop } = await import("../support/db");
const { uniqueShop } = await import("../support/shopify");

let app: AppServer;
let worker: Worker;
const redis = createRedis("worker");

beforeAll(async () => {
  app = await startAppServer();
  graph.webhookUrl = `${app.url}/webhooks/whatsapp`;
  worker = createRecordedEventWorker("whatsapp", redis, processInboundWhatsAppEvent);
  void worker.run();
  sandboxSettings.templateReviewMs = 50;
});
afterAll(async () => {
  await worker.close();
  redis.disconnect();
  await closeQueues();
  await app.close();
  await graph.close();
});

const shipped = (body: string): TemplateContent => ({
  parameterFormat: "positional",
  body,
  footer: "Reply here if you need help",
  buttons: [{ type: "URL", text: "Track package", url: "https://trail.example.com/apps/whatsapp/{{1}}" }],
  examples: { header: {}, body: { "1": "Ana", "2": "#1001" }, buttons: { "0": "t/123" } },
});
const v1 = shipped("Hi {{1}}, your order {{2}} is on its way. You can follow the package with the button below.");
const v2 = shipped("Hello {{1}}, good news: your order {{2}} has left our warehouse. Follow the package with the button below.");

async function cloudShop(label: string) {
  const shop = await installShop(uniqueShop(label));
  const number: StandInNumber = graph.addNumber({ accessToken: `EAAG-${label}-token-abcdefghijkl` });
  await connectWhatsApp(shop.id, {
    provider: "CLOUD",
    phoneNumberId: number.phoneNumberId,
    wabaId: number.wabaId,
    accessToken: number.accessToken,
  });
  return { shop, number };
}

const versionStatus = (id: string) => prisma.templateVersion.findUniqueOrThrow({ where: { id } });
const statusBecomes = (id: string, status: string) =>
  waitFor(async () => (await versionStatus(id)).status === status && versionStatus(id), { what: `version ${status}` });

describe("the template lifecycle against Meta", () => {
  it("create → PENDING → APPROVED by a signed webhook → picked by the resolver; PAUSED → the previous version", async () => {
    const { shop } = await cloudShop("lifecycle");
    const template = await createTemplate(shop.id, {
      name: "shipping_update",
      category: "UTILITY",
      purposes: ["shipped"],
      language: "en",
      content: v1,
    });

    const first = await lifecycle.submitTemplateVersion(shop.id, template.id, "en");
    expect(first.via).toBe("create");
    const submitted = graph.templates.find((t) => t.name === "shipping_update")!;
    expect(submitted).toMatchObject({ status: "PENDING", category: "UTILITY", language: "en" });
    expect(submitted.components[0]).toEqual({ type: "BODY", text: v1.body, example: { body_text: [["Ana", "#1001"]] } });
    expect(await versionStatus(first.versionId)).toMatchObject({
      status: "SUBMITTED",
      providerName: "shipping_update",
      providerTemplateId: submitted.id,
    });
    expect(await lifecycle.resolveTemplateForSend(shop.id, template.id, "en")).toMatchObject({ ok: false });

    await graph.reviewTemplate(submitted.id, "APPROVED");
    await statusBecomes(first.versionId, "APPROVED");
    expect(await lifecycle.resolveTemplateForSend(shop.id, template.id, "en")).toMatchObject({
      ok: true,
      resolution: { version: 1, providerName: "shipping_update", language: "en", fallbacks: [] },
    });
    expect((await approvalLeadTimes(shop.id, new Date(0)))[0]).toMatchObject({ template: "shipping_update", language: "en", version: 1 });

    // A second version goes in alongside the first, which keeps sending until it is approved.
    await saveDraft(shop.id, template.id, "en", v2);
    const second = await lifecycle.submitTemplateVersion(shop.id, template.id, "en");
    expect(await versionStatus(second.versionId)).toMatchObject({ status: "SUBMITTED", providerName: "shipping_update_v2" });
    expect(await lifecycle.resolveTemplateForSend(shop.id, template.id, "en")).toMatchObject({ resolution: { version: 1 } });

    const secondAtMeta = graph.templates.find((t) => t.name === "shipping_update_v2")!;
    await graph.reviewTemplate(secondAtMeta.id, "APPROVED");
    await statusBecomes(second.versionId, "APPROVED");
    expect(await lifecycle.resolveTemplateForSend(shop.id, template.id, "en")).toMatchObject({
      resolution: { version: 2, providerName: "shipping_update_v2" },
    });

    // Meta pauses the new version: journeys fall back to version 1, and staff are told.
    await graph.reviewTemplate(secondAtMeta.id, "PAUSED");
    await statusBecomes(second.versionId, "PAUSED");
    const fallback = await lifecycle.resolveTemplateForSend(shop.id, template.id, "en");
    expect(fallback).toMatchObject({
      ok: true,
      resolution: { version: 1, providerName: "shipping_update", fallbacks: ["en: version 2 is paused by Meta, so version 1 is sent"] },
    });
    const notice = lifecycle.sendingNotice((await getTemplate(shop.id, template.id))!, "en", "en");
    expect(notice).toBe("Journeys send version 1 (en): en: version 2 is paused by Meta, so version 1 is sent.");
  });

  it("REJECTED shows Meta's reason and recommendation; the fix is submitted as an edit of the same template", async () => {
    const { shop } = await cloudShop("rejected");
    const template = await createTemplate(shop.id, {
      name: "delivery_news",
      category: "UTILITY",
      purposes: ["delivered"],
      language: "en",
      content: v1,
    });
    const first = await lifecycle.submitTemplateVersion(shop.id, template.id, "en");
    const atMeta = graph.templates.find((t) => t.name === "delivery_news")!;
    await graph.reviewTemplate(atMeta.id, "REJECTED", {
      reason: "The template's wording reads as promotional.",
      recommendation: "Keep utility templates factual.",
    });
    const rejected = await statusBecomes(first.versionId, "REJECTED");
    expect(rejected).toMatchObject({
      rejectionReason: "The template's wording reads as promotional.",
      rejectionRecommendation: "Keep utility templates factual.",
    });

    await saveDraft(shop.id, template.id, "en", v2);
    const fix = await lifecycle.submitTemplateVersion(shop.id, template.id, "en");
    expect(fix.via).toBe("edit");
    expect(graph.templates.filter((t) => t.name.startsWith("delivery_news"))).toHaveLength(1);
    expect(atMeta).toMatchObject({ status: "PENDING", components: expect.arrayContaining([expect.objectContaining({ text: v2.body })]) });
    expect(await versionStatus(first.versionId)).toMatchObject({ status: "SUPERSEDED" });
    expect(await versionStatus(fix.versionId)).toMatchObject({ status: "SUBMITTED", providerTemplateId: atMeta.id, submittedVia: "edit" });
  });

  it("counts edits of an approved template and says when the next one is allowed", async () => {
    const { shop } = await cloudShop("budget");
    const template = await createTemplate(shop.id, { name: "budget_test", category: "UTILITY", purposes: [], language: "en", content: v1 });
    const first = await lifecycle.submitTemplateVersion(shop.id, template.id, "en");
    await graph.reviewTemplate(graph.templates.find((t) => t.name === "budget_test")!.id, "APPROVED");
    await statusBecomes(first.versionId, "APPROVED");

    await saveDraft(shop.id, template.id, "en", v2);
    const edit = await lifecycle.submitTemplateVersion(shop.id, template.id, "en", { mode: "edit" });
    await graph.reviewTemplate(graph.templates.find((t) => t.name === "budget_test")!.id, "APPROVED");
    await statusBecomes(edit.versionId, "APPROVED");

    await saveDraft(
      shop.id,
      template.id,
      "en",
      shipped("Hi {{1}}, your order {{2}} has shipped from our store today. Follow it with the button below."),
    );
    const error = await lifecycle.submitTemplateVersion(shop.id, template.id, "en", { mode: "edit" }).catch((e) => e);
    expect(error).toBeInstanceOf(lifecycle.TemplateActionError);
    expect(error.message).toMatch(/one edit a day and ten a month .* the next edit is possible from 20\d\d-/);
    expect((await lifecycle.submitTemplateVersion(shop.id, template.id, "en")).via).toBe("create");
  });

  it("refuses to submit a template the linter fails, and sends nothing to Meta", async () => {
    const { shop } = await cloudShop("lint");
    const template = await createTemplate(shop.id, {
      name: "broken_template",
      category: "UTILITY",
      purposes: [],
      language: "en",
      content: { ...v1, body: "{{1}}{{2}} shipped" },
    });
    const before = graph.templates.length;
    const error = await lifecycle.submitTemplateVersion(shop.id, template.id, "en").catch((e) => e);
    expect(error.message).toMatch(/Fix the problems/);
    expect(error.issues.map((i: { code: string }) => i.code)).toEqual(expect.arrayContaining(["variable-at-start", "adjacent-variables"]));
    expect(graph.templates.length).toBe(before);
  });

  it("uploads a media header's sample through Meta's resumable upload, and submits its handle", async () => {
    const { shop } = await cloudShop("media");
    const png = Buffer.from("89504e470d0a1a0a-sample-banner", "utf8");
    const files = createServer((_req, res) => res.writeHead(200, { "Content-Type": "image/png" }).end(png));
    await new Promise<void>((resolve) => files.listen(0, "127.0.0.1", resolve));
    try {
      const sampleUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}/banner.png`;
      const template = await createTemplate(shop.id, {
        name: "with_image",
        category: "UTILITY",
        purposes: [],
        language: "en",
        content: { ...v1, header: { type: "IMAGE", sampleUrl } },
      });

      await lifecycle.submitTemplateVersion(shop.id, template.id, "en");

      const header = graph.templates.find((t) => t.name === "with_image")!.components[0] as { example: { header_handle: string[] } };
      expect(header).toMatchObject({ type: "HEADER", format: "IMAGE" });
      const sample = graph.sampleHandles.get(header.example.header_handle[0]);
      expect(sample?.mimeType).toBe("image/png");
      expect(sample?.data.equals(png)).toBe(true);
      expect(graph.requests.some((r) => r.path.endsWith("/123456789/uploads") && r.query.file_type === "image/png")).toBe(true);
    } finally {
      files.close();
    }
  });

  it("syncs: imports templates created in WhatsApp Manager and notices ones deleted there", async () => {
    const { shop, number } = await cloudShop("sync");
    graph.addTemplate({
      wabaId: number.wabaId,
      name: "made_in_manager",
      language: "fr",
      category: "UTILITY",
      status: "APPROVED",
      components: [
        { type: "BODY", text: "Bonjour {{1}}, votre commande est prête à être retirée en magasin.", example: { body_text: [["Luc"]] } },
      ],
    });
    const ours = await createTemplate(shop.id, { name: "ours", category: "UTILITY", purposes: [], language: "en", content: v1 });
    const submitted = await lifecycle.submitTemplateVersion(shop.id, ours.id, "en");
    graph.templates.splice(
      graph.templates.findIndex((t) => t.name === "ours"),
      1,
    ); // deleted in WhatsApp Manager

    expect(await lifecycle.syncTemplatesWithProvider(shop.id)).toEqual({ updated: 0, imported: 1, missing: 1 });
    const imported = await prisma.template.findUniqueOrThrow({
      where: { shopId_name: { shopId: shop.id, name: "made_in_manager" } },
      include: { variants: { include: { versions: true } } },
    });
    expect(imported).toMatchObject({ origin: "IMPORTED", category: "UTILITY" });
    expect(imported.variants[0]).toMatchObject({
      language: "fr",
      versions: [
        expect.objectContaining({
          status: "APPROVED",
          providerName: "made_in_manager",
          components: expect.objectContaining({ examples: expect.objectContaining({ body: { "1": "Luc" } }) }),
        }),
      ],
    });
    expect(await versionStatus(submitted.versionId)).toMatchObject({
      status: "DISABLED",
      rejectionReason: "Deleted in WhatsApp Manager, outside this app.",
    });
    expect(await lifecycle.syncTemplatesWithProvider(shop.id)).toEqual({ updated: 0, imported: 0, missing: 0 });
  });

  it("sends an approved version to staff's own number, filled with its examples", async () => {
    const { shop } = await cloudShop("test-send");
    const template = await createTemplate(shop.id, { name: "test_send", category: "UTILITY", purposes: [], language: "en", content: v1 });
    const { versionId } = await lifecycle.submitTemplateVersion(shop.id, template.id, "en");
    await expect(lifecycle.sendTemplateTest(shop.id, template.id, "en", "+44 7911 123456")).rejects.toThrow(/Only an approved version/);
    await graph.reviewTemplate(graph.templates.find((t) => t.name === "test_send")!.id, "APPROVED");
    await statusBecomes(versionId, "APPROVED");
    await expect(lifecycle.sendTemplateTest(shop.id, template.id, "en", "not a number")).rejects.toThrow(/with its country code/);

    const id = await lifecycle.sendTemplateTest(shop.id, template.id, "en", "+44 7911 123456");
    expect(id).toMatch(/^wamid\./);
    expect(graph.sentMessages().at(-1)).toMatchObject({
      to: "+447911123456",
      type: "template",
      template: {
        name: "test_send",
        language: { code: "en" },
        components: [
          {
            type: "body",
            parameters: [
              { type: "text", text: "Ana" },
              { type: "text", text: "#1001" },
            ],
          },
          { type: "button", sub_type: "url", index: "0", parameters: [{ type: "text", text: "t/123" }] },
        ],
      },
    });
  });

  it("deletes a template at Meta and here", async () => {
    const { shop } = await cloudShop("delete");
    const template = await createTemplate(shop.id, { name: "to_delete", category: "UTILITY", purposes: [], language: "en", content: v1 });
    await lifecycle.submitTemplateVersion(shop.id, template.id, "en");
    await lifecycle.deleteTemplate(shop.id, template.id);
    expect(graph.templates.some((t) => t.name === "to_delete")).toBe(false);
    expect(await getTemplate(shop.id, template.id)).toBeNull();
  });
});

describe("the starter library", () => {
  it("installs in one click on the sandbox: created, submitted, approved and ready for journeys", async () => {
    const shop = await installShop(uniqueShop("starter"));
    await connectWhatsApp(shop.id, { provider: "SANDBOX" });

    const summary = await lifecycle.installStarterTemplates(shop.id, {
      languages: ["en", "es", "ar"],
      storefrontDomain: "trail.example.com",
    });
    expect(summary).toMatchObject({
      skipped: [],
      failed: [],
      submitted: 21,
      mapped: expect.arrayContaining(["order_confirmation", "back_in_stock"]),
    });
    expect(summary.created).toHaveLength(7);

    await waitFor(
      async () =>
        (await prisma.templateVersion.count({ where: { status: "APPROVED", variant: { template: { shopId: shop.id } } } })) === 21,
      {
        what: "the sandbox to approve all 21",
      },
    );
    const confirmation = await prisma.template.findUniqueOrThrow({
      where: { shopId_name: { shopId: shop.id, name: "wj_order_confirmation" } },
    });
    expect(confirmation).toMatchObject({
      origin: "STARTER",
      purposes: ["order_confirmation"],
      bindings: expect.objectContaining({ buttons: { "0": { field: "order_status_path" } } }),
    });
    expect(await lifecycle.resolveTemplateForSend(shop.id, confirmation.id, "ar")).toMatchObject({
      ok: true,
      resolution: { language: "ar", providerName: "wj_order_confirmation" },
    });

    // Installing again leaves staff's templates alone.
    expect(await lifecycle.installStarterTemplates(shop.id, { languages: ["en"], storefrontDomain: "trail.example.com" })).toMatchObject({
      created: [],
      submitted: 0,
    });
  });
});
