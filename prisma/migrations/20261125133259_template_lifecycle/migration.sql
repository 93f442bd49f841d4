-- CreateEnum
CREATE TYPE "TemplateOrigin" AS ENUM ('EDITOR', 'STARTER', 'IMPORTED');

-- AlterEnum
ALTER TYPE "TemplateVersionStatus" ADD VALUE 'SUPERSEDED';

-- AlterTable
ALTER TABLE "Template" ADD COLUMN     "bindings" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "origin" "TemplateOrigin" NOT NULL DEFAULT 'EDITOR';

-- AlterTable
ALTER TABLE "TemplateVersion" DROP COLUMN "parameterFormat",
ADD COLUMN     "providerName" TEXT,
ADD COLUMN     "submittedVia" TEXT;

-- CreateTable
CREATE TABLE "TemplateEdit" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "providerTemplateId" TEXT NOT NULL,
    "editedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TemplateEdit_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "TemplateEdit_shopId_providerTemplateId_editedAt_idx" ON "TemplateEdit"("shopId", "providerTemplateId", "editedAt");
