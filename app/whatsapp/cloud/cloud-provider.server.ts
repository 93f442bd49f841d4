import { whatsappLimits } from "../limits";
import { InvalidMessageError, validateOutboundMessage } from "../message";
import type {
  MediaOperations,
  PhoneNumberFacts,
  ProviderCapabilities,
  ProviderTemplate,
  SendRequest,
  SendResult,
  TemplateOperations,
  WhatsAppProvider,
} from "../provider";
import { GraphClient } from "./graph-client.server";
import { cloudMarkReadPayload, cloudMessagePayload } from "./payloads";

export interface CloudCredentials {
  phoneNumberId: string;
  wabaId: string;
  accessToken: string;
}

export const cloudCapabilities: ProviderCapabilities = {
  nativeTypes: [
    "text",
    "image",
    "video",
    "audio",
    "sticker",
    "document",
    "location",
    "reaction",
    "buttons",
    "list",
    "product",
    "product_list",
    "catalog",
    "template",
  ],
  templates: true,
  interactive: true,
  catalog: true,
  markRead: true,
  mediaUpload: true,
  serviceWindow: true,
  notes: [
    "Official WhatsApp Business Platform: templates, buttons, lists, catalog products and read receipts.",
    "Outside the 24-hour customer service window only approved templates can be sent.",
  ],
};

/** Media URLs Meta hands out live on its own hosts; the token is only ever sent there. */
const trustedMediaHosts = [/\.fbsbx\.com$/, /\.facebook\.com$/, /\.whatsapp\.net$/, /\.fbcdn\.net$/];

interface SendResponse {
  contacts?: { input: string; wa_id: string }[];
  messages?: { id: string; message_status?: string }[];
}

interface TemplateListResponse {
  data: {
    id: string;
    name: string;
    language: string;
    status: string;
    category: string;
    parameter_format?: string;
    components?: unknown[];
    rejected_reason?: string;
  }[];
  paging?: { cursors?: { after?: string }; next?: string };
}

/** Meta's WhatsApp Cloud API: everything the product needs. */
export class CloudApiProvider implements WhatsAppProvider {
  readonly kind = "CLOUD" as const;
  readonly capabilities = cloudCapabilities;
  private readonly graph: GraphClient;

  constructor(
    private readonly credentials: CloudCredentials,
    private readonly options: { graphUrl: string; timeoutMs?: number; appId?: string },
  ) {
    this.graph = new GraphClient({ baseUrl: options.graphUrl, accessToken: credentials.accessToken, timeoutMs: options.timeoutMs });
  }

  async send({ to, message, callbackData }: SendRequest): Promise<SendResult> {
    const valid = validateOutboundMessage(message);
    if (callbackData && callbackData.length > whatsappLimits.bizOpaqueCallbackData) {
      throw new InvalidMessageError([`callback data exceeds ${whatsappLimits.bizOpaqueCallbackData} characters`]);
    }
    const response = await this.graph.request<SendResponse>("POST", `${this.credentials.phoneNumberId}/messages`, {
      json: cloudMessagePayload(to, valid, callbackData),
    });
    const id = response.messages?.[0]?.id;
    if (!id) throw new Error("WhatsApp accepted the message but returned no message id");
    return { providerMessageId: id, waId: response.contacts?.[0]?.wa_id };
  }

  async markRead(messageId: string, options: { typingIndicator?: boolean } = {}): Promise<void> {
    await this.graph.request("POST", `${this.credentials.phoneNumberId}/messages`, {
      json: cloudMarkReadPayload(messageId, options.typingIndicator),
    });
  }

  async numberFacts(): Promise<PhoneNumberFacts> {
    const facts = await this.graph.request<{
      id: string;
      display_phone_number: string;
      verified_name?: string;
      quality_rating?: string;
      name_status?: string;
      messaging_limit_tier?: string;
      throughput?: { level?: string };
    }>("GET", this.credentials.phoneNumberId, {
      query: { fields: "display_phone_number,verified_name,quality_rating,name_status,messaging_limit_tier,throughput" },
    });
    return {
      phoneNumberId: facts.id ?? this.credentials.phoneNumberId,
      displayPhoneNumber: facts.display_phone_number,
      verifiedName: facts.verified_name,
      qualityRating: facts.quality_rating,
      nameStatus: facts.name_status,
      messagingLimit: facts.messaging_limit_tier,
      throughputLevel: facts.throughput?.level,
    };
  }

