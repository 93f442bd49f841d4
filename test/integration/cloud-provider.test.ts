import { readFileSync } from "node:fs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { graphErrors, MetaGraphStandIn, type StandInNumber } from "~/sandbox/meta-graph-stand-in";
import { CloudApiProvider } from "~/whatsapp/cloud/cloud-provider.server";
import { GRAPH_API_VERSION } from "~/whatsapp/cloud/graph-client.server";
import { WhatsAppError } from "~/whatsapp/errors";
import { InvalidMessageError, type OutboundMessage } from "~/whatsapp/message";

const payloads = JSON.parse(readFileSync("test/fixtures/meta-messages/payloads.json", "utf8")) as Record<
  string,
  { message: OutboundMessage; expected: Record<string, unknown> }
>;

let graph: MetaGraphStandIn;
let number: StandInNumber;
let cloud: CloudApiProvider;
const to = "+14155550123";

beforeAll(async () => {
  graph = await MetaGraphStandIn.start({ appSecret: "unused" });
  number = graph.addNumber({ accessToken: "EAAG-test-token-0123456789", displayPhoneNumber: "+1 555-010-0199", verifiedName: "Trail Co" });
  cloud = new CloudApiProvider(
    { phoneNumberId: number.phoneNumberId, wabaId: number.wabaId, accessToken: number.accessToken },
    { graphUrl: graph.url, timeoutMs: 300 },
  );
});
afterAll(() => graph.close());
beforeEach(() => {
  graph.requests.length = 0;
  graph.clearFaults();
  graph.strictTemplates = false;
});

describe("the Cloud API adapter builds exactly what Meta expects", () => {
  it.each(Object.entries(payloads))("%s", async (_name, { message, expected }) => {
    const result = await cloud.send({ to, message });

    const [request] = graph.requests;
    expect(request.method).toBe("POST");
    expect(request.path).toBe(`/${GRAPH_API_VERSION}/${number.phoneNumberId}/messages`);
    expect(request.headers.authorization).toBe(`Bearer ${number.accessToken}`);
    expect(request.headers["content-type"]).toBe("application/json");
    expect(request.body).toStrictEqual(expected);
    expect(result.providerMessageId).toMatch(/^wamid\./);
    expect(result.waId).toBe("14155550123");
  });

  it("carries our message id as biz_opaque_callback_data", async () => {
    await cloud.send({ to, message: { type: "text", body: "hi" }, callbackData: "6f1c0f2e-0000-4000-8000-000000000001" });
    expect(graph.requests[0].body).toMatchObject({ biz_opaque_callback_data: "6f1c0f2e-0000-4000-8000-000000000001" });
  });

  it("marks a message read with a typing indicator", async () => {
    await cloud.markRead("wamid.abc", { typingIndicator: true });
    expect(graph.requests[0].body).toStrictEqual({
      messaging_product: "whatsapp",
      status: "read",
      message_id: "wamid.abc",
      typing_indicator: { type: "text" },
    });
  });
});

describe("a message that breaks Meta's limits", () => {
  const rejects = async (message: OutboundMessage, problem: RegExp) => {
    const error = await cloud.send({ to, message }).catch((e) => e);
    expect(error).toBeInstanceOf(InvalidMessageError);
    expect(error.message).toMatch(problem);
    expect(graph.requests).toHaveLength(0); // nothing was sent
  };

  it("is refused before the call, naming the limit", async () => {
    await rejects({ type: "text", body: "x".repeat(4097) }, /text body is 4097 characters; Meta allows 4096/);
    await rejects(
      { type: "buttons", body: "Pick", buttons: ["a", "b", "c", "d"].map((id) => ({ id, title: id })) },
      /at most 3 reply buttons/,
    );
    await rejects(
      { type: "buttons", body: "Pick", buttons: [{ id: "a", title: "A title longer than twenty" }] },
      /button title is 26 characters; Meta allows 20/,
    );
    await rejects(
      {
        type: "list",
        body: "Pick",
        buttonLabel: "Go",
        sections: [{ title: "All", rows: Array.from({ length: 11 }, (_, i) => ({ id: `r${i}`, title: `Row ${i}` })) }],
      },
      /11 rows; Meta allows 10 in total/,
    );
    await rejects(
      {
        type: "list",
        body: "Pick",
        buttonLabel: "Go",
        sections: [{ rows: [{ id: "a", title: "A" }] }, { rows: [{ id: "b", title: "B" }] }],
      },
      /every section needs a title/,
    );
    await rejects(
      {
        type: "product_list",
        catalogId: "1",
        header: "H",
        body: "B",
        sections: [{ title: "All", productRetailerIds: Array.from({ length: 31 }, (_, i) => `SKU${i}`) }],
      },
      /31 products; Meta allows 30/,
    );
    await rejects(
      { type: "template", name: "x", language: "en", body: [{ type: "text", text: "line one\nline two" }] },
      /may not contain new lines/,
    );
    await rejects(
      { type: "template", name: "x", language: "en", buttons: [{ subType: "copy_code", index: 0, couponCode: "A-VERY-LONG-COUPON" }] },
      /coupon code is 18 characters; Meta allows 15/,
    );
    await rejects({ type: "template", name: "Order Confirmation", language: "en" }, /lowercase letters, digits and underscores/);
    await rejects({ type: "image", media: { link: "ftp://example.com/a.jpg" } }, /http\(s\) URL/);
  });

  it("is refused when our callback data exceeds 512 characters", async () => {
    const error = await cloud.send({ to, message: { type: "text", body: "hi" }, callbackData: "x".repeat(513) }).catch((e) => e);
    expect(error.message).toMatch(/512 characters/);
    expect(graph.requests).toHaveLength(0);
  });
});

