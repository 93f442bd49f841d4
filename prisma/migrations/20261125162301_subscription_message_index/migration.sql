-- CreateIndex
CREATE INDEX "BackInStockSubscription_messageId_idx" ON "BackInStockSubscription"("messageId");
