import { describe, expect, it } from "vitest";
import { describeError, describeHttpFailure, knownErrorCodes, type ErrorClass } from "~/whatsapp/errors";

// The table of ../shared/reference/whatsapp.md ("Errors and what the sender should do").
const expected: [number[], ErrorClass, string?][] = [
  [[130429], "retry_later", "slow_number"],
  [[131056], "retry_later", "pace_recipient"],
  [[80007, 4], "retry_later"],
  [[131057], "retry_later"],
  [[131000, 131016], "retry_now"],
  [[131047], "window_closed"],
  [[131026], "permanent_recipient", "suppress_number"],
  [[131049], "retry_later"],
  [[131050], "permanent_recipient", "record_opt_out"],
  [[131051, 131052, 131053], "permanent_content"],
  [[131008, 131009, 100, 132000, 132005, 132008, 132012], "permanent_content"],
  [[132001], "permanent_content", "template_fallback"],
  [[132007, 132015, 132016], "permanent_content", "mark_template"],
  [[131031, 368, 130497, 131042, 131064], "shop_level", "open_circuit"],
  [[190, 0, 10, 200, 250, 299], "shop_level", "reconnect"],
];

describe("the error catalogue", () => {
  for (const [codes, errorClass, action] of expected) {
    for (const code of codes) {
      it(`classifies ${code} as ${errorClass}${action ? ` and asks to ${action.replaceAll("_", " ")}` : ""}`, () => {
        const info = describeError(code);
        expect(info.class).toBe(errorClass);
        if (action) expect(info.actions).toContain(action);
        expect(info.hint.length).toBeGreaterThan(20);
      });
    }
  }

  it("waits about a minute on API rate limits, 6 s on the pair limit and a day on ecosystem holds", () => {
    expect(describeError(80007).retryAfterMs).toBe(60_000);
    expect(describeError(131056).retryAfterMs).toBe(6_000);
    expect(describeError(131049).retryAfterMs).toBe(24 * 3600 * 1000);
  });

  it("gives an unknown code a safe class: retried later, never dropped, never hammered", () => {
    const info = describeError(999_999);
    expect(info.class).toBe("retry_later");
    expect(info.retryAfterMs).toBeGreaterThanOrEqual(60_000);
    expect(info.hint).toMatch(/contact support with the error code/);
  });

  it("treats timeouts and 5xx without a Graph code as transient", () => {
    expect(describeHttpFailure("timeout").class).toBe("retry_now");
    expect(describeHttpFailure(502).class).toBe("retry_now");
  });

  it("has a title and a hint for every known code", () => {
    for (const code of knownErrorCodes()) {
      expect(describeError(code).title, String(code)).not.toBe("");
      expect(describeError(code).hint, String(code)).toMatch(/\.$/);
    }
  });
});
