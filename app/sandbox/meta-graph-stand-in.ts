import { createHash, randomBytes, randomInt } from "node:crypto";
import { whatsappLimits } from "~/whatsapp/limits";
import { metaJson, signMetaBody } from "~/whatsapp/webhook/signature";
import { HttpStandIn, type Fault, type RecordedRequest, type StandInResponse } from "./http-stand-in";
import { inboundMessageChange, metaEnvelope, statusChange, templateStatusChange } from "./meta-webhook-builders";

/**
 * A loopback stand-in for Meta's Graph API (WhatsApp Cloud API and Business Management API),
 * for tests, the demo and benchmarks: the endpoints the app calls, with Meta's request checks,
 * answer shapes and error bodies; faults on demand; and signed webhooks back to the app.
 */
export interface StandInNumber {
  phoneNumberId: string;
  wabaId: string;
  accessToken: string;
  displayPhoneNumber: string;
  verifiedName: string;
  qualityRating: string;
  nameStatus: string;
  messagingLimit: string;
  throughputLevel: string;
}

export interface StandInTemplate {
  id: string;
  wabaId: string;
  name: string;
  language: string;
  category: string;
  status: string;
  parameterFormat: string;
  components: { type: string; text?: string; format?: string; buttons?: unknown[]; example?: unknown }[];
  rejectedReason?: string;
}

/** Request bodies as the stand-in checks them: any JSON object, read field by field like Meta does. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type JsonObject = Record<string, any>;

/** Meta's error bodies, as the Graph API sends them. */
export const graphErrors = {
  invalidToken: (): Fault => ({
    status: 401,
    body: {
      error: {
        message: "Error validating access token: Session has expired.",
        type: "OAuthException",
        code: 190,
        error_subcode: 463,
        fbtrace_id: "AbCdEf",
      },
    },
  }),
  throughput: (): Fault => ({
    status: 400,
    body: {
      error: {
        message: "(#130429) Rate limit hit",
        type: "OAuthException",
        code: 130429,
        error_data: { details: "Cloud API message throughput has been reached." },
        fbtrace_id: "AbCdEf",
      },
    },
  }),
  pairRate: (): Fault => ({
    status: 400,
    body: {
      error: {
        message: "(#131056) (Business Account, Consumer Account) pair rate limit hit",
        type: "OAuthException",
        code: 131056,
        error_data: {
          details:
            "Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.",
        },
        fbtrace_id: "AbCdEf",
      },
    },
  }),
  windowClosed: (): Fault => ({
    status: 400,
    body: {
      error: {
        message: "(#131047) Re-engagement message",
        type: "OAuthException",
        code: 131047,
        error_data: {
          details: "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
        },
        fbtrace_id: "AbCdEf",
      },
    },
  }),
  serverError: (): Fault => ({
    status: 500,
    body: { error: { message: "An unknown error has occurred.", type: "OAuthException", code: 1, fbtrace_id: "AbCdEf" } },
  }),
  unavailable: (): Fault => ({
    status: 503,
    body: { error: { message: "Service temporarily unavailable", type: "OAuthException", code: 2, fbtrace_id: "AbCdEf" } },
  }),
  timeout: (): Fault => ({ hang: true }),
};

function graphError(status: number, code: number, message: string, details?: string, subcode?: number): StandInResponse {
  return {
    status,
    body: {
      error: {
        message: `(#${code}) ${message}`,
        type: code === 190 ? "OAuthException" : "OAuthException",
        code,
        ...(subcode ? { error_subcode: subcode } : {}),
        ...(details ? { error_data: { messaging_product: "whatsapp", details } } : {}),
        fbtrace_id: randomBytes(6).toString("base64url"),
      },
    },
  };
}

const invalidParameter = (details: string) => graphError(400, 100, "Invalid parameter", details);

