/**
 * The error catalogue: every WhatsApp/Graph error code the app knows, what the sender should
 * do about it, and a fix hint a staff member can act on. The one place codes live.
 */
export type ErrorClass =
  /** Transient: retry soon, with backoff and jitter, a bounded number of times. */
  | "retry_now"
  /** Throttled or held back: retry after `retryAfterMs`. */
  | "retry_later"
  /** The 24-hour window is closed: never retry free-form; send the mapped template instead. */
  | "window_closed"
  /** The content itself is wrong (parameters, template, media): retrying cannot help. */
  | "permanent_content"
  /** This recipient cannot receive it (not on WhatsApp, opted out). */
  | "permanent_recipient"
  /** The shop's account, token or payment is the problem: stop sending for the shop. */
  | "shop_level";

/** Side effects the sender should apply besides retrying or not. */
export type ErrorAction =
  | "slow_number" // throughput: lower the number's send rate
  | "pace_recipient" // pair rate: space messages to this recipient
  | "suppress_number" // undeliverable: suppress the number for a while
  | "record_opt_out" // the user stopped marketing messages
  | "template_fallback" // try another language or an earlier approved version
  | "mark_template" // the template is paused, disabled or in violation
  | "open_circuit" // stop the shop's sends until the problem is fixed
  | "reconnect"; // the token is invalid: staff must reconnect

export interface ErrorInfo {
  code: number;
  title: string;
  class: ErrorClass;
  retryAfterMs?: number;
  actions: ErrorAction[];
  /** What a staff member can do about it, in their words. */
  hint: string;
}

const minute = 60_000;
const entries: (Omit<ErrorInfo, "code"> & { codes: number[] })[] = [];

function define(codes: number[], info: Omit<ErrorInfo, "code">) {
  entries.push({ ...info, codes });
}

define([130429], {
  title: "Throughput limit reached for the number",
  class: "retry_later",
  retryAfterMs: 2_000,
  actions: ["slow_number"],
  hint: "The number is sending faster than Meta allows. Messages are slowed and retried automatically.",
});
define([131056], {
  title: "Too many messages to this customer in a short time",
  class: "retry_later",
  retryAfterMs: 6_000,
  actions: ["pace_recipient"],
  hint: "WhatsApp limits messages to one customer to about one every 6 seconds. Retried automatically.",
});
define([80007, 4, 17, 32, 613], {
  title: "API rate limit reached",
  class: "retry_later",
  retryAfterMs: minute,
  actions: [],
  hint: "Meta is rate-limiting this account's API calls. Retried automatically in a minute.",
});
define([131057], {
  title: "Business account in maintenance",
  class: "retry_later",
  retryAfterMs: minute,
  actions: [],
  hint: "Meta is upgrading the number's throughput. Retried automatically in a minute.",
});
define([1, 2, 131000, 131016], {
  title: "WhatsApp had a temporary problem",
  class: "retry_now",
  actions: [],
  hint: "A temporary problem at WhatsApp. Retried automatically; no action needed.",
});
define([131047], {
  title: "24-hour customer service window closed",
  class: "window_closed",
  actions: [],
  hint: "More than 24 hours have passed since the customer last wrote. Only an approved template can be sent.",
});
define([131026], {
  title: "Message undeliverable",
  class: "permanent_recipient",
  actions: ["suppress_number"],
  hint: "The number is not on WhatsApp, uses an old app, or has not accepted WhatsApp's terms. It is paused for a while.",
});
define([131049], {
  title: "Held back to protect the customer experience",
  class: "retry_later",
  retryAfterMs: 24 * 60 * minute,
  actions: [],
  hint: "Meta limits how many marketing messages a person receives. Tried again after 24 hours.",
});
define([131050], {
  title: "Customer stopped marketing messages",
  class: "permanent_recipient",
  actions: ["record_opt_out"],
  hint: "The customer turned off marketing messages from this business in WhatsApp. Their opt-out is recorded.",
});
define([131051], {
  title: "Unsupported message type",
  class: "permanent_content",
  actions: [],
  hint: "WhatsApp does not support this kind of message here. Change the message type.",
});
define([131052], {
  title: "Media download failed",
  class: "permanent_content",
  actions: [],
  hint: "WhatsApp could not download the media. Check that the image or file URL is public and the file type is supported.",
});
define([131053], {
  title: "Media upload failed",
  class: "permanent_content",
  actions: [],
  hint: "The media could not be uploaded. Check the file type and size.",
});
define([131008, 100], {
  title: "A required parameter is missing or invalid",
  class: "permanent_content",
  actions: [],
  hint: "The message is missing something or has an invalid value. Check the template variables and their bindings.",
});
define([131009], {
  title: "Parameter value is not valid",
  class: "permanent_content",
  actions: [],
  hint: "A value is not valid. Right after a template is approved this can happen for a few minutes; otherwise check the bindings.",
});
define([132000], {
  title: "Template parameter count does not match",
  class: "permanent_content",
  actions: [],
  hint: "The number of variables sent differs from the template's. Check the journey's variable bindings.",
});
define([132005], {
  title: "Template text too long after filling in variables",
  class: "permanent_content",
  actions: [],
  hint: "With its variables filled in, the message is too long. Shorten the template or the bound values.",
});
define([132008], {
  title: "Template parameter format does not match",
  class: "permanent_content",
  actions: [],
  hint: "A variable's value has the wrong format for the template (e.g. a URL or currency). Check the bindings.",
});
define([132012], {
  title: "Template parameter format mismatch",
  class: "permanent_content",
  actions: [],
  hint: "A variable's value does not match what the template expects. Check the bindings.",
});
define([132018], {
  title: "Template parameter contains forbidden characters",
  class: "permanent_content",
  actions: [],
  hint: "A variable's value contains new lines, tabs or many spaces in a row. Check the bound values.",
});
define([132001], {
  title: "Template does not exist in that language or is not approved",
  class: "permanent_content",
  actions: ["template_fallback"],
  hint: "The template is missing or not approved in the customer's language. Another language or version is tried.",
});
define([132007], {
  title: "Template violates WhatsApp policy",
  class: "permanent_content",
  actions: ["mark_template", "template_fallback"],
  hint: "Meta flagged the template's content. Edit it and submit it again.",
});
define([132015], {
  title: "Template is paused",
  class: "permanent_content",
  actions: ["mark_template", "template_fallback"],
  hint: "Meta paused the template for low quality. The previous approved version is used; improve the template.",
});
define([132016], {
  title: "Template is disabled",
  class: "permanent_content",
  actions: ["mark_template", "template_fallback"],
  hint: "Meta disabled the template after repeated quality problems. Create a new template.",
});
define([131021], {
  title: "Recipient is the sender",
  class: "permanent_recipient",
  actions: [],
  hint: "The customer's number is the business number itself.",
});
define([130472], {
  title: "Customer's number is part of a WhatsApp experiment",
  class: "permanent_recipient",
  actions: [],
  hint: "Meta is not delivering marketing messages to this number for now. Nothing to fix on your side.",
});
define([131031, 368, 131048], {
  title: "Business account restricted or locked",
  class: "shop_level",
  actions: ["open_circuit"],
  hint: "Meta restricted the WhatsApp Business account. Check WhatsApp Manager for the reason and request a review.",
});
define([130497], {
  title: "Messaging to this country is restricted",
  class: "shop_level",
  actions: ["open_circuit"],
  hint: "The business cannot message customers in this country. Check the account's allowed countries in WhatsApp Manager.",
});
define([131042], {
  title: "Payment problem on the business account",
  class: "shop_level",
  actions: ["open_circuit"],
  hint: "Meta could not charge the account. Add or fix the payment method in WhatsApp Manager, then resume sending.",
});
define([131064], {
  title: "Messaging limit reached",
  class: "shop_level",
  actions: ["open_circuit"],
  hint: "The account reached its messaging limit for the day. Sending resumes automatically when the limit resets.",
});
define([131037, 133010, 131045], {
  title: "The phone number is not ready to send",
  class: "shop_level",
  actions: ["open_circuit"],
  hint: "The number is not registered, its display name is not approved, or its certificate is wrong. Finish setting it up in WhatsApp Manager.",
});
define([190, 0, 10, 3, 131005, 33], {
  title: "Access token invalid or missing permission",
  class: "shop_level",
  actions: ["open_circuit", "reconnect"],
  hint: "The access token expired, was revoked or lacks permission. Reconnect WhatsApp in Settings with a new token.",
});

