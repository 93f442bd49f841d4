-- CreateEnum
CREATE TYPE "RestockRunStatus" AS ENUM ('RUNNING', 'HELD', 'DONE', 'STOPPED');

-- AlterEnum
ALTER TYPE "SubscriptionStatus" ADD VALUE 'ALERTING';

-- AlterTable
ALTER TABLE "ShopSettings" ADD COLUMN     "codReminderHours" INTEGER NOT NULL DEFAULT 6,
ADD COLUMN     "marketingPerShopperPerDay" INTEGER NOT NULL DEFAULT 2,
ADD COLUMN     "suppressionDays" INTEGER NOT NULL DEFAULT 30,
ADD COLUMN     "throughputPerSecond" INTEGER NOT NULL DEFAULT 80;

-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "expiresAt" TIMESTAMP(3),
ADD COLUMN     "lastAttemptAt" TIMESTAMP(3),
ADD COLUMN     "purpose" TEXT,
ADD COLUMN     "sessionContent" JSONB,
ADD COLUMN     "subjectRef" TEXT;

-- AlterTable
ALTER TABLE "BackInStockSubscription" ADD COLUMN     "cancelReason" TEXT,
ADD COLUMN     "inventoryItemId" TEXT,
ADD COLUMN     "messageId" UUID;

-- CreateTable
CREATE TABLE "JourneyMapping" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "step" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT false,
    "templateId" UUID,
    "bindings" JSONB NOT NULL DEFAULT '{}',
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "JourneyMapping_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ShopOrder" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "orderId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "customerId" UUID,
    "phoneProblem" TEXT,
    "locale" TEXT,
    "facts" JSONB NOT NULL,
    "cod" BOOLEAN NOT NULL DEFAULT false,
    "codDecision" TEXT,
    "cancelledAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ShopOrder_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Shipment" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "fulfillmentId" TEXT NOT NULL,
    "shopOrderId" UUID,
    "trackingCompany" TEXT,
    "trackingNumber" TEXT,
    "trackingUrl" TEXT,
    "shipmentStatus" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Shipment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RestockRun" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "variantId" TEXT NOT NULL,
    "status" "RestockRunStatus" NOT NULL DEFAULT 'RUNNING',
    "alerted" INTEGER NOT NULL DEFAULT 0,
    "note" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RestockRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "JourneyMapping_shopId_step_key" ON "JourneyMapping"("shopId", "step");

-- CreateIndex
CREATE UNIQUE INDEX "ShopOrder_shopId_orderId_key" ON "ShopOrder"("shopId", "orderId");

-- CreateIndex
CREATE UNIQUE INDEX "Shipment_shopId_fulfillmentId_key" ON "Shipment"("shopId", "fulfillmentId");

-- CreateIndex
CREATE INDEX "RestockRun_shopId_variantId_status_idx" ON "RestockRun"("shopId", "variantId", "status");

-- CreateIndex
CREATE INDEX "Message_status_nextAttemptAt_idx" ON "Message"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "Message_shopId_subjectRef_idx" ON "Message"("shopId", "subjectRef");

-- CreateIndex
CREATE INDEX "Message_shopId_toPhone_status_idx" ON "Message"("shopId", "toPhone", "status");

-- CreateIndex
CREATE INDEX "BackInStockSubscription_shopId_inventoryItemId_status_idx" ON "BackInStockSubscription"("shopId", "inventoryItemId", "status");

-- AddForeignKey
ALTER TABLE "JourneyMapping" ADD CONSTRAINT "JourneyMapping_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JourneyMapping" ADD CONSTRAINT "JourneyMapping_templateId_fkey" FOREIGN KEY ("templateId") REFERENCES "Template"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ShopOrder" ADD CONSTRAINT "ShopOrder_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ShopOrder" ADD CONSTRAINT "ShopOrder_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Shipment" ADD CONSTRAINT "Shipment_shopOrderId_fkey" FOREIGN KEY ("shopOrderId") REFERENCES "ShopOrder"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RestockRun" ADD CONSTRAINT "RestockRun_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;
