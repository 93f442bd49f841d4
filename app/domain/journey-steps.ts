/**
 * The steps of the journeys (docs/design.md, capability 2): what a template may be used for.
 * UTILITY steps are order and shipping updates; MARKETING needs the shopper's explicit consent.
 */
export const journeySteps = {
  order_confirmation: { label: "Order confirmation", category: "UTILITY" },
  cod_confirmation: { label: "Cash on delivery confirmation", category: "UTILITY" },
  shipped: { label: "Shipped", category: "UTILITY" },
  out_for_delivery: { label: "Out for delivery", category: "UTILITY" },
  delivered: { label: "Delivered", category: "UTILITY" },
  delivery_failed: { label: "Delivery failed", category: "UTILITY" },
  back_in_stock: { label: "Back in stock", category: "MARKETING" },
} as const;

export type JourneyStep = keyof typeof journeySteps;
export const journeyStepKeys = Object.keys(journeySteps) as JourneyStep[];

export function isJourneyStep(value: string): value is JourneyStep {
  return Object.hasOwn(journeySteps, value);
}
