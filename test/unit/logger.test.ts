import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, redactUrl } from "~/logger.server";

describe("logs", () => {
  it("never carry a token, secret or password, wherever it sits in the logged object", async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const log = createLogger(sink as never, "info");

    log.info(
      {
        accessToken: "EAAG-secret-1",
        connection: { token: "ultra-secret-2", credentials: { x: 1 } },
        req: { headers: { authorization: "Bearer secret-3" } },
      },
      "connected",
    );
    log.info({ password: "secret-4", provider: "CLOUD" }, "ok");
    await new Promise((resolve) => setImmediate(resolve));

    const output = lines.join("");
    for (const secret of ["EAAG-secret-1", "ultra-secret-2", "secret-3", "secret-4"]) expect(output).not.toContain(secret);
    expect(output).toContain("[redacted]");
    expect(output).toContain('"provider":"CLOUD"');
  });

  it("print URLs without their password", () => {
    expect(redactUrl("postgresql://app:hunter2@db:5432/x")).toBe("postgresql://app:***@db:5432/x");
  });
});
