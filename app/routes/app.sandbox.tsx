import { useEffect, useState, type CSSProperties } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link as RemixLink, useFetcher, useLoaderData, useRevalidator } from "@remix-run/react";
import { Banner, BlockStack, Box, Button, Card, EmptyState, InlineStack, Layout, Page, Text, TextField } from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { formatDateTime, formatTime } from "~/components/format";
import { showToast } from "~/components/toast";
import { FormattedText } from "~/components/WhatsAppBubble";

import type { PhoneBubble } from "~/sandbox/shopper-phone";
import { answerAsShopper, shopperAnswerSchema, ShopperPhoneError, shopperPhoneView } from "~/sandbox/shopper-phone.server";
import { authenticateShop } from "~/web/admin-shop.server";

/**
 * The sandbox's shopper phone: what each shopper received, drawn as WhatsApp shows it, and a
 * way to answer as them — typed text, or a tap on a button — through the same inbound path a
 * real shopper's message takes. Lets a merchant try every journey without a WhatsApp number.
 */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await authenticateShop(request);
  return shopperPhoneView(shop.id, new URL(request.url).searchParams.get("shopper"));
};

export type ShopperPhoneActionData = { ok: true; phone: string; message: string } | { ok: false; message: string };

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await authenticateShop(request);
  const parsed = shopperAnswerSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) {
    return data<ShopperPhoneActionData>({ ok: false, message: parsed.error.issues.map((i) => i.message).join(" ") }, { status: 400 });
  }
  try {
    const { phone } = await answerAsShopper(shop.id, parsed.data);
    return data<ShopperPhoneActionData>({ ok: true, phone, message: `Sent as ${phone}.` });
  } catch (error) {
    if (error instanceof ShopperPhoneError)
      return data<ShopperPhoneActionData>({ ok: false, message: error.message }, { status: error.status });
    throw error;
  }
};

const chat: Record<string, CSSProperties> = {
  screen: { background: "#efeae2", borderRadius: 12, padding: "12px 10px", minHeight: 360, maxHeight: 560, overflowY: "auto" },
  row: { display: "flex", marginBottom: 8 },
  bubble: {
    borderRadius: 8,
    padding: "6px 8px 4px",
    maxWidth: "78%",
    boxShadow: "0 1px 0.5px rgba(11,20,26,.13)",
    fontSize: 14.2,
    lineHeight: "19px",
    color: "#111b21",
    whiteSpace: "pre-wrap",
    wordBreak: "break-word",
  },
  meta: { color: "#667781", fontSize: 11, textAlign: "end", marginTop: 2 },
  choice: {
    display: "block",
    width: "100%",
    background: "#ffffff",
    border: "none",
    borderTop: "1px solid #e9edef",
    padding: "8px 4px",
    color: "#027eb5",
    fontSize: 14,
    cursor: "pointer",
  },
};

const ticks: Record<string, string> = { sending: "🕓", sent: "✓", delivered: "✓✓", read: "✓✓ read", failed: "⚠ failed" };

function Bubble({ bubble, canAnswer, timeZone }: { bubble: PhoneBubble; canAnswer: boolean; timeZone: string }) {
  const tap = useFetcher<ShopperPhoneActionData>();
  useEffect(() => {
    if (tap.data && !tap.data.ok) showToast(tap.data.message, { isError: true });
  }, [tap.data]);
  const mine = bubble.from === "shopper";
  const time = formatTime(bubble.at, timeZone);
  return (
    <div style={{ ...chat.row, justifyContent: mine ? "flex-end" : "flex-start" }} data-testid="phone-bubble">
      <div style={{ ...chat.bubble, background: mine ? "#d9fdd3" : "#ffffff" }}>
        {bubble.header ? <div style={{ fontWeight: 700, marginBottom: 4 }}>{bubble.header}</div> : null}
        <FormattedText text={bubble.text} />
        {bubble.footer ? <div style={{ color: "#667781", fontSize: 13, marginTop: 4 }}>{bubble.footer}</div> : null}
        <div style={chat.meta}>
          {time}
          {bubble.status ? ` ${ticks[bubble.status] ?? bubble.status}` : ""}
        </div>
        {bubble.links.map((link) => (
          <div key={link.title} style={{ ...chat.choice, cursor: "default" }}>
            {link.url ? (
              <a href={link.url} target="_blank" rel="noreferrer">
                ↗ {link.title}
              </a>
            ) : (
              link.title
            )}
          </div>
        ))}
        {bubble.choices.map((choice) => (
          <button
            key={choice.index}
            type="button"
            style={chat.choice}
            disabled={!canAnswer || tap.state !== "idle"}
            title={choice.description}
            onClick={() => tap.submit({ intent: "tap", wamid: bubble.id, choice: String(choice.index) }, { method: "post" })}
          >
            ↩ {choice.title}
          </button>
        ))}
      </div>
    </div>
  );
}