const byCode = new Map<number, ErrorInfo>();
for (const { codes, ...info } of entries) for (const code of codes) byCode.set(code, { ...info, code });

/** Unknown codes: retried a few times later, then dead-lettered for staff — never dropped, never hammered. */
const unknownError = (code: number): ErrorInfo => ({
  code,
  title: "Unrecognised WhatsApp error",
  class: "retry_later",
  retryAfterMs: 5 * minute,
  actions: [],
  hint: "WhatsApp returned an error this app does not know yet. It is retried a few times; if it keeps failing, contact support with the error code.",
});

export function describeError(code: number): ErrorInfo {
  if (byCode.has(code)) return byCode.get(code)!;
  // Graph's permission errors span 200–299.
  if (code >= 200 && code <= 299) return { ...byCode.get(10)!, code };
  return unknownError(code);
}

export function knownErrorCodes(): number[] {
  return [...byCode.keys()];
}

/** Transport failures carry no Meta code: classified by HTTP status. */
export function describeHttpFailure(status: number | "timeout" | "network"): ErrorInfo {
  return {
    code: typeof status === "number" ? status : 0,
    title: status === "timeout" ? "WhatsApp did not answer in time" : `WhatsApp answered HTTP ${status}`,
    class: "retry_now",
    actions: [],
    hint: "A temporary problem reaching WhatsApp. Retried automatically; no action needed.",
  };
}

/** An error from a provider, classified; safe to show (never holds a token). */
export class WhatsAppError extends Error {
  readonly info: ErrorInfo;
  constructor(
    info: ErrorInfo,
    readonly details: { providerMessage?: string; httpStatus?: number; subcode?: number; traceId?: string; outcomeUnknown?: boolean } = {},
  ) {
    super(`${info.title} (${info.code})${details.providerMessage ? `: ${details.providerMessage}` : ""}`);
    this.name = "WhatsAppError";
    this.info = info;
  }
  get code() {
    return this.info.code;
  }
  get errorClass() {
    return this.info.class;
  }
}
