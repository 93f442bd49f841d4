import { defineConfig } from "prisma/config";

// The Prisma CLI reads this file. Only `prisma generate` is used here (migrations are
// applied by scripts/db.mjs, see docs/decisions/002-offline-migrations.md); on a host
// with internet `prisma migrate deploy` also works and reads DATABASE_URL from here.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "" },
});