const messageTypes = [
  "text",
  "image",
  "video",
  "audio",
  "document",
  "sticker",
  "location",
  "reaction",
  "interactive",
  "template",
  "contacts",
];

/** What Meta checks on a send before accepting it (the subset the app can get wrong). */
function checkMessage(body: JsonObject, templates: StandInTemplate[], strictTemplates: boolean): StandInResponse | undefined {
  if (body.messaging_product !== "whatsapp") return graphError(400, 100, "The parameter messaging_product is required.");
  if (typeof body.to !== "string" || !/^\+?\d{7,15}$/.test(body.to))
    return invalidParameter("The parameter to is required and must be a phone number.");
  if (!messageTypes.includes(body.type))
    return graphError(400, 100, `Param type must be one of {${messageTypes.join(", ").toUpperCase()}}`);
  if (!body[body.type]) return graphError(400, 100, `The parameter ${body.type} is required.`);
  if (typeof body.biz_opaque_callback_data === "string" && body.biz_opaque_callback_data.length > whatsappLimits.bizOpaqueCallbackData)
    return invalidParameter(`biz_opaque_callback_data must be at most ${whatsappLimits.bizOpaqueCallbackData} characters`);
  const part = body[body.type];
  switch (body.type) {
    case "text":
      if (typeof part.body !== "string" || !part.body) return graphError(400, 100, "The parameter text['body'] is required.");
      if (part.body.length > whatsappLimits.textBody)
        return graphError(400, 100, `Param text['body'] must be at most ${whatsappLimits.textBody} characters long.`);
      return undefined;
    case "image":
    case "video":
    case "audio":
    case "document":
    case "sticker":
      if (!part.id && !part.link) return invalidParameter(`${body.type} needs an id or a link`);
      return undefined;
    case "interactive": {
      const kind = part.type;
      if (kind === "button") {
        const count = part.action?.buttons?.length ?? 0;
        if (count < 1 || count > whatsappLimits.replyButtons)
          return graphError(400, 131009, "Parameter value is not valid", "Buttons count should be between 1 and 3");
      } else if (kind === "list") {
        const rows = (part.action?.sections ?? []).reduce((sum: number, s: { rows?: unknown[] }) => sum + (s.rows?.length ?? 0), 0);
        if (rows < 1 || rows > whatsappLimits.listRowsTotal)
          return graphError(400, 131009, "Parameter value is not valid", "Total row count exceed max allowed count: 10");
      } else if (kind === "product") {
        if (!part.action?.catalog_id || !part.action?.product_retailer_id)
          return invalidParameter("catalog_id and product_retailer_id are required");
      } else if (kind === "product_list") {
        if (part.header?.type !== "text") return invalidParameter("A text header is required for a product list");
      } else if (kind !== "catalog_message" && kind !== "cta_url") {
        return invalidParameter(`Unsupported interactive type ${kind}`);
      }
      if (!part.body?.text && kind !== "product") return graphError(400, 100, "The parameter interactive['body'] is required.");
      return undefined;
    }
    case "template": {
      if (!part.name || !part.language?.code)
        return graphError(400, 100, "The parameter template['name'] and template['language'] are required.");
      if (!strictTemplates) return undefined;
      const template = templates.find((t) => t.name === part.name && t.language === part.language.code);
      if (!template || template.status !== "APPROVED")
        return graphError(
          404,
          132001,
          "Template name does not exist in the translation",
          `template name (${part.name}) does not exist in ${part.language.code}`,
        );
      const bodyText = template.components.find((c) => c.type === "BODY")?.text ?? "";
      const expected = new Set(bodyText.match(/\{\{\s*[\w]+\s*\}\}/g) ?? []).size;
      const given = (part.components ?? []).find((c: { type: string }) => c.type === "body")?.parameters?.length ?? 0;
      if (expected !== given)
        return graphError(
          400,
          132000,
          "Number of parameters does not match the expected number of params",
          `body: number of localizable_params (${given}) does not match the expected number of params (${expected})`,
        );
      return undefined;
    }
    default:
      return undefined;
  }
}

