import { HttpStandIn, type RecordedRequest, type StandInResponse } from "./http-stand-in";

/**
 * A loopback stand-in for UltraMsg's API: form-encoded sends answered the way UltraMsg answers
 * (failures inside a 200 body), instance status, and webhooks back to the app.
 */
export interface StandInInstance {
  instanceId: string; // "instance12345"
  token: string;
  /** authenticated | qr | loading | stopped … */
  status: string;
  phone: string; // digits
  name: string;
}

const endpoints: Record<string, string[]> = {
  chat: ["body"],
  image: ["image"],
  video: ["video"],
  audio: ["audio"],
  document: ["document", "filename"],
  sticker: ["sticker"],
  location: ["address", "lat", "lng"],
  reaction: ["msgId", "emoji"],
  link: ["link"],
};

export class UltraMsgStandIn extends HttpStandIn {
  readonly instances = new Map<string, StandInInstance>();
  private nextId = 1;

  constructor(private readonly options: { webhookUrl?: string } = {}) {
    super();
  }

  static async start(options: { webhookUrl?: string } = {}): Promise<UltraMsgStandIn> {
    return new UltraMsgStandIn(options).listen();
  }

  set webhookUrl(url: string) {
    this.options.webhookUrl = url;
  }

  addInstance(instance: Partial<StandInInstance> & { token: string }): StandInInstance {
    const full: StandInInstance = {
      instanceId: `instance${10_000 + this.instances.size + 1}`,
      status: "authenticated",
      phone: "15550100177",
      name: "Demo Store",
      ...instance,
    };
    this.instances.set(full.instanceId, full);
    return full;
  }

  /** Messages the stand-in accepted, with the endpoint used. */
  sentMessages(): (Record<string, string> & { endpoint: string })[] {
    return this.requests
      .filter((r) => r.method === "POST" && r.path.includes("/messages/") && this.accepted.has(r))
      .map((r) => ({ endpoint: r.path.split("/").at(-1)!, ...(r.body as Record<string, string>) }));
  }

  private readonly accepted = new WeakSet<RecordedRequest>();

  /** POSTs an UltraMsg webhook to the app. */
  async emit(body: { event_type: string; instanceId: string; data: Record<string, unknown> }): Promise<number> {
    if (!this.options.webhookUrl) throw new Error("the stand-in has no webhookUrl to call");
    const response = await fetch(this.options.webhookUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    return response.status;
  }

  protected handle(request: RecordedRequest): StandInResponse {
    const [, instanceId, group, action] = request.path.split("/");
    const instance = this.instances.get(instanceId);
    const params = { ...request.query, ...(typeof request.body === "object" ? (request.body as Record<string, string>) : {}) };
    if (!instance) return { status: 200, body: { error: "Instance ID Invalid , Instance ID not found" } };
    if (params.token !== instance.token) return { status: 200, body: { error: "Wrong token. Please provide token as a GET parameter." } };

    if (group === "instance" && action === "status") {
      return {
        status: 200,
        body: {
          status: {
            accountStatus: { status: instance.status, substatus: instance.status === "authenticated" ? "connected" : instance.status },
          },
        },
      };
    }
    if (group === "instance" && action === "me") {
      return { status: 200, body: { id: `${instance.phone}@c.us`, name: instance.name, is_business: true } };
    }
    if (group === "messages" && request.method === "POST" && endpoints[action]) {
      if (instance.status !== "authenticated")
        return { status: 200, body: { sent: "false", message: `instance is ${instance.status}; scan the QR code` } };
      const missing = ["to", ...endpoints[action]].filter((field) => !params[field]);
      if (missing.length) return { status: 200, body: { error: missing.map((field) => ({ [field]: `${field} is required` })) } };
      if (!/^\+?\d{7,15}$/.test(params.to.replace(/@c\.us$/, "")))
        return { status: 200, body: { error: [{ to: "invalid phone number" }] } };
      this.accepted.add(request);
      return { status: 200, body: { sent: "true", message: "ok", id: this.nextId++ } };
    }
    return { status: 404, body: { error: "not found" } };
  }
}
