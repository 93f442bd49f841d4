import { useEffect, useMemo, useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useFetcher, useLoaderData, useNavigate } from "@remix-run/react";
import {
  ActionList,
  Badge,
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  Divider,
  FormLayout,
  InlineGrid,
  InlineStack,
  Layout,
  List,
  Modal,
  Page,
  Popover,
  RadioButton,
  Select,
  Tabs,
  Text,
  TextField,
} from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { z } from "zod";
import { formatDateTime } from "~/components/format";
import { TemplateStatusBadge } from "~/components/TemplateStatusBadge";
import { showToast } from "~/components/toast";
import { VersionDiff, versionText } from "~/components/VersionDiff";
import { WhatsAppBubble } from "~/components/WhatsAppBubble";
import { eventField, eventFields, fieldsForStep } from "~/domain/event-fields";
import { isJourneyStep } from "~/domain/journey-steps";
import { isRightToLeft } from "~/domain/starter-templates";
import { languageCodePattern, languageName, languageNames } from "~/domain/languages";
import {
  exampleValues,
  templateContentSchema,
  urlButtonVariable,
  variableNames,
  type TemplateButton,
  type TemplateContent,
} from "~/domain/template-content";
import { lintTemplate, type LintIssue } from "~/domain/template-lint";
import { categoryCost } from "~/domain/template-status";
import {
  deleteTemplate,
  editBudgetFor,
  lintTemplateContent,
  sendingNotice,
  sendTemplateTest,
  submitTemplateVersion,
  TemplateActionError,
} from "~/models/template-lifecycle.server";
import { contentOf, getTemplate, otherTemplateTexts, saveDraft } from "~/models/template.server";
import { shopSettings } from "~/models/shop.server";
import { activeWhatsAppProvider } from "~/models/whatsapp-connection.server";
import { jsonFormField } from "~/web/form-fields";
import { authenticateShop } from "~/web/admin-shop.server";

async function templateFor(request: Request, id: string | undefined) {
  const { shop } = await authenticateShop(request);
  const template = id ? await getTemplate(shop.id, id) : null;
  if (!template) throw new Response("This template does not exist in your shop.", { status: 404 });
  return { shop, template };
}

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop, template } = await templateFor(request, params.id);
  const settings = await shopSettings(shop.id);
  const requested = new URL(request.url).searchParams.get("lang");
  const variant = template.variants.find((v) => v.language === requested) ?? template.variants[0];
  const versions = variant.versions;
  const latest = versions[0];
  const content = contentOf(latest);
  const live = versions.find((v) => v.providerTemplateId && v.status !== "DRAFT" && v.status !== "SUPERSEDED");
  const [issues, others, budget, active] = await Promise.all([
    lintTemplateContent(shop.id, template, variant.language, content),
    otherTemplateTexts(shop.id, variant.language, template.id),
    live ? editBudgetFor(shop.id, live) : Promise.resolve(null),
    activeWhatsAppProvider(shop.id),
  ]);
  const steps = template.purposes.filter(isJourneyStep);
  return {
    template: { id: template.id, name: template.name, category: template.category, origin: template.origin, purposes: template.purposes },
    language: variant.language,
    languages: template.variants.map((v) => ({
      language: v.language,
      status: v.versions.find((version) => version.status !== "SUPERSEDED")?.status ?? "DRAFT",
      notice: sendingNotice(template, v.language, settings.defaultLanguage),
      content: contentOf(v.versions[0]),
    })),
    addableLanguages: Object.keys(languageNames).filter((code) => !template.variants.some((v) => v.language === code)),
    content,
    latestStatus: latest.status,
    versions: versions.map((v) => ({
      id: v.id,
      version: v.version,
      status: v.status,
      providerName: v.providerName,
      submittedVia: v.submittedVia,
      submittedAt: v.submittedAt?.toISOString() ?? null,
      approvedAt: v.approvedAt?.toISOString() ?? null,
      rejectionReason: v.rejectionReason,
      rejectionRecommendation: v.rejectionRecommendation,
      text: versionText(contentOf(v)),
    })),
    issues,
    others,
    live: live ? { version: live.version, status: live.status } : null,
    budget: budget
      ? {
          allowed: budget.allowed,
          remaining: Number.isFinite(budget.remaining) ? budget.remaining : null,
          nextAllowedAt: budget.nextAllowedAt?.toISOString() ?? null,
        }
      : null,
    provider: active ? { kind: active.provider.kind, templates: active.provider.capabilities.templates } : null,
    fields: steps.length ? eventFields.filter((f) => steps.some((step) => fieldsForStep(step).includes(f))) : eventFields,
    cost: categoryCost[template.category],
  };
};

