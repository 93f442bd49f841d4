import { describeError, describeHttpFailure, WhatsAppError } from "../errors";

/** The Graph API version every call uses — pinned here and nowhere else. */
export const GRAPH_API_VERSION = "v24.0";

export interface GraphClientOptions {
  /** `https://graph.facebook.com` in production; a loopback stand-in in tests and the demo. */
  baseUrl: string;
  accessToken: string;
  timeoutMs?: number;
}

type Query = Record<string, string | number | undefined>;

interface GraphErrorBody {
  error?: {
    message?: string;
    type?: string;
    code?: number;
    error_subcode?: number;
    error_data?: { details?: string };
    fbtrace_id?: string;
  };
}

/**
 * A thin HTTP client for Meta's Graph API: bearer auth, a timeout, and Graph's error body
 * turned into a classified WhatsAppError (branching on `error.code`, never the HTTP status).
 * The token never appears in an error it raises.
 */
export class GraphClient {
  private readonly baseUrl: string;
  private readonly timeoutMs: number;

  constructor(private readonly options: GraphClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.timeoutMs = options.timeoutMs ?? 15_000;
  }

  url(path: string, query: Query = {}): URL {
    const url = new URL(`${this.baseUrl}/${GRAPH_API_VERSION}/${path.replace(/^\/+/, "")}`);
    for (const [key, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(key, String(value));
    return url;
  }

  async request<T>(
    method: "GET" | "POST" | "DELETE",
    path: string,
    init: { query?: Query; json?: unknown; form?: FormData } = {},
  ): Promise<T> {
    const response = await this.fetch(this.url(path, init.query), {
      method,
      headers: init.json !== undefined ? { "Content-Type": "application/json" } : undefined,
      body: init.json !== undefined ? JSON.stringify(init.json) : init.form,
    });
    return (await this.parse(response)) as T;
  }

  /** A GET on an absolute URL Meta handed out (media downloads), with the same auth. */
  async fetch(url: URL | string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.options.accessToken) headers.set("Authorization", `Bearer ${this.options.accessToken}`);
    try {
      return await fetch(url, { ...init, headers, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause;
      const timedOut = (error as Error).name === "TimeoutError";
      throw new WhatsAppError(describeHttpFailure(timedOut ? "timeout" : "network"), {
        providerMessage: timedOut ? `no answer within ${this.timeoutMs} ms` : (cause?.code ?? (error as Error).message),
        // The request may have reached Meta before the connection broke.
        outcomeUnknown: timedOut || cause?.code !== "ECONNREFUSED",
      });
    }
  }

  private async parse(response: Response): Promise<unknown> {
    const text = await response.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : {};
    } catch {
      body = undefined;
    }
    const graphError = (body as GraphErrorBody | undefined)?.error;
    if (graphError && typeof graphError.code === "number") {
      throw new WhatsAppError(describeError(graphError.code), {
        providerMessage: this.scrub(graphError.error_data?.details ?? graphError.message),
        httpStatus: response.status,
        subcode: graphError.error_subcode,
        traceId: graphError.fbtrace_id,
      });
    }
    if (!response.ok || body === undefined) {
      throw new WhatsAppError(describeHttpFailure(response.status), {
        httpStatus: response.status,
        providerMessage: response.ok ? "the answer was not JSON" : undefined,
        outcomeUnknown: response.status >= 500,
      });
    }
    return body;
  }

  private scrub(message: string | undefined): string | undefined {
    return this.options.accessToken ? message?.replaceAll(this.options.accessToken, "[redacted]") : message;
  }
}