/** Meta refuses a template whose variables lack examples, or whose media header lacks an uploaded sample. */
function checkTemplateExamples(components: StandInTemplate["components"], handles: Map<string, unknown>): StandInResponse | undefined {
  for (const component of components) {
    const example = (component.example ?? {}) as Record<string, unknown>;
    if (component.type === "HEADER" && ["IMAGE", "VIDEO", "DOCUMENT"].includes(component.format ?? "")) {
      const handle = (example.header_handle as string[] | undefined)?.[0];
      if (!handle || !handles.has(handle))
        return graphError(
          400,
          100,
          "Invalid parameter",
          "A media header needs example.header_handle from the Resumable Upload API.",
          2388043,
        );
    }
    if ((component.type === "BODY" || component.type === "HEADER") && /\{\{[^{}]+\}\}/.test(component.text ?? "")) {
      const key = component.type === "BODY" ? "body_text" : "header_text";
      if (!example[key] && !example[`${key}_named_params`])
        return graphError(
          400,
          100,
          "Invalid parameter",
          `Message template "components" param is missing expected field(s) (example.${key}).`,
          2388043,
        );
    }
  }
  return undefined;
}

export class MetaGraphStandIn extends HttpStandIn {
  readonly numbers = new Map<string, StandInNumber>();
  readonly templates: StandInTemplate[] = [];
  readonly media = new Map<string, { data: Buffer; mimeType: string; phoneNumberId: string }>();
  /** Embedded Signup codes this stand-in will trade for tokens. */
  readonly signupCodes = new Map<string, string>();
  private readonly revokedTokens = new Set<string>();
  private nextTemplateId = 1_000_000_000_000_000 + randomInt(2 ** 40);
  /** When false, template sends are accepted without checking the template exists and is approved. */
  strictTemplates = true;
  /** Report sent/delivered/read for every accepted message, after these delays (off when undefined). */
  autoStatuses?: { sentMs: number; deliveredMs: number; readMs?: number };

  constructor(private readonly options: { appSecret: string; webhookUrl?: string }) {
    super();
  }

  static async start(options: { appSecret: string; webhookUrl?: string; port?: number }): Promise<MetaGraphStandIn> {
    return new MetaGraphStandIn(options).listen(options.port);
  }

  set webhookUrl(url: string) {
    this.options.webhookUrl = url;
  }

  addNumber(number: Partial<StandInNumber> & { accessToken: string }): StandInNumber {
    // Random ids, like Meta's: stand-ins in parallel test files never hand out the same number.
    const phoneNumberId = number.phoneNumberId ?? String(100_000_000_000_000 + randomInt(2 ** 47));
    const full: StandInNumber = {
      phoneNumberId,
      wabaId: number.wabaId ?? String(200_000_000_000_000 + randomInt(2 ** 47)),
      displayPhoneNumber: "+1 555-010-0199",
      verifiedName: "Demo Store",
      qualityRating: "GREEN",
      nameStatus: "APPROVED",
      messagingLimit: "TIER_1K",
      throughputLevel: "STANDARD",
      ...number,
    };
    this.numbers.set(phoneNumberId, full);
    return full;
  }

  /** The token stops working (Meta answers 190), as when it expires or is revoked. */
  revokeToken(token: string): void {
    this.revokedTokens.add(token);
  }

  restoreToken(token: string): void {
    this.revokedTokens.delete(token);
  }

  /** Message sends the stand-in accepted, in order. */
  sentMessages(): JsonObject[] {
    return this.requests
      .filter((r) => r.method === "POST" && /\/messages$/.test(r.path) && (r.body as { type?: string })?.type)
      .filter((r) => this.acceptedRequests.has(r))
      .map((r) => r.body as Record<string, unknown>);
  }

  private readonly acceptedRequests = new WeakSet<RecordedRequest>();

