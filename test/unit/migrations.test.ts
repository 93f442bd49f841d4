import { describe, expect, it } from "vitest";
import { schemaHasUnmigratedChanges } from "../../scripts/db.mjs";

describe("prisma/migrations", () => {
  it("captures every change to prisma/schema.prisma (else run: npm run db:migration -- <name>)", async () => {
    expect(await schemaHasUnmigratedChanges()).toBe(false);
  });
});
