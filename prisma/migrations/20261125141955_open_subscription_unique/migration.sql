-- Hand-written (the schema cannot express a partial index): a shopper has at most one open
-- back-in-stock subscription per variant, so subscribing twice cannot alert twice.
-- In its own migration because 'ALERTING' was added to the enum in the previous one.
CREATE UNIQUE INDEX "BackInStockSubscription_open_key"
  ON "BackInStockSubscription" ("shopId", "customerId", "variantId")
  WHERE "status" IN ('ACTIVE', 'ALERTING');