  /** Sends accepted for a number, in the order they arrived (with the time each arrived). */
  acceptedSends(phoneNumberId: string): RecordedRequest[] {
    return this.requests.filter((r) => this.acceptedRequests.has(r) && r.path.endsWith(`/${phoneNumberId}/messages`));
  }

  addTemplate(template: Omit<StandInTemplate, "id" | "parameterFormat"> & { id?: string; parameterFormat?: string }): StandInTemplate {
    const full = { id: template.id ?? String(this.nextTemplateId++), parameterFormat: "POSITIONAL", ...template };
    this.templates.push(full);
    return full;
  }

  /** Meta's review: sets the status and reports it with a signed webhook. */
  async reviewTemplate(
    templateId: string,
    event: "APPROVED" | "REJECTED" | "PAUSED" | "DISABLED",
    rejection?: { reason: string; recommendation: string },
  ) {
    const template = this.templates.find((t) => t.id === templateId);
    if (!template) throw new Error(`no template ${templateId}`);
    template.status = event;
    if (rejection) template.rejectedReason = rejection.reason;
    return this.emit(
      template.wabaId,
      templateStatusChange({
        templateId,
        name: template.name,
        language: template.language,
        event,
        reason: event === "REJECTED" ? "INVALID_FORMAT" : undefined,
        rejection,
        category: template.category,
      }),
    );
  }

  // --- webhooks back to the app ----------------------------------------------------------

