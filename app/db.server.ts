import { PrismaClient } from "@prisma/client";
import { PrismaPg } from "@prisma/adapter-pg";
import { env } from "~/config/env.server";

declare global {
  // Reused across Vite dev-server reloads so that each reload does not open a new pool.
  var __prisma: PrismaClient | undefined;
}

function createPrismaClient() {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: env().DATABASE_URL }) });
}

export const prisma: PrismaClient = globalThis.__prisma ?? createPrismaClient();
if (env().NODE_ENV !== "production") globalThis.__prisma = prisma;

export default prisma;
