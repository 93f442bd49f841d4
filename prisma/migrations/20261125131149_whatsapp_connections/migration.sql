-- CreateEnum
CREATE TYPE "WhatsAppProvider" AS ENUM ('CLOUD', 'ULTRAMSG', 'SANDBOX');

-- CreateEnum
CREATE TYPE "ConnectionStatus" AS ENUM ('CONNECTED', 'RESTRICTED', 'DISCONNECTED');

-- CreateEnum
CREATE TYPE "InboundEventStatus" AS ENUM ('RECEIVED', 'QUEUED', 'PROCESSED', 'FAILED');

-- CreateEnum
CREATE TYPE "SandboxDirection" AS ENUM ('TO_SHOPPER', 'FROM_SHOPPER');

-- AlterTable
ALTER TABLE "ShopSettings" ADD COLUMN     "whatsappProvider" "WhatsAppProvider";

-- CreateTable
CREATE TABLE "WhatsAppConnection" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "provider" "WhatsAppProvider" NOT NULL,
    "phoneNumberId" TEXT,
    "wabaId" TEXT,
    "instanceId" TEXT,
    "webhookSecret" TEXT NOT NULL,
    "credentials" TEXT NOT NULL,
    "credentialsKeyId" TEXT NOT NULL,
    "displayPhoneNumber" TEXT,
    "verifiedName" TEXT,
    "qualityRating" TEXT,
    "nameStatus" TEXT,
    "messagingLimit" TEXT,
    "throughputLevel" TEXT,
    "status" "ConnectionStatus" NOT NULL DEFAULT 'CONNECTED',
    "statusReason" TEXT,
    "factsCheckedAt" TIMESTAMP(3),
    "connectedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WhatsAppConnection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WhatsAppEvent" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "source" "WhatsAppProvider" NOT NULL,
    "dedupKey" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "status" "InboundEventStatus" NOT NULL DEFAULT 'RECEIVED',
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "enqueuedAt" TIMESTAMP(3),
    "processedAt" TIMESTAMP(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "outcome" TEXT,
    "lastError" TEXT,

    CONSTRAINT "WhatsAppEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SandboxMessage" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "wamid" TEXT NOT NULL,
    "direction" "SandboxDirection" NOT NULL,
    "shopperPhone" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "content" JSONB NOT NULL,
    "callbackData" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SandboxMessage_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "WhatsAppConnection_phoneNumberId_key" ON "WhatsAppConnection"("phoneNumberId");

-- CreateIndex
CREATE UNIQUE INDEX "WhatsAppConnection_webhookSecret_key" ON "WhatsAppConnection"("webhookSecret");

-- CreateIndex
CREATE INDEX "WhatsAppConnection_wabaId_idx" ON "WhatsAppConnection"("wabaId");

-- CreateIndex
CREATE UNIQUE INDEX "WhatsAppConnection_shopId_provider_key" ON "WhatsAppConnection"("shopId", "provider");

-- CreateIndex
CREATE UNIQUE INDEX "WhatsAppEvent_dedupKey_key" ON "WhatsAppEvent"("dedupKey");

-- CreateIndex
CREATE INDEX "WhatsAppEvent_status_receivedAt_idx" ON "WhatsAppEvent"("status", "receivedAt");

-- CreateIndex
CREATE INDEX "WhatsAppEvent_shopId_receivedAt_idx" ON "WhatsAppEvent"("shopId", "receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "SandboxMessage_wamid_key" ON "SandboxMessage"("wamid");

-- CreateIndex
CREATE INDEX "SandboxMessage_shopId_shopperPhone_createdAt_idx" ON "SandboxMessage"("shopId", "shopperPhone", "createdAt");

-- AddForeignKey
ALTER TABLE "WhatsAppConnection" ADD CONSTRAINT "WhatsAppConnection_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WhatsAppEvent" ADD CONSTRAINT "WhatsAppEvent_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SandboxMessage" ADD CONSTRAINT "SandboxMessage_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;