describe("errors from Meta", () => {
  const failure = async () => (await cloud.send({ to, message: { type: "text", body: "hi" } }).catch((e) => e)) as WhatsAppError;

  it("are classified by Meta's code, not the HTTP status", async () => {
    graph.failNext(graphErrors.throughput());
    expect(await failure()).toMatchObject({ code: 130429, errorClass: "retry_later" });
    graph.failNext(graphErrors.windowClosed());
    const closed = await failure();
    expect(closed).toMatchObject({ code: 131047, errorClass: "window_closed" });
    expect(closed.message).toContain("more than 24 hours have passed");
    graph.failNext(graphErrors.serverError());
    expect(await failure()).toMatchObject({ code: 1, errorClass: "retry_now" });
  });

  it("an expired token stops the shop and asks for a reconnect, without showing the token", async () => {
    graph.revokeToken(number.accessToken);
    try {
      const error = await failure();
      expect(error).toBeInstanceOf(WhatsAppError);
      expect(error.errorClass).toBe("shop_level");
      expect(error.info.actions).toContain("reconnect");
      expect(JSON.stringify({ message: error.message, details: error.details })).not.toContain(number.accessToken);
    } finally {
      graph.restoreToken(number.accessToken);
    }
  });

  it("a timeout is transient and its outcome unknown (the message may have gone out)", async () => {
    graph.failNext(graphErrors.timeout());
    const error = await failure();
    expect(error).toMatchObject({ errorClass: "retry_now" });
    expect(error.details.outcomeUnknown).toBe(true);
  });

  it("a 502 with no Graph error body is transient", async () => {
    graph.failNext({ status: 502, body: "<html>Bad gateway</html>" });
    expect(await failure()).toMatchObject({ errorClass: "retry_now" });
  });

  it("a template Meta does not know in that language comes back as 132001", async () => {
    graph.strictTemplates = true;
    const error = (await cloud.send({ to, message: { type: "template", name: "nope", language: "en" } }).catch((e) => e)) as WhatsAppError;
    expect(error).toMatchObject({ code: 132001, errorClass: "permanent_content" });
    expect(error.info.actions).toContain("template_fallback");
  });
});

describe("the number, templates and media", () => {
  it("reads the number's facts", async () => {
    expect(await cloud.numberFacts()).toEqual({
      phoneNumberId: number.phoneNumberId,
      displayPhoneNumber: "+1 555-010-0199",
      verifiedName: "Trail Co",
      qualityRating: "GREEN",
      nameStatus: "APPROVED",
      messagingLimit: "TIER_1K",
      throughputLevel: "STANDARD",
    });
  });

  it("creates, lists page by page, edits and deletes templates on the WABA", async () => {
    const body = (i: number) => ({ type: "BODY", text: `Hello {{1}}, update ${i}.`, example: { body_text: [["Ana"]] } });
    for (let i = 0; i < 5; i++) {
      const created = await cloud.templates.create({ name: `update_${i}`, language: "en_US", category: "UTILITY", components: [body(i)] });
      expect(created).toMatchObject({ status: "PENDING", category: "UTILITY" });
    }
    const names: string[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const page = await cloud.templates.list({ limit: 2, after });
      names.push(...page.templates.map((t) => t.name));
      after = page.after;
      pages += 1;
    } while (after);
    expect(pages).toBe(3);
    expect(names).toEqual(["update_0", "update_1", "update_2", "update_3", "update_4"]);

    const [first] = (await cloud.templates.list({ name: "update_0" })).templates;
    await cloud.templates.edit(first, { components: [body(99)] });
    expect(graph.templates.find((t) => t.id === first.id)?.components[0].text).toBe("Hello {{1}}, update 99.");

    await cloud.templates.delete("update_0", first.id);
    expect((await cloud.templates.list({ name: "update_0" })).templates).toEqual([]);
  });

  it("refuses a duplicate template with Meta's error", async () => {
    const draft = { name: "dupe", language: "en", category: "UTILITY" as const, components: [{ type: "BODY", text: "Hi" }] };
    await cloud.templates.create(draft);
    await expect(cloud.templates.create(draft)).rejects.toMatchObject({ code: 100 });
  });

  it("uploads media, describes it and downloads it back", async () => {
    const data = new TextEncoder().encode("%PDF-1.7 invoice");
    const { id } = await cloud.media.upload({ data, mimeType: "application/pdf", filename: "invoice.pdf" });
    expect(await cloud.media.describe(id)).toMatchObject({ mimeType: "application/pdf", fileSize: data.length });
    const downloaded = await cloud.media.download(id);
    expect(new TextDecoder().decode(downloaded.data)).toBe("%PDF-1.7 invoice");
  });

  it("trades an Embedded Signup code for a token", async () => {
    graph.signupCodes.set("code-123", "EAAG-business-token");
    expect(await CloudApiProvider.exchangeSignupCode({ graphUrl: graph.url, appId: "app", appSecret: "secret", code: "code-123" })).toBe(
      "EAAG-business-token",
    );
    await expect(
      CloudApiProvider.exchangeSignupCode({ graphUrl: graph.url, appId: "app", appSecret: "secret", code: "code-123" }),
    ).rejects.toThrow(WhatsAppError);
  });
});