const contentField = jsonFormField(templateContentSchema);
const language = z.string().regex(languageCodePattern, "Pick a language.");

export const editorActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("save"), language, content: contentField }),
  z.object({ intent: z.literal("submit"), language, content: contentField, mode: z.enum(["new", "edit"]).optional() }),
  z.object({ intent: z.literal("add_language"), language }),
  z.object({ intent: z.literal("test"), language, phone: z.string().trim().min(6, "Enter your WhatsApp number with its country code.") }),
  z.object({ intent: z.literal("delete") }),
]);

export type EditorActionData = { ok: boolean; message: string; issues?: LintIssue[]; fieldErrors?: Record<string, string> };

export const action = async ({ request, params }: ActionFunctionArgs): Promise<EditorActionData | Response> => {
  const { shop, template } = await templateFor(request, params.id);
  const parsed = editorActionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) {
    return {
      ok: false,
      message: "Check the highlighted fields.",
      fieldErrors: Object.fromEntries(parsed.error.issues.map((issue) => [issue.path.join("."), issue.message])),
    };
  }
  const input = parsed.data;
  try {
    switch (input.intent) {
      case "save": {
        await saveDraft(shop.id, template.id, input.language, input.content);
        const issues = await lintTemplateContent(shop.id, template, input.language, input.content);
        return { ok: true, message: "Draft saved.", issues };
      }
      case "submit": {
        await saveDraft(shop.id, template.id, input.language, input.content);
        const result = await submitTemplateVersion(shop.id, template.id, input.language, { mode: input.mode });
        return {
          ok: true,
          message:
            result.note ??
            (result.via === "edit"
              ? "Edit submitted to Meta for review."
              : "Submitted to Meta for review. Approval usually takes minutes, at most 24 hours."),
        };
      }
      case "add_language": {
        const source = template.variants[0];
        await saveDraft(shop.id, template.id, input.language, contentOf(source.versions[0]));
        return redirect(`/app/templates/${template.id}?lang=${input.language}`);
      }
      case "test": {
        await sendTemplateTest(shop.id, template.id, input.language, input.phone);
        return { ok: true, message: `Test message sent to ${input.phone}.` };
      }
      case "delete": {
        await deleteTemplate(shop.id, template.id);
        return redirect("/app/templates");
      }
    }
  } catch (error) {
    if (error instanceof TemplateActionError) return { ok: false, message: error.message, issues: error.issues };
    throw error;
  }
};

// --- editor ---------------------------------------------------------------------------------

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

const headerChoices = [
  { label: "No header", value: "" },
  { label: "Text", value: "TEXT" },
  { label: "Image", value: "IMAGE" },
  { label: "Video", value: "VIDEO" },
  { label: "Document", value: "DOCUMENT" },
  { label: "Location", value: "LOCATION" },
];

const newButton: Record<TemplateButton["type"], TemplateButton> = {
  QUICK_REPLY: { type: "QUICK_REPLY", text: "" },
  URL: { type: "URL", text: "", url: "https://" },
  PHONE_NUMBER: { type: "PHONE_NUMBER", text: "Call us", phoneNumber: "+" },
  COPY_CODE: { type: "COPY_CODE", example: "" },
  CATALOG: { type: "CATALOG", text: "View catalog" },
  MPM: { type: "MPM", text: "View items" },
};

const buttonLabels: Record<TemplateButton["type"], string> = {
  QUICK_REPLY: "Quick reply",
  URL: "Website (URL)",
  PHONE_NUMBER: "Call phone number",
  COPY_CODE: "Copy code",
  CATALOG: "Catalog",
  MPM: "Multi-product",
};