  /** POSTs a signed webhook to the app (non-ASCII escaped as Meta does). Returns the HTTP status. */
  async emitBody(body: unknown, { signature }: { signature?: string } = {}): Promise<number> {
    if (!this.options.webhookUrl) throw new Error("the stand-in has no webhookUrl to call");
    const raw = metaJson(body);
    const response = await fetch(this.options.webhookUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Hub-Signature-256": signature ?? signMetaBody(raw, this.options.appSecret) },
      body: raw,
    });
    return response.status;
  }

  private lastEntrySecond = 0;

  /**
   * Emits changes in one envelope. Meta's deliveries are seconds apart; a test emits faster, so
   * each envelope gets the next free second (two identical updates stay two deliveries).
   */
  async emit(wabaId: string, ...changes: { field: string; value: Record<string, unknown> }[]): Promise<number> {
    this.lastEntrySecond = Math.max(Math.floor(Date.now() / 1000), this.lastEntrySecond + 1);
    return this.emitBody(metaEnvelope(wabaId, changes, new Date(this.lastEntrySecond * 1000)));
  }

  async emitStatus(input: Omit<Parameters<typeof statusChange>[0], "displayPhoneNumber">): Promise<number> {
    const number = this.number(input.phoneNumberId);
    return this.emit(number.wabaId, statusChange({ ...input, displayPhoneNumber: number.displayPhoneNumber }));
  }

  async emitInbound(
    input: Omit<Parameters<typeof inboundMessageChange>[0], "displayPhoneNumber" | "messageId"> & { messageId?: string },
  ): Promise<{ status: number; messageId: string }> {
    const number = this.number(input.phoneNumberId);
    const messageId = input.messageId ?? `wamid.${randomBytes(18).toString("base64url")}`;
    const status = await this.emit(
      number.wabaId,
      inboundMessageChange({ ...input, messageId, displayPhoneNumber: number.displayPhoneNumber }),
    );
    return { status, messageId };
  }

  private number(phoneNumberId: string): StandInNumber {
    const number = this.numbers.get(phoneNumberId);
    if (!number) throw new Error(`the stand-in has no number ${phoneNumberId}`);
    return number;
  }

  // --- the Graph API ----------------------------------------------------------------------

  protected async handle(request: RecordedRequest, raw: Buffer): Promise<StandInResponse> {
    const download = request.path.match(/^\/media-download\/([\w-]+)$/);
    if (download) return this.authorized(request, () => this.downloadMedia(download[1]));

    const match = request.path.match(/^\/v\d+\.\d+\/(.+)$/);
    if (!match) return graphError(400, 2500, "Unknown path components");
    const parts = match[1].split("/");

    if (parts[0] === "oauth" && parts[1] === "access_token") return this.exchangeCode(request);

    return this.authorized(request, async (token) => {
      const [id, edge] = parts;
      if (edge === "uploads" && request.method === "POST") return this.startUpload(request);
      if (id.startsWith("upload:") && request.method === "POST") return this.finishUpload(id, request, raw);
      if (edge === "messages" && request.method === "POST") return this.sendMessage(id, token, request);
      if (edge === "media" && request.method === "POST") return this.uploadMedia(id, token, request, raw);
      if (edge === "message_templates") return this.templateEdge(id, token, request);
      if (!edge && request.method === "GET") return this.getObject(id, token, request);
      if (!edge && request.method === "POST") return this.editTemplate(id, token, request);
      return graphError(400, 100, `Unsupported ${request.method} request.`);
    });
  }

  private async authorized(request: RecordedRequest, next: (token: string) => Promise<StandInResponse> | StandInResponse) {
    const token = request.headers.authorization?.replace(/^Bearer\s+/i, "") ?? "";
    if (!token) return graphError(400, 2500, "An active access token must be used to query information about the current user.");
    const known = [...this.numbers.values()].some((n) => n.accessToken === token);
    if (!known) return graphError(401, 190, "Invalid OAuth access token - Cannot parse access token", undefined);
    if (this.revokedTokens.has(token)) return graphError(401, 190, "Error validating access token: Session has expired.", undefined, 463);
    return next(token);
  }

  private ownedNumber(id: string, token: string): StandInNumber | undefined {
    const number = this.numbers.get(id);
    return number && number.accessToken === token ? number : undefined;
  }

  private objectMissing(id: string) {
    return graphError(
      400,
      100,
      `Unsupported get request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
      undefined,
      33,
    );
  }

  private sendMessage(phoneNumberId: string, token: string, request: RecordedRequest): StandInResponse {
    const number = this.ownedNumber(phoneNumberId, token);
    if (!number) return this.objectMissing(phoneNumberId);
    const body = request.body as JsonObject;
    if (body?.status === "read") {
      if (!body.message_id) return graphError(400, 100, "The parameter message_id is required.");
      return { status: 200, body: { success: true } };
    }
    const problem = checkMessage(
      body ?? {},
      this.templates.filter((t) => t.wabaId === number.wabaId),
      this.strictTemplates,
    );
    if (problem) return problem;
    this.acceptedRequests.add(request);
    const wamid = `wamid.HBgL${randomBytes(24).toString("base64url")}`;
    const to = String(body.to).replace(/^\+/, "");
    if (this.autoStatuses) this.scheduleStatuses(number, wamid, `+${to}`, body.biz_opaque_callback_data);
    return {
      status: 200,
      body: {
        messaging_product: "whatsapp",
        contacts: [{ input: body.to, wa_id: to }],
        messages: [{ id: wamid, ...(body.type === "template" ? { message_status: "accepted" } : {}) }],
      },
    };
  }

  private scheduleStatuses(number: StandInNumber, messageId: string, recipient: string, callbackData?: string) {
    const { sentMs, deliveredMs, readMs } = this.autoStatuses!;
    const plan: ["sent" | "delivered" | "read", number][] = [
      ["sent", sentMs],
      ["delivered", deliveredMs],
    ];
    if (readMs !== undefined) plan.push(["read", readMs]);
    for (const [status, delay] of plan) {
      setTimeout(() => {
        void this.emitStatus({ phoneNumberId: number.phoneNumberId, messageId, status, recipient, callbackData }).catch(() => undefined);
      }, delay).unref();
    }
  }

  private getObject(id: string, token: string, request: RecordedRequest): StandInResponse {
    const number = this.ownedNumber(id, token);
    if (number) {
      const fields = (request.query.fields ?? "display_phone_number,verified_name,quality_rating").split(",");
      const all: Record<string, unknown> = {
        display_phone_number: number.displayPhoneNumber,
        verified_name: number.verifiedName,
        quality_rating: number.qualityRating,
        name_status: number.nameStatus,
        messaging_limit_tier: number.messagingLimit,
        throughput: { level: number.throughputLevel },
      };
      return {
        status: 200,
        body: { ...Object.fromEntries(fields.filter((f) => f in all).map((f) => [f, all[f]])), id: number.phoneNumberId },
      };
    }
    const media = this.media.get(id);
    if (media && this.ownedNumber(media.phoneNumberId, token)) {
      return {
        status: 200,
        body: {
          messaging_product: "whatsapp",
          url: `${this.url}/media-download/${id}`,
          mime_type: media.mimeType,
          sha256: createHash("sha256").update(media.data).digest("hex"),
          file_size: media.data.length,
          id,
        },
      };
    }
    return this.objectMissing(id);
  }

  private async uploadMedia(phoneNumberId: string, token: string, request: RecordedRequest, raw: Buffer): Promise<StandInResponse> {
    if (!this.ownedNumber(phoneNumberId, token)) return this.objectMissing(phoneNumberId);
    const form = await new Request(`${this.url}${request.path}`, {
      method: "POST",
      headers: { "content-type": request.headers["content-type"] ?? "" },
      body: new Uint8Array(raw),
    }).formData();
    const file = form.get("file");
    if (form.get("messaging_product") !== "whatsapp") return graphError(400, 100, "The parameter messaging_product is required.");
    if (!(file instanceof Blob)) return graphError(400, 100, "The parameter file is required.");
    const id = String(3_000_000_000_000_000 + this.media.size + 1);
    this.media.set(id, { data: Buffer.from(await file.arrayBuffer()), mimeType: String(form.get("type") ?? file.type), phoneNumberId });
    return { status: 200, body: { id } };
  }

  private downloadMedia(id: string): StandInResponse {
    const media = this.media.get(id);
    if (!media) return { status: 404, body: { error: { message: "not found", code: 100 } } };
    return { status: 200, raw: media.data, contentType: media.mimeType };
  }

  private templateEdge(wabaId: string, token: string, request: RecordedRequest): StandInResponse {
    const owns = [...this.numbers.values()].some((n) => n.wabaId === wabaId && n.accessToken === token);
    if (!owns) return this.objectMissing(wabaId);
    const mine = this.templates.filter((t) => t.wabaId === wabaId);
    if (request.method === "GET") {
      const filtered = request.query.name ? mine.filter((t) => t.name === request.query.name) : mine;
      const limit = Math.min(Number(request.query.limit ?? 25), 250);
      const start = request.query.after ? Number(Buffer.from(request.query.after, "base64url").toString()) : 0;
      const page = filtered.slice(start, start + limit);
      const after = Buffer.from(String(start + page.length)).toString("base64url");
      const more = start + page.length < filtered.length;
      return {
        status: 200,
        body: {
          data: page.map((t) => ({
            id: t.id,
            name: t.name,
            language: t.language,
            status: t.status,
            category: t.category,
            parameter_format: t.parameterFormat,
            components: t.components,
            ...(t.rejectedReason ? { rejected_reason: t.rejectedReason } : {}),
          })),
          paging: {
            cursors: { before: Buffer.from(String(start)).toString("base64url"), after },
            ...(more ? { next: `${this.url}${request.path}?limit=${limit}&after=${after}` } : {}),
          },
        },
      };
    }
    if (request.method === "POST") {
      const body = request.body as Partial<StandInTemplate> & { parameter_format?: string };
      if (!body?.name || !/^[a-z0-9_]{1,512}$/.test(body.name))
        return invalidParameter("Template name must be lowercase letters, numbers and underscores");
      if (!body.language) return graphError(400, 100, "The parameter language is required.");
      if (!["UTILITY", "MARKETING", "AUTHENTICATION"].includes(String(body.category)))
        return invalidParameter("category must be UTILITY, MARKETING or AUTHENTICATION");
      if (!Array.isArray(body.components) || !body.components.some((c) => c.type === "BODY"))
        return invalidParameter("A template needs a BODY component");
      const problem = checkTemplateExamples(body.components, this.sampleHandles);
      if (problem) return problem;
      if (mine.some((t) => t.name === body.name && t.language === body.language))
        return graphError(400, 100, "Invalid parameter", `Content in this language already exists (${body.language}).`, 2388024);
      const template = this.addTemplate({
        wabaId,
        name: body.name,
        language: body.language,
        category: String(body.category),
        status: "PENDING",
        parameterFormat: String(body.parameter_format ?? "POSITIONAL").toUpperCase(),
        components: body.components,
      });
      return { status: 200, body: { id: template.id, status: "PENDING", category: template.category } };
    }
    if (request.method === "DELETE") {
      const matches = mine.filter((t) => t.name === request.query.name && (!request.query.hsm_id || t.id === request.query.hsm_id));
      if (!matches.length) return graphError(400, 100, "Invalid parameter", `Message template "${request.query.name}" not found`);
      for (const template of matches) this.templates.splice(this.templates.indexOf(template), 1);
      return { status: 200, body: { success: true } };
    }
    return graphError(400, 100, `Unsupported ${request.method} request.`);
  }

  private editTemplate(templateId: string, token: string, request: RecordedRequest): StandInResponse {
    const template = this.templates.find((t) => t.id === templateId);
    if (!template || ![...this.numbers.values()].some((n) => n.wabaId === template.wabaId && n.accessToken === token))
      return this.objectMissing(templateId);
    const body = request.body as Partial<StandInTemplate>;
    if (body.components) template.components = body.components;
    if (body.category) template.category = body.category;
    template.status = "PENDING";
    return { status: 200, body: { success: true } };
  }

  /** Resumable Upload API (template media samples): a session, then the bytes, then a handle. */
  private readonly uploads = new Map<string, { length: number; type: string }>();
  readonly sampleHandles = new Map<string, { data: Buffer; mimeType: string }>();

  private startUpload(request: RecordedRequest): StandInResponse {
    const length = Number(request.query.file_length);
    if (!request.query.file_type || !Number.isInteger(length) || length <= 0)
      return invalidParameter("file_length and file_type are required");
    const id = `upload:${randomBytes(12).toString("base64url")}`;
    this.uploads.set(id, { length, type: request.query.file_type });
    return { status: 200, body: { id } };
  }

  private finishUpload(id: string, request: RecordedRequest, raw: Buffer): StandInResponse {
    const upload = this.uploads.get(id);
    if (!upload) return this.objectMissing(id);
    if (request.headers.file_offset !== "0") return invalidParameter("file_offset header is required");
    if (raw.length !== upload.length) return invalidParameter(`expected ${upload.length} bytes, got ${raw.length}`);
    const handle = `4::${randomBytes(16).toString("base64url")}`;
    this.sampleHandles.set(handle, { data: raw, mimeType: upload.type });
    this.uploads.delete(id);
    return { status: 200, body: { h: handle } };
  }

  private exchangeCode(request: RecordedRequest): StandInResponse {
    const token = this.signupCodes.get(request.query.code ?? "");
    if (!request.query.client_id || !request.query.client_secret) return graphError(400, 101, "Missing client_id parameter.");
    if (!token) return graphError(400, 100, "Invalid verification code format.", undefined, 36007);
    this.signupCodes.delete(request.query.code!);
    return { status: 200, body: { access_token: token, token_type: "bearer" } };
  }
}
