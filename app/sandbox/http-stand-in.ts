import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Socket } from "node:net";

/**
 * The HTTP plumbing shared by the loopback stand-ins for services outside our reach (Meta's
 * Graph API, UltraMsg): a real server on 127.0.0.1, every request recorded, and faults that
 * tests and benchmarks can inject per call or at a rate.
 */
export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
  rawBody: string;
  at: Date;
}

export interface Fault {
  /** HTTP status of the failure answer (Meta: 4xx/5xx with its error body). */
  status?: number;
  /** The JSON body to answer with. */
  body?: unknown;
  /** Never answer (the client's timeout fires). */
  hang?: boolean;
  /** Destroy the connection without an answer. */
  drop?: boolean;
  /** Answer normally, but only after this long. */
  delayMs?: number;
}

export interface StandInResponse {
  status: number;
  body?: unknown;
  raw?: Uint8Array;
  contentType?: string;
}

type Matcher = (request: RecordedRequest) => boolean;

/** A small deterministic random source, so a fault rate gives the same run every time. */
export function seededRandom(seed = 42): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export abstract class HttpStandIn {
  readonly requests: RecordedRequest[] = [];
  url = "";
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  private readonly queuedFaults: { fault: Fault; match: Matcher; times: number }[] = [];
  private rateFault?: { rate: number; faults: Fault[]; match: Matcher; random: () => number };

  protected abstract handle(request: RecordedRequest, raw: Buffer): Promise<StandInResponse> | StandInResponse;

  async listen(port = 0): Promise<this> {
    this.server = createServer((req, res) => void this.serve(req, res));
    this.server.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server!.listen(port, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The next `times` requests matching `match` get `fault` instead of an answer. */
  failNext(fault: Fault, { times = 1, match = () => true }: { times?: number; match?: Matcher } = {}): void {
    this.queuedFaults.push({ fault, match, times });
  }

  /** From now on, a share `rate` of matching requests get one of `faults` (seeded, repeatable). */
  failAtRate(rate: number, faults: Fault[], { match = () => true, seed = 42 }: { match?: Matcher; seed?: number } = {}): void {
    this.rateFault = rate > 0 ? { rate, faults, match, random: seededRandom(seed) } : undefined;
  }

  clearFaults(): void {
    this.queuedFaults.length = 0;
    this.rateFault = undefined;
  }

  private pickFault(request: RecordedRequest): Fault | undefined {
    const queued = this.queuedFaults.find((entry) => entry.match(request));
    if (queued) {
      queued.times -= 1;
      if (queued.times <= 0) this.queuedFaults.splice(this.queuedFaults.indexOf(queued), 1);
      return queued.fault;
    }
    const rate = this.rateFault;
    if (rate && rate.match(request) && rate.random() < rate.rate) {
      return rate.faults[Math.floor(rate.random() * rate.faults.length)];
    }
    return undefined;
  }

  private async serve(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const url = new URL(req.url ?? "/", this.url);
    const rawBody = raw.toString("utf8");
    let body: unknown = rawBody;
    const contentType = String(req.headers["content-type"] ?? "");
    if (contentType.includes("application/json")) {
      try {
        body = JSON.parse(rawBody);
      } catch {
        body = rawBody;
      }
    } else if (contentType.includes("application/x-www-form-urlencoded")) {
      body = Object.fromEntries(new URLSearchParams(rawBody));
    }
    const request: RecordedRequest = {
      method: req.method ?? "GET",
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])),
      body,
      rawBody,
      at: new Date(),
    };
    this.requests.push(request);

    const fault = this.pickFault(request);
    if (fault?.drop) return void req.socket.destroy();
    if (fault?.hang) return; // the socket stays open until the client gives up or close()
    if (fault?.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    const answer: StandInResponse =
      fault && (fault.status || fault.body) ? { status: fault.status ?? 500, body: fault.body } : await this.handleSafely(request, raw);
    res.statusCode = answer.status;
    if (answer.raw) {
      res.setHeader("Content-Type", answer.contentType ?? "application/octet-stream");
      res.end(answer.raw);
    } else {
      res.setHeader("Content-Type", "application/json");
      res.end(answer.body === undefined ? "" : JSON.stringify(answer.body));
    }
  }

  private async handleSafely(request: RecordedRequest, raw: Buffer): Promise<StandInResponse> {
    try {
      return await this.handle(request, raw);
    } catch (error) {
      return { status: 500, body: { error: { message: `stand-in error: ${(error as Error).message}`, code: 1 } } };
    }
  }
}