function issuesAt(issues: LintIssue[], prefix: string) {
  const found = issues.filter((issue) => issue.path === prefix || issue.path.startsWith(`${prefix}.`));
  return found.length ? found.map((issue) => issue.message).join(" ") : undefined;
}

function Editor({ data }: { data: LoaderData }) {
  const fetcher = useFetcher<EditorActionData>();
  const navigate = useNavigate();
  const [content, setContent] = useState<TemplateContent>(data.content as TemplateContent);
  const [insertOpen, setInsertOpen] = useState(false);
  const [addButtonOpen, setAddButtonOpen] = useState(false);
  const [submitOpen, setSubmitOpen] = useState(false);
  const [deleteOpen, setDeleteOpen] = useState(false);
  const [mode, setMode] = useState<"new" | "edit">(
    data.live && (data.live.status === "REJECTED" || data.live.status === "PAUSED") ? "edit" : "new",
  );
  const [phone, setPhone] = useState("");
  const [compare, setCompare] = useState("");
  const [selectedVersion, setSelectedVersion] = useState(data.versions[0]?.id);
  const [newLanguage, setNewLanguage] = useState(data.addableLanguages[0] ?? "");
  const result = fetcher.data;
  const busy = (intent: string) => fetcher.state !== "idle" && fetcher.formData?.get("intent") === intent;

  const issues = useMemo(
    () =>
      lintTemplate({ name: data.template.name, category: data.template.category, language: data.language, content, others: data.others }),
    [content, data.template.name, data.template.category, data.language, data.others],
  );
  const errors = issues.filter((i) => i.severity === "error");
  const warnings = issues.filter((i) => i.severity === "warning");

  useEffect(() => {
    if (result?.ok) showToast(result.message);
    else if (result && !result.ok) showToast(result.message, { isError: true });
  }, [result]);

  const update = (changes: Partial<TemplateContent>) => setContent((current) => ({ ...current, ...changes }));
  const setExample = (where: "header" | "body" | "buttons", key: string, value: string) =>
    setContent((current) => ({ ...current, examples: { ...current.examples, [where]: { ...current.examples[where], [key]: value } } }));
  const setButton = (index: number, button: TemplateButton) =>
    update({ buttons: content.buttons.map((b, i) => (i === index ? button : b)) });

  const insertVariable = (key: string) => {
    const name = content.parameterFormat === "named" ? key : String(variableNames(content.body).length + 1);
    const element = typeof document !== "undefined" ? (document.getElementById("template-body") as HTMLTextAreaElement | null) : null;
    const at = element?.selectionStart ?? content.body.length;
    update({ body: `${content.body.slice(0, at)}{{${name}}}${content.body.slice(at)}` });
    if (!content.examples.body[name]) setExample("body", name, eventField(key)?.example ?? "");
    setInsertOpen(false);
  };

  const post = (intent: string, extra: Record<string, string> = {}) =>
    fetcher.submit({ intent, language: data.language, content: JSON.stringify(content), ...extra }, { method: "post" });

  const tabs = data.languages.map((l) => ({
    id: l.language,
    content: languageName(l.language),
    accessibilityLabel: `${languageName(l.language)}: ${l.status}`,
  }));
  const selectedTab = Math.max(
    0,
    data.languages.findIndex((l) => l.language === data.language),
  );
  const compared = data.languages.find((l) => l.language === compare);
  const versionIndex = data.versions.findIndex((v) => v.id === selectedVersion);
  const shownVersion = data.versions[versionIndex];
  const previousVersion = data.versions[versionIndex + 1];
  const headerVariables = content.header?.type === "TEXT" ? variableNames(content.header.text) : [];
  const notice = data.languages.find((l) => l.language === data.language)?.notice;

  return (
    <Page
      title={data.template.name}
      titleMetadata={<Badge>{data.template.category.charAt(0) + data.template.category.slice(1).toLowerCase()}</Badge>}
      backAction={{ content: "Templates", url: "/app/templates" }}
      primaryAction={{
        content: "Submit for review",
        onAction: () => setSubmitOpen(true),
        disabled: errors.length > 0 || !data.provider,
        loading: busy("submit"),
      }}
      secondaryActions={[
        { content: "Save draft", onAction: () => post("save"), loading: busy("save") },
        { content: "Delete", destructive: true, onAction: () => setDeleteOpen(true) },
      ]}
    >
      <TitleBar title={data.template.name} />
      <BlockStack gap="400">
        {result ? (
          <Banner tone={result.ok ? "success" : "critical"} title={result.message}>
            {result.issues?.length ? (
              <List>
                {result.issues.map((issue, i) => (
                  <List.Item key={i}>{issue.message}</List.Item>
                ))}
              </List>
            ) : null}
          </Banner>
        ) : null}
        {notice ? <Banner tone="warning" title={notice} /> : null}
        {!data.provider ? <Banner tone="warning" title="Connect WhatsApp in Settings to submit templates." /> : null}

        <Card padding="0">
          <Tabs tabs={tabs} selected={selectedTab} onSelect={(index) => navigate(`?lang=${data.languages[index].language}`)} />
          <Box padding="300">
            <InlineStack gap="200" blockAlign="end">
              <Select
                label="Add a language"
                labelInline
                options={data.addableLanguages.map((code) => ({ label: languageName(code), value: code }))}
                value={newLanguage}
                onChange={setNewLanguage}
              />
              <Button
                onClick={() => fetcher.submit({ intent: "add_language", language: newLanguage }, { method: "post" })}
                loading={busy("add_language")}
                disabled={!newLanguage}
              >
                Add (copied from {languageName(data.languages[0].language)})
              </Button>
            </InlineStack>
          </Box>
        </Card>

        <Layout>
          <Layout.Section>
            <BlockStack gap="400">
              <Card>
                {/* Fields read in the language's direction (Arabic right to left). */}
                <div dir={isRightToLeft(data.language) ? "rtl" : "ltr"}>
                  <FormLayout>
                    <InlineStack align="space-between">
                      <Text as="h2" variant="headingMd">
                        {languageName(data.language)}
                      </Text>
                      <TemplateStatusBadge status={data.latestStatus} prefix={`v${data.versions[0]?.version ?? 1}`} />
                    </InlineStack>
                    <Select
                      label="Header"
                      options={headerChoices}
                      value={content.header?.type ?? ""}
                      onChange={(type) =>
                        update({
                          header: !type
                            ? undefined
                            : type === "TEXT"
                              ? { type: "TEXT", text: "" }
                              : type === "LOCATION"
                                ? { type: "LOCATION" }
                                : { type: type as "IMAGE", sampleUrl: "" },
                        })
                      }
                    />
                    {content.header?.type === "TEXT" ? (
                      <TextField
                        label="Header text"
                        value={content.header.text}
                        onChange={(text) => update({ header: { type: "TEXT", text } })}
                        autoComplete="off"
                        maxLength={60}
                        showCharacterCount
                        error={issuesAt(errors, "header")}
                      />
                    ) : null}
                    {content.header && content.header.type !== "TEXT" && content.header.type !== "LOCATION" ? (
                      <TextField
                        label={`Sample ${content.header.type.toLowerCase()} (public https link, for Meta's review)`}
                        value={content.header.sampleUrl ?? ""}
                        onChange={(sampleUrl) => update({ header: { type: (content.header as { type: "IMAGE" }).type, sampleUrl } })}
                        autoComplete="off"
                        error={issuesAt(errors, "header")}
                      />
                    ) : null}
                    <BlockStack gap="100">
                      <InlineStack align="space-between" blockAlign="end">
                        <Text as="span">Body</Text>
                        <Popover
                          active={insertOpen}
                          onClose={() => setInsertOpen(false)}
                          activator={
                            <Button size="slim" disclosure onClick={() => setInsertOpen((open) => !open)}>
                              Insert variable
                            </Button>
                          }
                        >
                          <ActionList
                            items={data.fields.map((field) => ({
                              content: field.label,
                              helpText: `{{${field.key}}} · e.g. ${field.example}`,
                              onAction: () => insertVariable(field.key),
                            }))}
                          />
                        </Popover>
                      </InlineStack>
                      <TextField
                        id="template-body"
                        label="Body"
                        labelHidden
                        value={content.body}
                        onChange={(body) => update({ body })}
                        multiline={5}
                        autoComplete="off"
                        maxLength={1024}
                        showCharacterCount
                        helpText="*bold*, _italic_, ~strikethrough~ and ```monospace``` work as in WhatsApp."
                        error={issuesAt(errors, "body")}
                      />
                    </BlockStack>
                    <TextField
                      label="Footer (optional)"
                      value={content.footer ?? ""}
                      onChange={(footer) => update({ footer: footer || undefined })}
                      autoComplete="off"
                      maxLength={60}
                      showCharacterCount
                      error={issuesAt(errors, "footer")}
                    />

                    <Divider />
                    <InlineStack align="space-between" blockAlign="center">
                      <Text as="h3" variant="headingSm">
                        Buttons
                      </Text>
                      <Popover
                        active={addButtonOpen}
                        onClose={() => setAddButtonOpen(false)}
                        activator={
                          <Button size="slim" disclosure onClick={() => setAddButtonOpen((open) => !open)}>
                            Add button
                          </Button>
                        }
                      >
                        <ActionList
                          items={(Object.keys(newButton) as TemplateButton["type"][]).map((type) => ({
                            content: buttonLabels[type],
                            onAction: () => {
                              update({ buttons: [...content.buttons, newButton[type]] });
                              setAddButtonOpen(false);
                            },
                          }))}
                        />
                      </Popover>
                    </InlineStack>
                    {issuesAt(errors, "buttons") && !content.buttons.some((_, i) => issuesAt(errors, `buttons.${i}`)) ? (
                      <Text as="p" tone="critical">
                        {issuesAt(errors, "buttons")}
                      </Text>
                    ) : null}
                    {content.buttons.map((button, index) => (
                      <Box key={index} padding="200" borderWidth="025" borderColor="border" borderRadius="200">
                        <BlockStack gap="200">
                          <InlineStack align="space-between">
                            <Text as="span" fontWeight="semibold">
                              {buttonLabels[button.type]}
                            </Text>
                            <Button
                              variant="plain"
                              tone="critical"
                              onClick={() => update({ buttons: content.buttons.filter((_, i) => i !== index) })}
                            >
                              Remove
                            </Button>
                          </InlineStack>
                          {"text" in button ? (
                            <TextField
                              label="Label"
                              value={button.text}
                              onChange={(text) => setButton(index, { ...button, text })}
                              autoComplete="off"
                              maxLength={25}
                              error={issuesAt(errors, `buttons.${index}`)}
                            />
                          ) : null}
                          {button.type === "URL" ? (
                            <TextField
                              label="URL"
                              value={button.url}
                              onChange={(url) => setButton(index, { ...button, url })}
                              autoComplete="off"
                              helpText="End it with {{1}} to add a per-message suffix, e.g. https://shop.example/orders/{{1}}"
                            />
                          ) : null}
                          {button.type === "URL" && urlButtonVariable(button) ? (
                            <TextField
                              label="Example suffix for {{1}}"
                              value={content.examples.buttons[String(index)] ?? ""}
                              onChange={(value) => setExample("buttons", String(index), value)}
                              autoComplete="off"
                              error={issuesAt(errors, `examples.buttons.${index}`)}
                            />
                          ) : null}
                          {button.type === "PHONE_NUMBER" ? (
                            <TextField
                              label="Phone number"
                              value={button.phoneNumber}
                              onChange={(phoneNumber) => setButton(index, { ...button, phoneNumber })}
                              autoComplete="off"
                            />
                          ) : null}
                          {button.type === "COPY_CODE" ? (
                            <TextField
                              label="Example code"
                              value={button.example}
                              onChange={(example) => setButton(index, { ...button, example })}
                              autoComplete="off"
                              maxLength={15}
                              error={issuesAt(errors, `buttons.${index}`)}
                            />
                          ) : null}
                        </BlockStack>
                      </Box>
                    ))}

                    {headerVariables.length || variableNames(content.body).length ? (
                      <>
                        <Divider />
                        <Text as="h3" variant="headingSm">
                          Example values (Meta reviews the message with these)
                        </Text>
                        <InlineGrid columns={{ xs: 1, md: 2 }} gap="300">
                          {headerVariables.map((name) => (
                            <TextField
                              key={`h-${name}`}
                              label={`Header {{${name}}}`}
                              value={content.examples.header[name] ?? ""}
                              onChange={(value) => setExample("header", name, value)}
                              autoComplete="off"
                              error={issuesAt(errors, `examples.header.${name}`)}
                            />
                          ))}
                          {variableNames(content.body).map((name) => (
                            <TextField
                              key={`b-${name}`}
                              label={`{{${name}}}`}
                              value={content.examples.body[name] ?? ""}
                              onChange={(value) => setExample("body", name, value)}
                              autoComplete="off"
                              helpText={eventField(name)?.label}
                              error={issuesAt(errors, `examples.body.${name}`)}
                            />
                          ))}
                        </InlineGrid>
                      </>
                    ) : null}
                  </FormLayout>
                </div>
              </Card>

              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">
                    Checks {errors.length === 0 && warnings.length === 0 ? <Badge tone="success">All clear</Badge> : null}
                  </Text>
                  {errors.length ? (
                    <Banner tone="critical" title={`${errors.length} problem(s) Meta would reject`}>
                      <List>
                        {errors.map((issue, i) => (
                          <List.Item key={i}>
                            <Text as="span" fontWeight="semibold">
                              {issue.path}:
                            </Text>{" "}
                            {issue.message}
                          </List.Item>
                        ))}
                      </List>
                    </Banner>
                  ) : null}
                  {warnings.length ? (
                    <Banner tone="warning" title="Advice that raises approval odds">
                      <List>
                        {warnings.map((issue, i) => (
                          <List.Item key={i}>{issue.message}</List.Item>
                        ))}
                      </List>
                    </Banner>
                  ) : null}
                </BlockStack>
              </Card>
            </BlockStack>
          </Layout.Section>

          <Layout.Section variant="oneThird">
            <BlockStack gap="400">
              <Card>
                <BlockStack gap="300">
                  <InlineStack align="space-between" blockAlign="center">
                    <Text as="h2" variant="headingMd">
                      Preview
                    </Text>
                    <Select
                      label="Compare with"
                      labelInline
                      options={[
                        { label: "—", value: "" },
                        ...data.languages
                          .filter((l) => l.language !== data.language)
                          .map((l) => ({ label: languageName(l.language), value: l.language })),
                      ]}
                      value={compare}
                      onChange={setCompare}
                    />
                  </InlineStack>
                  <InlineGrid columns={compared ? 2 : 1} gap="200">
                    <WhatsAppBubble content={content} values={exampleValues(content)} language={data.language} />
                    {compared ? (
                      <WhatsAppBubble
                        content={compared.content as TemplateContent}
                        values={exampleValues(compared.content as TemplateContent)}
                        language={compared.language}
                      />
                    ) : null}
                  </InlineGrid>
                </BlockStack>
              </Card>

              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">
                    Send a test
                  </Text>
                  <TextField
                    label="Your WhatsApp number"
                    value={phone}
                    onChange={setPhone}
                    autoComplete="tel"
                    placeholder="+44 7911 123456"
                    error={result && !result.ok ? result.fieldErrors?.phone : undefined}
                  />
                  <Button
                    onClick={() => fetcher.submit({ intent: "test", language: data.language, phone }, { method: "post" })}
                    loading={busy("test")}
                    disabled={!data.provider}
                  >
                    Send test to my number
                  </Button>
                  <Text as="p" tone="subdued" variant="bodySm">
                    Sends the approved version with its example values.
                  </Text>
                </BlockStack>
              </Card>

              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    Version history
                  </Text>
                  {data.versions.map((version) => (
                    <Box
                      key={version.id}
                      padding="200"
                      background={version.id === selectedVersion ? "bg-surface-selected" : undefined}
                      borderRadius="200"
                    >
                      <BlockStack gap="100">
                        <InlineStack align="space-between" blockAlign="center">
                          <Button variant="plain" onClick={() => setSelectedVersion(version.id)}>
                            {`Version ${version.version}${version.providerName ? ` · ${version.providerName}` : ""}`}
                          </Button>
                          <TemplateStatusBadge status={version.status} />
                        </InlineStack>
                        <Text as="p" tone="subdued" variant="bodySm">
                          {version.submittedAt
                            ? `Submitted ${formatDateTime(version.submittedAt)}${version.submittedVia === "edit" ? " as an edit" : ""}`
                            : "Not submitted"}
                          {version.approvedAt ? ` · approved ${formatDateTime(version.approvedAt)}` : ""}
                        </Text>
                        {version.rejectionReason ? (
                          <Banner tone="critical" title={version.rejectionReason}>
                            {version.rejectionRecommendation ? <p>{version.rejectionRecommendation}</p> : null}
                          </Banner>
                        ) : null}
                      </BlockStack>
                    </Box>
                  ))}
                  {shownVersion && previousVersion ? (
                    <BlockStack gap="100">
                      <Text as="h3" variant="headingSm">
                        Changes from version {previousVersion.version} to {shownVersion.version}
                      </Text>
                      <VersionDiff before={previousVersion.text} after={shownVersion.text} />
                    </BlockStack>
                  ) : null}
                </BlockStack>
              </Card>
            </BlockStack>
          </Layout.Section>
        </Layout>
      </BlockStack>

      <Modal
        open={submitOpen}
        onClose={() => setSubmitOpen(false)}
        title={`Submit ${data.template.name} (${languageName(data.language)}) for review`}
        primaryAction={{
          content: "Submit",
          disabled: mode === "edit" && data.budget?.allowed === false,
          onAction: () => {
            post("submit", data.live ? { mode } : {});
            setSubmitOpen(false);
          },
        }}
        secondaryActions={[{ content: "Cancel", onAction: () => setSubmitOpen(false) }]}
      >
        <Modal.Section>
          <BlockStack gap="300">
            <Text as="p">
              It is submitted as a <strong>{data.template.category.toLowerCase()}</strong> template. {data.cost}
            </Text>
            {data.live ? (
              <BlockStack gap="200">
                <RadioButton
                  label={`As a new version — version ${data.live.version} keeps sending until this one is approved`}
                  checked={mode === "new"}
                  id="mode-new"
                  onChange={() => setMode("new")}
                />
                <RadioButton
                  label={`As an edit of version ${data.live.version} — same name at Meta; this language cannot be sent while Meta reviews it`}
                  helpText={
                    data.budget?.allowed === false
                      ? data.budget.nextAllowedAt
                        ? `Meta allows the next edit from ${formatDateTime(data.budget.nextAllowedAt)}.`
                        : `A ${data.live.status.toLowerCase()} template cannot be edited.`
                      : data.budget?.remaining !== null && data.budget?.remaining !== undefined
                        ? `${data.budget.remaining} edit(s) left in the next 30 days; one a day.`
                        : "Rejected and paused templates can be edited without limit."
                  }
                  checked={mode === "edit"}
                  id="mode-edit"
                  onChange={() => setMode("edit")}
                />
              </BlockStack>
            ) : null}
            {warnings.length ? (
              <Text as="p" tone="caution">
                {warnings.length} piece(s) of advice remain; you can still submit.
              </Text>
            ) : null}
          </BlockStack>
        </Modal.Section>
      </Modal>

      <Modal
        open={deleteOpen}
        onClose={() => setDeleteOpen(false)}
        title={`Delete ${data.template.name}?`}
        primaryAction={{
          content: "Delete",
          destructive: true,
          loading: busy("delete"),
          onAction: () => fetcher.submit({ intent: "delete" }, { method: "post" }),
        }}
        secondaryActions={[{ content: "Cancel", onAction: () => setDeleteOpen(false) }]}
      >
        <Modal.Section>
          <Text as="p">
            Every language and version is deleted, here and at Meta. Journeys using it stop sending it. Meta does not let the name be reused
            for 30 days.
          </Text>
        </Modal.Section>
      </Modal>
    </Page>
  );
}

export default function TemplateEditor() {
  const data = useLoaderData<typeof loader>();
  // A fresh editor per language (and per saved version), so its state starts from what was loaded.
  return <Editor key={`${data.language}:${data.versions[0]?.id}:${data.versions[0]?.status}`} data={data} />;
}
