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
  Link,
  List,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { z } from "zod";
import { showToast } from "~/components/toast";
import { env } from "~/config/env.server";
import { timeZones } from "~/domain/sending-rules";
import { sendingRulesView, updateSendingRules } from "~/models/shop.server";
import {
  connectInputSchema,
  ConnectionFailedError,
  connectWhatsApp,
  listWhatsAppConnections,
  testWhatsAppConnection,
  switchWhatsAppProvider,
  type ConnectionView,
} from "~/models/whatsapp-connection.server";
import type { PhoneNumberFacts } from "~/whatsapp/provider";
import { providerCapabilities } from "~/whatsapp/providers.server";
import { authenticateShop } from "~/web/admin-shop.server";

type ProviderKind = ConnectionView["provider"];

const providerNames: Record<ProviderKind, string> = {
  CLOUD: "WhatsApp Cloud API (Meta)",
  ULTRAMSG: "UltraMsg",
  SANDBOX: "Sandbox (no real messages)",
};

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await authenticateShop(request);
  const config = env();
  return {
    connections: await listWhatsAppConnections(shop.id),
    rules: await sendingRulesView(shop.id),
    timeZones,
    capabilities: providerCapabilities,
    metaWebhookUrl: `${config.SHOPIFY_APP_URL}/webhooks/whatsapp`,
    appUrl: config.SHOPIFY_APP_URL,
  };
};

const switchSchema = z.object({ provider: z.enum(["CLOUD", "ULTRAMSG", "SANDBOX"]) });

export type SettingsActionData =
  | { ok: true; intent: "test"; facts: PhoneNumberFacts }
  | { ok: true; intent: "connect" | "use"; connection: ConnectionView; message: string }
  | { ok: true; intent: "rules"; message: string }
  | { ok: false; message: string; fieldErrors: Record<string, string> };

