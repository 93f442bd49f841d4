import { useEffect, useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  ChoiceList,
  Divider,
  FormLayout,
  InlineGrid,
  InlineStack,
  Layout,
  List,
  Page,
  Text,
  TextField,
} from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { z } from "zod";
import { showToast } from "~/components/toast";
import { env } from "~/config/env.server";
import { shopForSession } from "~/models/shop.server";
import {
  connectInputSchema,
  ConnectionFailedError,
  connectWhatsApp,
  listWhatsAppConnections,
  testWhatsAppConnection,
  switchWhatsAppProvider,
  type ConnectionView,
} from "~/models/whatsapp-connection.server";
import { authenticate } from "~/shopify.server";
import type { PhoneNumberFacts } from "~/whatsapp/provider";
import { providerCapabilities } from "~/whatsapp/providers.server";

type ProviderKind = ConnectionView["provider"];

const providerNames: Record<ProviderKind, string> = {
  CLOUD: "WhatsApp Cloud API (Meta)",
  ULTRAMSG: "UltraMsg",
  SANDBOX: "Sandbox (no real messages)",
};

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = await shopForSession(session.shop);
  const config = env();
  return {
    connections: await listWhatsAppConnections(shop.id),
    capabilities: providerCapabilities,
    metaWebhookUrl: `${config.SHOPIFY_APP_URL}/webhooks/whatsapp`,
    appUrl: config.SHOPIFY_APP_URL,
  };
};

const switchSchema = z.object({ provider: z.enum(["CLOUD", "ULTRAMSG", "SANDBOX"]) });

export type SettingsActionData =
  | { ok: true; intent: "test"; facts: PhoneNumberFacts }
  | { ok: true; intent: "connect" | "use"; connection: ConnectionView; message: string }
  | { ok: false; message: string; fieldErrors: Record<string, string> };

export const action = async ({ request }: ActionFunctionArgs): Promise<SettingsActionData> => {
  const { session } = await authenticate.admin(request);
  const shop = await shopForSession(session.shop);
  const form = Object.fromEntries(await request.formData());
  const intent = form.intent;

  try {
    if (intent === "use") {
      const { provider } = switchSchema.parse(form);
      const connection = await switchWhatsAppProvider(shop.id, provider);
      return { ok: true, intent: "use", connection, message: `Messages now go through ${providerNames[provider]}.` };
    }
    const parsed = connectInputSchema.safeParse(form);
    if (!parsed.success) {
      const fieldErrors = Object.fromEntries(parsed.error.issues.map((issue) => [String(issue.path[0] ?? "form"), issue.message]));
      return { ok: false, message: "Check the highlighted fields.", fieldErrors };
    }
    if (intent === "test") {
      return { ok: true, intent: "test", facts: await testWhatsAppConnection(shop.id, parsed.data) };
    }
    if (intent === "connect") {
      const connection = await connectWhatsApp(shop.id, parsed.data);
      return {
        ok: true,
        intent: "connect",
        connection,
        message: `Connected ${connection.displayPhoneNumber ?? ""} through ${providerNames[connection.provider]}.`.replace("  ", " "),
      };
    }
    return { ok: false, message: "Unknown action.", fieldErrors: {} };
  } catch (error) {
    if (error instanceof ConnectionFailedError) {
      return { ok: false, message: error.message, fieldErrors: error.field ? { [error.field]: error.message } : {} };
    }
    throw error;
  }
};

function QualityBadge({ rating }: { rating: string | null }) {
  if (!rating || rating === "UNKNOWN") return <Badge>Quality unknown</Badge>;
  const tone = rating === "GREEN" ? "success" : rating === "YELLOW" ? "warning" : "critical";
  const label = rating === "GREEN" ? "High quality" : rating === "YELLOW" ? "Medium quality" : "Low quality";
  return <Badge tone={tone}>{label}</Badge>;
}

const limitLabels: Record<string, string> = {
  TIER_50: "50 customers / 24 h",
  TIER_250: "250 customers / 24 h",
  TIER_1K: "1,000 customers / 24 h",
  TIER_2K: "2,000 customers / 24 h",
  TIER_10K: "10,000 customers / 24 h",
  TIER_100K: "100,000 customers / 24 h",
  TIER_UNLIMITED: "Unlimited",
};