export default function ShopperPhone() {
  const { sandboxActive, timeZone, shoppers, selected, bubbles } = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  const composer = useFetcher<ShopperPhoneActionData>();
  const starter = useFetcher<ShopperPhoneActionData>();
  const [text, setText] = useState("");
  const [newNumber, setNewNumber] = useState("");
  const [newText, setNewText] = useState("");

  // Statuses and the shop's answers arrive on their own: look again every two seconds while visible.
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === "visible" && revalidator.state === "idle") revalidator.revalidate();
    }, 2_000);
    return () => clearInterval(timer);
  }, [revalidator]);
  // A sent message empties its field (state adjusted while rendering, as React advises over an effect).
  const [answered, setAnswered] = useState<{ composer?: unknown; starter?: unknown }>({});
  if (composer.data?.ok && composer.data !== answered.composer) {
    setAnswered((a) => ({ ...a, composer: composer.data }));
    setText("");
  }
  if (starter.data?.ok && starter.data !== answered.starter) {
    setAnswered((a) => ({ ...a, starter: starter.data }));
    setNewText("");
  }
  useEffect(() => {
    if (starter.data?.ok) showToast(starter.data.message);
  }, [starter.data]);

  const current = shoppers.find((s) => s.phone === selected);
  return (
    <Page title="Shopper phone" subtitle="See what shoppers received from the sandbox, and answer as one of them">
      <TitleBar title="Shopper phone" />
      <BlockStack gap="400">
        {!sandboxActive ? (
          <Banner
            tone="warning"
            title="The sandbox is not your active connection"
            action={{ content: "Open Settings", url: "/app/settings" }}
          >
            These are the messages the sandbox kept. To answer as a shopper, switch to the sandbox in Settings.
          </Banner>
        ) : null}
        <Layout>
          <Layout.Section variant="oneThird">
            <BlockStack gap="400">
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">
                    Shoppers
                  </Text>
                  {shoppers.length === 0 ? <Text as="p">No messages yet. Place a test order or write as a shopper below.</Text> : null}
                  {shoppers.map((shopper) => (
                    <RemixLink key={shopper.phone} to={`?shopper=${encodeURIComponent(shopper.phone)}`} style={{ textDecoration: "none" }}>
                      <Box padding="200" borderRadius="200" background={shopper.phone === selected ? "bg-surface-selected" : undefined}>
                        <Text as="p" fontWeight={shopper.phone === selected ? "bold" : "regular"}>
                          {shopper.name ? `${shopper.name} · ` : ""}
                          {shopper.phone}
                        </Text>
                        <Text as="p" tone="subdued" variant="bodySm">
                          {shopper.count} message{shopper.count === 1 ? "" : "s"} · {formatDateTime(shopper.lastAt, timeZone)}
                        </Text>
                      </Box>
                    </RemixLink>
                  ))}
                </BlockStack>
              </Card>
              <Card>
                <starter.Form method="post">
                  <input type="hidden" name="intent" value="write" />
                  <BlockStack gap="200">
                    <Text as="h2" variant="headingMd">
                      Write as a new shopper
                    </Text>
                    <TextField
                      label="Shopper's WhatsApp number"
                      name="from"
                      value={newNumber}
                      onChange={setNewNumber}
                      placeholder="+34 612 345 678"
                      autoComplete="tel"
                      type="tel"
                    />
                    <TextField label="Message" name="text" value={newText} onChange={setNewText} autoComplete="off" multiline={2} />
                    {starter.data && !starter.data.ok ? (
                      <Text as="p" tone="critical">
                        {starter.data.message}
                      </Text>
                    ) : null}
                    <Button submit disabled={!sandboxActive} loading={starter.state !== "idle"}>
                      Send as this shopper
                    </Button>
                  </BlockStack>
                </starter.Form>
              </Card>
            </BlockStack>
          </Layout.Section>
          <Layout.Section>
            <Card>
              {current ? (
                <BlockStack gap="300">
                  <InlineStack align="space-between" blockAlign="center">
                    <Text as="h2" variant="headingMd">
                      {current.name ? `${current.name} · ${current.phone}` : current.phone}
                    </Text>
                    <Text as="span" tone="subdued" variant="bodySm">
                      Sandbox · nothing leaves the app
                    </Text>
                  </InlineStack>
                  <div style={chat.screen} data-testid="phone-screen">
                    {bubbles.map((bubble) => (
                      <Bubble key={bubble.id} bubble={bubble} canAnswer={sandboxActive} timeZone={timeZone} />
                    ))}
                  </div>
                  <composer.Form method="post">
                    <input type="hidden" name="intent" value="write" />
                    <input type="hidden" name="from" value={current.phone} />
                    <InlineStack gap="200" blockAlign="end" wrap={false}>
                      <div style={{ flex: 1 }}>
                        <TextField
                          label="Reply as the shopper"
                          labelHidden
                          name="text"
                          value={text}
                          onChange={setText}
                          placeholder="Type a message, or STOP to opt out"
                          autoComplete="off"
                          error={composer.data && !composer.data.ok ? composer.data.message : undefined}
                        />
                      </div>
                      <Button submit variant="primary" disabled={!sandboxActive || !text.trim()} loading={composer.state !== "idle"}>
                        Send
                      </Button>
                    </InlineStack>
                  </composer.Form>
                </BlockStack>
              ) : (
                <EmptyState heading="No shopper has a message yet" image="">
                  <p>Messages the sandbox delivers show up here as the shopper's phone shows them.</p>
                </EmptyState>
              )}
            </Card>
          </Layout.Section>
        </Layout>
      </BlockStack>
    </Page>
  );
}