  readonly templates: TemplateOperations = {
    create: async (draft) =>
      this.graph.request<{ id: string; status: string; category: string }>("POST", `${this.credentials.wabaId}/message_templates`, {
        json: {
          name: draft.name,
          language: draft.language,
          category: draft.category,
          ...(draft.parameterFormat ? { parameter_format: draft.parameterFormat } : {}),
          components: draft.components,
        },
      }),
    list: async ({ limit = 100, after, name } = {}) => {
      const page = await this.graph.request<TemplateListResponse>("GET", `${this.credentials.wabaId}/message_templates`, {
        query: { fields: "name,language,status,category,parameter_format,components,rejected_reason", limit, after, name },
      });
      const templates: ProviderTemplate[] = page.data.map((t) => ({
        id: t.id,
        name: t.name,
        language: t.language,
        status: t.status,
        category: t.category,
        parameterFormat: t.parameter_format === "NAMED" || t.parameter_format === "named" ? "named" : "positional",
        components: t.components ?? [],
        rejectedReason: t.rejected_reason && t.rejected_reason !== "NONE" ? t.rejected_reason : undefined,
      }));
      return { templates, after: page.paging?.next ? page.paging.cursors?.after : undefined };
    },
    edit: async (template, changes) => {
      await this.graph.request("POST", template.id, { json: changes });
    },
    delete: async (name, templateId) => {
      await this.graph.request("DELETE", `${this.credentials.wabaId}/message_templates`, {
        query: { name, hsm_id: templateId },
      });
    },
    // Meta's Resumable Upload API: a session on the app, then the bytes; the answer is the handle.
    uploadSample: async ({ data, mimeType, filename }) => {
      if (!this.options.appId) throw new Error("Templates with a media header need META_APP_ID set, to upload the sample for review.");
      const session = await this.graph.request<{ id: string }>("POST", `${this.options.appId}/uploads`, {
        query: { file_name: filename, file_length: data.length, file_type: mimeType },
      });
      const response = await this.graph.fetch(this.graph.url(session.id), {
        method: "POST",
        headers: { file_offset: "0", "Content-Type": mimeType },
        body: new Uint8Array(data),
      });
      const { h } = (await response.json()) as { h?: string };
      if (!response.ok || !h) throw new Error(`Meta did not accept the sample upload (HTTP ${response.status})`);
      return h;
    },
  };

  readonly media: MediaOperations = {
    upload: async ({ data, mimeType, filename }) => {
      const form = new FormData();
      form.set("messaging_product", "whatsapp");
      form.set("type", mimeType);
      form.set("file", new Blob([new Uint8Array(data)], { type: mimeType }), filename);
      return this.graph.request<{ id: string }>("POST", `${this.credentials.phoneNumberId}/media`, { form });
    },
    describe: async (mediaId) => {
      const media = await this.graph.request<{ url: string; mime_type: string; sha256?: string; file_size?: number }>("GET", mediaId);
      return { url: media.url, mimeType: media.mime_type, sha256: media.sha256, fileSize: media.file_size };
    },
    download: async (mediaId) => {
      const { url, mimeType } = await this.media.describe(mediaId);
      const target = new URL(url);
      const graphHost = this.graph.url("").host;
      if (target.host !== graphHost && !trustedMediaHosts.some((host) => host.test(target.hostname))) {
        throw new Error(`Refusing to send the access token to ${target.hostname}, which is not a Meta media host`);
      }
      const response = await this.graph.fetch(target);
      if (!response.ok) throw new Error(`Media download answered HTTP ${response.status}`);
      return { data: new Uint8Array(await response.arrayBuffer()), mimeType };
    },
  };

  /**
   * Embedded Signup: trades the code from Meta's signup popup for a business token. Kept here,
   * behind the provider, for operators who are Meta Tech Providers.
   */
  static async exchangeSignupCode(options: { graphUrl: string; appId: string; appSecret: string; code: string }): Promise<string> {
    const client = new GraphClient({ baseUrl: options.graphUrl, accessToken: "" });
    const { access_token } = await client.request<{ access_token: string }>("GET", "oauth/access_token", {
      query: { client_id: options.appId, client_secret: options.appSecret, code: options.code },
    });
    return access_token;
  }
}
