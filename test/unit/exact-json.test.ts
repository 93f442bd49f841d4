import { describe, expect, it } from "vitest";
import { parseJsonExact } from "~/shopify/exact-json";
import { orderPayload } from "~/shopify/webhook-payloads";
import { shopifyFixture } from "../support/shopify";

describe("parsing Shopify payloads", () => {
  it("keeps 64-bit ids digit for digit, where JSON.parse would round them", () => {
    const text = '{"id":820982911946154508,"small":42,"price":19.99,"nested":[{"id":9007199254740993}]}';

    expect((JSON.parse(text) as { id: number }).id).toBe(820982911946154500); // the bug being avoided
    expect(parseJsonExact(text)).toEqual({
      id: "820982911946154508",
      small: 42,
      price: 19.99,
      nested: [{ id: "9007199254740993" }],
    });
  });

  it("gives an order's ids as exact strings, whether small or large", () => {
    const order = orderPayload.parse(parseJsonExact(shopifyFixture("orders-create")));

    expect(order.id).toBe("820982911946154508");
    expect(order.customer?.id).toBe("115310627314723954");
    expect(order.admin_graphql_api_id).toBe("gid://shopify/Order/820982911946154508");
    expect(order.line_items.map((item) => item.title)).toEqual(["IPod Nano - 8GB", "IPod Nano - 8GB"]);
  });

  it("throws on text that is not JSON", () => {
    expect(() => parseJsonExact("{nope")).toThrow(SyntaxError);
  });
});