function Facts({
  facts,
}: {
  facts: Pick<ConnectionView, "displayPhoneNumber" | "verifiedName" | "qualityRating" | "messagingLimit" | "nameStatus">;
}) {
  return (
    <BlockStack gap="200">
      <InlineStack gap="200" blockAlign="center">
        <Text as="span" variant="headingLg">
          {facts.displayPhoneNumber ?? "—"}
        </Text>
        <QualityBadge rating={facts.qualityRating} />
      </InlineStack>
      <Text as="p" tone="subdued">
        {facts.verifiedName ?? "No display name"}
        {facts.nameStatus && facts.nameStatus !== "APPROVED"
          ? ` · display name ${facts.nameStatus.toLowerCase().replaceAll("_", " ")}`
          : ""}
      </Text>
      <Text as="p">Messaging limit: {facts.messagingLimit ? (limitLabels[facts.messagingLimit] ?? facts.messagingLimit) : "—"}</Text>
    </BlockStack>
  );
}

export default function Settings() {
  const { connections, capabilities, metaWebhookUrl, appUrl } = useLoaderData<typeof loader>();
  const fetcher = useFetcher<SettingsActionData>();
  const active = connections.find((connection) => connection.active);
  const [provider, setProvider] = useState<ProviderKind>(active?.provider ?? "SANDBOX");
  const [fields, setFields] = useState({ phoneNumberId: "", wabaId: "", accessToken: "", instanceId: "", token: "" });
  const result = fetcher.data;
  const busy = fetcher.state !== "idle";
  const errors = result && !result.ok ? result.fieldErrors : {};
  const set = (name: keyof typeof fields) => (value: string) => setFields((current) => ({ ...current, [name]: value }));

  useEffect(() => {
    if (result?.ok && result.intent !== "test") showToast(result.message);
  }, [result]);

  const submit = (intent: "test" | "connect") => {
    const data: Record<string, string> = { intent, provider };
    if (provider === "CLOUD")
      Object.assign(data, { phoneNumberId: fields.phoneNumberId, wabaId: fields.wabaId, accessToken: fields.accessToken });
    if (provider === "ULTRAMSG") Object.assign(data, { instanceId: fields.instanceId, token: fields.token });
    fetcher.submit(data, { method: "post" });
  };

  return (
    <Page title="Settings" subtitle="Connect the WhatsApp number your messages come from">
      <TitleBar title="Settings" />
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {result && !result.ok && result.message ? (
              <Banner tone="critical" title="Not connected">
                <p>{result.message}</p>
              </Banner>
            ) : null}
            {result?.ok && result.intent !== "test" ? <Banner tone="success" title={result.message} /> : null}

            <Card>
              <BlockStack gap="300">
                <InlineStack align="space-between" blockAlign="center">
                  <Text as="h2" variant="headingMd">
                    Current connection
                  </Text>
                  {active ? (
                    <Badge tone={active.status === "CONNECTED" ? "success" : "critical"}>{providerNames[active.provider]}</Badge>
                  ) : null}
                </InlineStack>
                {active ? (
                  <>
                    {active.status !== "CONNECTED" ? (
                      <Banner tone="critical" title="Sending is paused">
                        <p>{active.statusReason}</p>
                      </Banner>
                    ) : null}
                    <Facts facts={active} />
                    {active.webhookPath ? (
                      <Text as="p" tone="subdued">
                        In UltraMsg, set the webhook URL to {appUrl}
                        {active.webhookPath} and turn on “received messages” and “message ack”.
                      </Text>
                    ) : null}
                  </>
                ) : (
                  <Text as="p" tone="subdued">
                    No WhatsApp number is connected yet. Start with the sandbox to try every journey without sending real messages.
                  </Text>
                )}
              </BlockStack>
            </Card>

            <Card>
              <BlockStack gap="400">
                <Text as="h2" variant="headingMd">
                  Connect a number
                </Text>
                <ChoiceList
                  title="Provider"
                  choices={(Object.keys(providerNames) as ProviderKind[]).map((kind) => ({
                    label: providerNames[kind],
                    value: kind,
                    helpText: capabilities[kind].notes.join(" "),
                  }))}
                  selected={[provider]}
                  onChange={(selected) => setProvider(selected[0] as ProviderKind)}
                />
                <Divider />
                {provider === "CLOUD" ? (
                  <FormLayout>
                    <InlineGrid columns={{ xs: 1, md: 2 }} gap="300">
                      <TextField
                        label="Phone number ID"
                        value={fields.phoneNumberId}
                        onChange={set("phoneNumberId")}
                        autoComplete="off"
                        helpText="WhatsApp Manager > API Setup"
                        error={errors.phoneNumberId}
                      />
                      <TextField
                        label="WhatsApp Business Account ID"
                        value={fields.wabaId}
                        onChange={set("wabaId")}
                        autoComplete="off"
                        error={errors.wabaId}
                      />
                    </InlineGrid>
                    <TextField
                      label="Access token"
                      type="password"
                      value={fields.accessToken}
                      onChange={set("accessToken")}
                      autoComplete="off"
                      helpText="A system user's permanent token with whatsapp_business_messaging and whatsapp_business_management. It is stored encrypted and never shown again."
                      error={errors.accessToken}
                    />
                    <Box>
                      <Text as="p" tone="subdued">
                        Meta delivers receipts, replies and template reviews to {metaWebhookUrl}. Use a token of a system user added to this
                        app's Meta app, so that the number's webhooks reach it.
                      </Text>
                    </Box>
                  </FormLayout>
                ) : null}
                {provider === "ULTRAMSG" ? (
                  <FormLayout>
                    <TextField
                      label="Instance ID"
                      value={fields.instanceId}
                      onChange={set("instanceId")}
                      autoComplete="off"
                      placeholder="instance12345"
                      error={errors.instanceId}
                    />
                    <TextField
                      label="Token"
                      type="password"
                      value={fields.token}
                      onChange={set("token")}
                      autoComplete="off"
                      error={errors.token}
                    />
                  </FormLayout>
                ) : null}
                {provider === "SANDBOX" ? (
                  <List>
                    <List.Item>
                      Messages are kept in the app and shown on the demo's shopper phone; nothing reaches a real customer.
                    </List.Item>
                    <List.Item>Delivery and read receipts arrive a few seconds after each message, as on WhatsApp.</List.Item>
                    <List.Item>Switch to a real number at any time; your journeys and templates stay as they are.</List.Item>
                  </List>
                ) : null}

                {result?.ok && result.intent === "test" ? (
                  <Banner tone="success" title="The connection works">
                    <Facts
                      facts={{
                        ...result.facts,
                        verifiedName: result.facts.verifiedName ?? null,
                        qualityRating: result.facts.qualityRating ?? null,
                        messagingLimit: result.facts.messagingLimit ?? null,
                        nameStatus: result.facts.nameStatus ?? null,
                      }}
                    />
                  </Banner>
                ) : null}

                <InlineStack gap="200" align="end">
                  {provider !== "SANDBOX" ? (
                    <Button onClick={() => submit("test")} loading={busy && fetcher.formData?.get("intent") === "test"}>
                      Test connection
                    </Button>
                  ) : null}
                  <Button
                    variant="primary"
                    onClick={() => submit("connect")}
                    loading={busy && fetcher.formData?.get("intent") === "connect"}
                  >
                    {provider === "SANDBOX" ? "Use the sandbox" : "Save and connect"}
                  </Button>
                </InlineStack>
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>

        <Layout.Section variant="oneThird">
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Saved connections
              </Text>
              {connections.length === 0 ? (
                <Text as="p" tone="subdued">
                  None yet.
                </Text>
              ) : (
                connections.map((connection) => (
                  <InlineStack key={connection.provider} align="space-between" blockAlign="center" gap="200">
                    <BlockStack gap="050">
                      <Text as="span" fontWeight="semibold">
                        {providerNames[connection.provider]}
                      </Text>
                      <Text as="span" tone="subdued">
                        {connection.displayPhoneNumber ?? "—"}
                      </Text>
                    </BlockStack>
                    {connection.active ? (
                      <Badge tone="success">In use</Badge>
                    ) : (
                      <Button
                        size="slim"
                        onClick={() => fetcher.submit({ intent: "use", provider: connection.provider }, { method: "post" })}
                      >
                        Use this
                      </Button>
                    )}
                  </InlineStack>
                ))
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
