import type { JourneyStep } from "./journey-steps";

/**
 * The typed catalogue of event fields a template variable can be bound to. A named parameter
 * whose name is a field's key is bound to it by default (`{{first_name}}` → the customer's
 * first name), which is how the starter library's templates come ready to send.
 */
export type EventFieldKind = "text" | "currency" | "url_suffix";

export interface EventField {
  key: string;
  label: string;
  kind: EventFieldKind;
  example: string;
  /** Journey steps whose events carry it (absent: every step). */
  steps?: JourneyStep[];
}

const orderSteps: JourneyStep[] = ["order_confirmation", "cod_confirmation", "shipped", "out_for_delivery", "delivered", "delivery_failed"];
const shippingSteps: JourneyStep[] = ["shipped", "out_for_delivery", "delivered", "delivery_failed"];

export const eventFields: EventField[] = [
  { key: "first_name", label: "Customer first name", kind: "text", example: "Ana" },
  { key: "shop_name", label: "Shop name", kind: "text", example: "Trail Co" },
  { key: "order_name", label: "Order name", kind: "text", example: "#1001", steps: orderSteps },
  { key: "order_total", label: "Order total with currency", kind: "currency", example: "€89.90", steps: orderSteps },
  { key: "order_items", label: "Item list summary", kind: "text", example: "Trail Runner 2 × 1, Socks × 2", steps: orderSteps },
  { key: "payment_method", label: "Payment method", kind: "text", example: "Cash on delivery", steps: orderSteps },
  {
    key: "order_status_path",
    label: "Order status page (URL path)",
    kind: "url_suffix",
    example: "548380009/orders/123456abcd/authenticate?key=abcdefg",
    steps: orderSteps,
  },
  { key: "tracking_company", label: "Tracking company", kind: "text", example: "UPS", steps: shippingSteps },
  { key: "tracking_number", label: "Tracking number", kind: "text", example: "1Z2345", steps: shippingSteps },
  {
    key: "tracking_path",
    label: "Tracking link (URL path, via the app proxy)",
    kind: "url_suffix",
    example: "t/123456",
    steps: shippingSteps,
  },
  { key: "product_title", label: "Product title", kind: "text", example: "Trail Runner 2", steps: ["back_in_stock"] },
  { key: "variant_title", label: "Variant title", kind: "text", example: "Size 42 / Blue", steps: ["back_in_stock"] },
  {
    key: "product_path",
    label: "Product page (URL path)",
    kind: "url_suffix",
    example: "products/trail-runner-2?variant=808950810",
    steps: ["back_in_stock"],
  },
];

export function eventField(key: string): EventField | undefined {
  return eventFields.find((field) => field.key === key);
}

export function fieldsForStep(step: JourneyStep): EventField[] {
  return eventFields.filter((field) => !field.steps || field.steps.includes(step));
}
