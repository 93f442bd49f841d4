import type { ErrorInfo } from "../errors";
import { describeHttpFailure, WhatsAppError } from "../errors";
import { validateOutboundMessage } from "../message";
import type { PhoneNumberFacts, ProviderCapabilities, SendRequest, SendResult, WhatsAppProvider } from "../provider";
import { ultraMsgSend } from "./degrade";

export interface UltraMsgCredentials {
  instanceId: string;
  token: string;
}

export const ultraMsgCapabilities: ProviderCapabilities = {
  nativeTypes: ["text", "image", "video", "audio", "sticker", "document", "location", "reaction"],
  templates: false,
  interactive: false,
  catalog: false,
  markRead: false,
  mediaUpload: false,
  serviceWindow: false,
  notes: [
    "A third-party gateway that drives a WhatsApp Web session on your phone; not Meta's official API.",
    "No templates, buttons, lists or catalog messages: they arrive as text with links.",
    "Meta may restrict numbers used for bulk messaging this way. Prefer the Cloud API for live stores.",
  ],
};

/** UltraMsg reports most failures inside a 200 body; each is classified here. */
function classify(message: string): ErrorInfo {
  const text = message.toLowerCase();
  if (/token|unauthori[sz]ed|instance (?:id )?(?:is )?(?:invalid|not found)|stopped|expired|qr|not authenticated|payment/.test(text)) {
    return {
      code: 0,
      title: "UltraMsg instance not usable",
      class: "shop_level",
      actions: ["open_circuit", "reconnect"],
      hint: "The UltraMsg instance is stopped, unpaid, logged out of WhatsApp, or the token is wrong. Fix it in UltraMsg, then test the connection in Settings.",
    };
  }
  if (/phone|number|chat ?id|not (?:on|a) whatsapp/.test(text)) {
    return {
      code: 0,
      title: "UltraMsg could not reach this number",
      class: "permanent_recipient",
      actions: ["suppress_number"],
      hint: "The number is invalid or not on WhatsApp.",
    };
  }
  return {
    code: 0,
    title: "UltraMsg refused the message",
    class: "retry_later",
    retryAfterMs: 60_000,
    actions: [],
    hint: "UltraMsg refused the message. It is retried a few times; check the instance in UltraMsg if it keeps failing.",
  };
}

/** UltraMsg, a WhatsApp Web gateway: text, media and location; the rest degrades to text. */
export class UltraMsgProvider implements WhatsAppProvider {
  readonly kind = "ULTRAMSG" as const;
  readonly capabilities = ultraMsgCapabilities;
  private readonly baseUrl: string;

  constructor(
    private readonly credentials: UltraMsgCredentials,
    private readonly options: { apiUrl: string; timeoutMs?: number },
  ) {
    this.baseUrl = `${options.apiUrl.replace(/\/+$/, "")}/${encodeURIComponent(credentials.instanceId)}`;
  }

  async send({ to, message, callbackData }: SendRequest): Promise<SendResult> {
    const { endpoint, params, degradedTo } = ultraMsgSend(validateOutboundMessage(message));
    const body = new URLSearchParams({ token: this.credentials.token, to, ...params });
    if (callbackData) body.set("referenceId", callbackData);
    const answer = await this.call<{ sent?: string | boolean; message?: string; id?: string | number; error?: unknown }>(
      `messages/${endpoint}`,
      { method: "POST", body },
    );
    if (String(answer.sent) !== "true" || answer.id === undefined) {
      const reason = answer.error ? JSON.stringify(answer.error) : (answer.message ?? "sent=false");
      throw new WhatsAppError(classify(reason), { providerMessage: this.scrub(reason) });
    }
    return { providerMessageId: String(answer.id), degradedTo };
  }

  async numberFacts(): Promise<PhoneNumberFacts> {
    const status = await this.call<{ status?: { accountStatus?: { status?: string; substatus?: string } }; error?: unknown }>(
      `instance/status?${new URLSearchParams({ token: this.credentials.token })}`,
    );
    const state = status.status?.accountStatus?.status;
    if (status.error || state !== "authenticated") {
      const reason = status.error ? JSON.stringify(status.error) : `instance is ${state ?? "in an unknown state"}`;
      throw new WhatsAppError(classify(`instance not authenticated: ${reason}`), { providerMessage: this.scrub(reason) });
    }
    const me = await this.call<{ id?: string; name?: string }>(`instance/me?${new URLSearchParams({ token: this.credentials.token })}`);
    const number = (me.id ?? "").replace(/@c\.us$/, "");
    return {
      phoneNumberId: this.credentials.instanceId,
      displayPhoneNumber: number ? `+${number}` : "(unknown)",
      verifiedName: me.name,
      qualityRating: "UNKNOWN",
    };
  }

  private async call<T>(path: string, init: RequestInit = {}): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}/${path}`, { ...init, signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000) });
    } catch (error) {
      const timedOut = (error as Error).name === "TimeoutError";
      throw new WhatsAppError(describeHttpFailure(timedOut ? "timeout" : "network"), { outcomeUnknown: true });
    }
    const text = await response.text();
    if (!response.ok) {
      throw new WhatsAppError(
        response.status === 401 || response.status === 403 ? classify("unauthorized") : describeHttpFailure(response.status),
        {
          httpStatus: response.status,
          providerMessage: this.scrub(text.slice(0, 200)),
        },
      );
    }
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new WhatsAppError(describeHttpFailure(response.status), { providerMessage: "UltraMsg's answer was not JSON" });
    }
  }

  private scrub(text: string): string {
    return text.replaceAll(this.credentials.token, "[redacted]");
  }
}