export const action = async ({ request }: ActionFunctionArgs): Promise<SettingsActionData> => {
  const { shop } = await authenticateShop(request);
  const form = Object.fromEntries(await request.formData());
  const intent = form.intent;

  try {
    if (intent === "rules") {
      const saved = await updateSendingRules(shop.id, form);
      return saved.ok
        ? { ok: true, intent: "rules", message: "Sending rules saved." }
        : { ok: false, message: "Check the highlighted fields.", fieldErrors: saved.fieldErrors };
    }
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
  const { connections, capabilities, metaWebhookUrl, appUrl, rules, timeZones } = useLoaderData<typeof loader>();
  const fetcher = useFetcher<SettingsActionData>();
  const active = connections.find((connection) => connection.active);
  const [provider, setProvider] = useState<ProviderKind>(active?.provider ?? "SANDBOX");
  const [fields, setFields] = useState({ phoneNumberId: "", wabaId: "", accessToken: "", instanceId: "", token: "" });
  const result = fetcher.data;
  const busy = fetcher.state !== "idle";
  const errors = result && !result.ok ? result.fieldErrors : {};
  /** What every credential field shares: its value, its setter and its error; never autofilled. */
  const credential = (name: keyof typeof fields) => ({
    value: fields[name],
    onChange: (value: string) => setFields((current) => ({ ...current, [name]: value })),
    autoComplete: "off",
    error: errors[name],
  });

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
                      <TextField label="Phone number ID" {...credential("phoneNumberId")} helpText="WhatsApp Manager > API Setup" />
                      <TextField label="WhatsApp Business Account ID" {...credential("wabaId")} />
                    </InlineGrid>
                    <TextField
                      label="Access token"
                      type="password"
                      {...credential("accessToken")}
                      helpText="A system user's permanent token with whatsapp_business_messaging and whatsapp_business_management. It is stored encrypted and never shown again."
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
                    <TextField label="Instance ID" {...credential("instanceId")} placeholder="instance12345" />
                    <TextField label="Token" type="password" {...credential("token")} />
                  </FormLayout>
                ) : null}
                {provider === "SANDBOX" ? (
                  <List>
                    <List.Item>
                      Messages are kept in the app and shown on the <Link url="/app/sandbox">Shopper phone</Link> page, where you can answer
                      as the shopper; nothing reaches a real customer.
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

            <SendingRulesCard rules={rules} timeZones={timeZones} />
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

type Rules = ReturnType<typeof useLoaderData<typeof loader>>["rules"];

/** What counts as consent, quiet hours for marketing, limits: the rules every journey follows. */
function SendingRulesCard({ rules, timeZones }: { rules: Rules; timeZones: readonly string[] }) {
  const fetcher = useFetcher<SettingsActionData>();
  const [values, setValues] = useState(rules);
  const set = (name: keyof Rules) => (value: string) => setValues((current) => ({ ...current, [name]: value }));
  const errors = fetcher.data && !fetcher.data.ok ? fetcher.data.fieldErrors : {};
  const saved = fetcher.data?.ok && fetcher.data.intent === "rules";
  const changed = (Object.keys(rules) as (keyof Rules)[]).some((key) => rules[key] !== values[key]);
  useEffect(() => {
    if (fetcher.data?.ok && fetcher.data.intent === "rules") showToast(fetcher.data.message);
  }, [fetcher.data]);
  const quietOff = values.quietHoursStart === values.quietHoursEnd;

  return (
    <Card>
      <BlockStack gap="400">
        <BlockStack gap="100">
          <Text as="h2" variant="headingMd">
            Sending rules
          </Text>
          <Text as="p" tone="subdued">
            Every journey follows these. Back-in-stock alerts always need the shopper's explicit consent.
          </Text>
        </BlockStack>
        <ChoiceList
          title="Consent for order updates"
          choices={[
            { label: "Only shoppers who opted in to WhatsApp updates", value: "EXPLICIT" },
            {
              label: "Any shopper who gave a phone number at checkout",
              value: "CHECKOUT_DISCLOSED",
              helpText: "Choose this only if your checkout tells shoppers that order updates arrive on WhatsApp.",
            },
          ]}
          selected={[values.optInPolicy]}
          onChange={(selected) => set("optInPolicy")(selected[0])}
          error={errors.optInPolicy}
        />
        <Divider />
        <FormLayout>
          <FormLayout.Group condensed>
            <TextField
              label="Quiet hours for marketing from"
              type="time"
              value={values.quietHoursStart}
              onChange={set("quietHoursStart")}
              autoComplete="off"
              error={errors.quietHoursStart}
            />
            <TextField
              label="until"
              type="time"
              value={values.quietHoursEnd}
              onChange={set("quietHoursEnd")}
              autoComplete="off"
              error={errors.quietHoursEnd}
            />
          </FormLayout.Group>
          <Text as="p" tone="subdued">
            {quietOff
              ? "No quiet hours: alerts may arrive at any time of day."
              : "In each shopper's own time zone (from their address or number). Order updates are never held."}
          </Text>
          <Select
            label="Your time zone (for shoppers whose time zone is unknown)"
            options={timeZones.map((zone) => ({ label: zone.replaceAll("_", " "), value: zone }))}
            value={values.timezone}
            onChange={set("timezone")}
            error={errors.timezone}
          />
          <FormLayout.Group condensed>
            <TextField
              label="Marketing messages per shopper per day"
              type="number"
              min={1}
              max={10}
              value={values.marketingPerShopperPerDay}
              onChange={set("marketingPerShopperPerDay")}
              autoComplete="off"
              error={errors.marketingPerShopperPerDay}
            />
            <TextField
              label="Remind about an unconfirmed COD order after"
              type="number"
              min={0}
              max={48}
              suffix="hours"
              helpText="0 sends no reminder."
              value={values.codReminderHours}
              onChange={set("codReminderHours")}
              autoComplete="off"
              error={errors.codReminderHours}
            />
          </FormLayout.Group>
          <FormLayout.Group condensed>
            <TextField
              label="Messages per second"
              type="number"
              min={1}
              max={1000}
              helpText="Meta allows 80 per second per number unless raised."
              value={values.throughputPerSecond}
              onChange={set("throughputPerSecond")}
              autoComplete="off"
              error={errors.throughputPerSecond}
            />
            <TextField
              label="Pause a number WhatsApp cannot deliver to for"
              type="number"
              min={1}
              max={365}
              suffix="days"
              value={values.suppressionDays}
              onChange={set("suppressionDays")}
              autoComplete="off"
              error={errors.suppressionDays}
            />
          </FormLayout.Group>
        </FormLayout>
        <InlineStack align="end" gap="200">
          {saved && !changed ? <Badge tone="success">Saved</Badge> : null}
          <Button
            variant="primary"
            disabled={!changed}
            loading={fetcher.state !== "idle"}
            onClick={() => fetcher.submit({ intent: "rules", ...values }, { method: "post" })}
          >
            Save rules
          </Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
