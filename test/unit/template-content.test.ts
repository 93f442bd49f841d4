import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  exampleValues,
  fromMetaComponents,
  renderTemplateText,
  templateMessage,
  toMetaComponents,
  type TemplateContent,
} from "~/domain/template-content";
import { lintTemplate } from "~/domain/template-lint";
import { validateOutboundMessage } from "~/whatsapp/message";

const buttons = JSON.parse(readFileSync("test/fixtures/meta-templates/buttons.json", "utf8")) as Record<
  string,
  { name: string; language: string; category: "UTILITY" | "MARKETING"; components: unknown[] }
>;
const offer = JSON.parse(readFileSync("test/fixtures/meta-templates/limited_time_offer.json", "utf8"));

describe("a template's content and Meta's components", () => {
  it.each(["order_delivery_update", "coupon_code_fall2023_25off", "intro_catalog_offer", "abandoned_cart", "seasonal_promotion"])(
    "reads %s from Meta's format and writes it back the same",
    (name) => {
      const fixture = buttons[name];
      const content = fromMetaComponents(fixture.components);
      expect(toMetaComponents(content)).toStrictEqual(fixture.components);
    },
  );

  it("reads a media header without its upload handle (a fresh sample is needed to resubmit)", () => {
    const content = fromMetaComponents(buttons.order_confirmation.components);
    expect(content.header).toEqual({ type: "DOCUMENT", sampleUrl: undefined });
    expect(content.buttons).toEqual([
      { type: "PHONE_NUMBER", text: "Call", phoneNumber: "15550051310" },
      { type: "URL", text: "Contact Support", url: "https://www.luckyshrub.com/support" },
    ]);
    expect(toMetaComponents(content, { mediaHandle: "4::abc" })[0]).toEqual({
      type: "HEADER",
      format: "DOCUMENT",
      example: { header_handle: ["4::abc"] },
    });
  });

  it("keeps what it does not edit out of the editor (a limited-time offer's extra component)", () => {
    const content = fromMetaComponents(Object.values(offer)[0] ? (Object.values(offer)[0] as { components: unknown[] }).components : []);
    expect(content.body).toBeTruthy();
  });

  it("Meta's own examples pass the linter (except where they break its rules)", () => {
    const content = fromMetaComponents(buttons.order_delivery_update.components);
    expect(
      lintTemplate({ name: "order_delivery_update", category: "UTILITY", language: "en_US", content }).filter(
        (i) => i.severity === "error",
      ),
    ).toEqual([]);
  });

  const named: TemplateContent = {
    parameterFormat: "named",
    header: { type: "TEXT", text: "Order {{order_name}}" },
    body: "Hi {{first_name}}, your order is *on its way* with {{tracking_company}} today.",
    footer: "Reply STOP to opt out",
    buttons: [
      { type: "URL", text: "Track package", url: "https://shop.example.com/apps/whatsapp/{{1}}" },
      { type: "QUICK_REPLY", text: "Stop updates" },
    ],
    examples: { header: { order_name: "#1001" }, body: { first_name: "Ana", tracking_company: "UPS" }, buttons: { "0": "t/123" } },
  };

  it("writes named parameters with their examples, and a URL example in full", () => {
    expect(toMetaComponents(named)).toStrictEqual([
      {
        type: "HEADER",
        format: "TEXT",
        text: "Order {{order_name}}",
        example: { header_text_named_params: [{ param_name: "order_name", example: "#1001" }] },
      },
      {
        type: "BODY",
        text: "Hi {{first_name}}, your order is *on its way* with {{tracking_company}} today.",
        example: {
          body_text_named_params: [
            { param_name: "first_name", example: "Ana" },
            { param_name: "tracking_company", example: "UPS" },
          ],
        },
      },
      { type: "FOOTER", text: "Reply STOP to opt out" },
      {
        type: "BUTTONS",
        buttons: [
          {
            type: "URL",
            text: "Track package",
            url: "https://shop.example.com/apps/whatsapp/{{1}}",
            example: ["https://shop.example.com/apps/whatsapp/t/123"],
          },
          { type: "QUICK_REPLY", text: "Stop updates" },
        ],
      },
    ]);
    expect(fromMetaComponents(toMetaComponents(named), "named")).toStrictEqual(named);
  });

  it("builds the message that sends it, filled with values, valid for Meta's limits", () => {
    const message = templateMessage(
      named,
      { providerName: "wj_shipped_v2", language: "en" },
      { ...exampleValues(named), quickReplyPayloads: { "1": "stop:123" } },
    );
    expect(validateOutboundMessage(message)).toMatchObject({
      type: "template",
      name: "wj_shipped_v2",
      header: { type: "text", text: "#1001", name: "order_name" },
      body: [
        { type: "text", text: "Ana", name: "first_name" },
        { type: "text", text: "UPS", name: "tracking_company" },
      ],
      buttons: [
        { subType: "url", index: 0, text: "t/123" },
        { subType: "quick_reply", index: 1, payload: "stop:123" },
      ],
    });
    expect(renderTemplateText(named, exampleValues(named))).toBe(
      "*Order #1001*\n\nHi Ana, your order is *on its way* with UPS today.\n\n_Reply STOP to opt out_",
    );
  });
});
