import { useEffect, useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useFetcher, useLoaderData, useSearchParams, useSubmit } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Box,
  Card,
  Checkbox,
  EmptyState,
  IndexTable,
  InlineStack,
  Link,
  Modal,
  Page,
  Select,
  Text,
} from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { z } from "zod";
import { TemplateStatusBadge } from "~/components/TemplateStatusBadge";
import { showToast } from "~/components/toast";
import { journeySteps, journeyStepKeys } from "~/domain/journey-steps";
import { languageCodePattern, languageName } from "~/domain/languages";
import { starterLanguages } from "~/domain/starter-templates";
import { installStarterTemplates, sendingNotice, syncTemplatesWithProvider, TemplateActionError } from "~/models/template-lifecycle.server";
import { listTemplates } from "~/models/template.server";
import { shopSettings } from "~/models/shop.server";
import { authenticateShop } from "~/web/admin-shop.server";

const statuses = ["DRAFT", "SUBMITTED", "APPROVED", "REJECTED", "PAUSED", "DISABLED"] as const;
const filterSchema = z.object({
  status: z.enum(statuses).optional().catch(undefined),
  language: z.string().regex(languageCodePattern).optional().catch(undefined),
  step: z
    .enum(journeyStepKeys as [string, ...string[]])
    .optional()
    .catch(undefined),
});

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await authenticateShop(request);
  const url = new URL(request.url);
  const filters = filterSchema.parse(Object.fromEntries(url.searchParams));
  const [templates, settings] = await Promise.all([listTemplates(shop.id, filters), shopSettings(shop.id)]);
  const defaultLanguage = settings?.defaultLanguage ?? "en";
  return {
    filters,
    connected: Boolean(settings?.whatsappProvider),
    defaultLanguages: [...new Set([defaultLanguage, ...(settings?.languages ?? [])])],
    templates: templates.map((template) => ({
      id: template.id,
      name: template.name,
      category: template.category,
      origin: template.origin,
      purposes: template.purposes,
      languages: template.variants.map((variant) => ({
        language: variant.language,
        status: variant.versions.find((v) => v.status !== "SUPERSEDED")?.status ?? "DRAFT",
        notice: sendingNotice(template, variant.language, defaultLanguage),
      })),
    })),
  };
};

const installSchema = z.object({ languages: z.array(z.enum(starterLanguages)).min(1, "Pick at least one language.") });

export type TemplatesActionData = { ok: true; message: string } | { ok: false; message: string };

export const action = async ({ request }: ActionFunctionArgs): Promise<TemplatesActionData> => {
  const { shop } = await authenticateShop(request);
  const form = await request.formData();
  try {
    if (form.get("intent") === "install") {
      const parsed = installSchema.safeParse({ languages: form.getAll("languages") });
      if (!parsed.success) return { ok: false, message: parsed.error.issues[0].message };
      const result = await installStarterTemplates(shop.id, { languages: parsed.data.languages, storefrontDomain: shop.domain });
      if (result.failed.length)
        return {
          ok: false,
          message: `Installed ${result.created.length} template(s), but some were not submitted: ${result.failed.join("; ")}`,
        };
      return {
        ok: true,
        message: result.created.length
          ? `Installed ${result.created.length} templates and submitted ${result.submitted} languages for review.`
          : "The starter templates are already installed.",
      };
    }
    if (form.get("intent") === "sync") {
      const { updated, imported, missing } = await syncTemplatesWithProvider(shop.id);
      return { ok: true, message: `Synced with WhatsApp: ${updated} updated, ${imported} imported, ${missing} no longer at Meta.` };
    }
    return { ok: false, message: "Unknown action." };
  } catch (error) {
    if (error instanceof TemplateActionError) return { ok: false, message: error.message };
    throw error;
  }
};

export default function Templates() {
  const { templates, filters, connected, defaultLanguages } = useLoaderData<typeof loader>();
  const fetcher = useFetcher<TemplatesActionData>();
  const submit = useSubmit();
  const [searchParams] = useSearchParams();
  const [installOpen, setInstallOpen] = useState(false);
  const [languages, setLanguages] = useState<string[]>(defaultLanguages.filter((l) => (starterLanguages as readonly string[]).includes(l)));
  const busy = fetcher.state !== "idle";
  const result = fetcher.data;

  useEffect(() => {
    if (result?.ok) showToast(result.message);
  }, [result]);

  const setFilter = (name: string) => (value: string) => {
    const next = new URLSearchParams(searchParams);
    if (value) next.set(name, value);
    else next.delete(name);
    submit(next, { method: "get", replace: true });
  };
  const allLanguages = [...new Set(templates.flatMap((t) => t.languages.map((l) => l.language)).concat(filters.language ?? []))];

  return (
    <Page
      title="Templates"
      subtitle="What journeys send when the 24-hour window is closed. Meta reviews each one."
      primaryAction={{ content: "New template", url: "/app/templates/new" }}
      secondaryActions={[
        { content: "Install starter library", onAction: () => setInstallOpen(true), disabled: !connected },
        {
          content: "Sync with WhatsApp",
          loading: busy && fetcher.formData?.get("intent") === "sync",
          disabled: !connected,
          onAction: () => fetcher.submit({ intent: "sync" }, { method: "post" }),
        },
      ]}
    >
      <TitleBar title="Templates" />
      <BlockStack gap="400">
        {!connected ? (
          <Banner tone="warning" title="Connect WhatsApp first">
            <p>
              Templates are reviewed by Meta through your connection. <Link url="/app/settings">Connect a number or the sandbox</Link> to
              submit them.
            </p>
          </Banner>
        ) : null}
        {result && !result.ok ? <Banner tone="critical" title={result.message} /> : null}
        {result?.ok ? <Banner tone="success" title={result.message} /> : null}

        <Card padding="0">
          <Box padding="300">
            <Form method="get">
              <InlineStack gap="300" wrap>
                <Select
                  label="Status"
                  labelInline
                  options={[
                    { label: "Any", value: "" },
                    ...statuses.map((s) => ({ label: s.charAt(0) + s.slice(1).toLowerCase(), value: s })),
                  ]}
                  value={filters.status ?? ""}
                  onChange={setFilter("status")}
                />
                <Select
                  label="Language"
                  labelInline
                  options={[{ label: "Any", value: "" }, ...allLanguages.map((l) => ({ label: languageName(l), value: l }))]}
                  value={filters.language ?? ""}
                  onChange={setFilter("language")}
                />
                <Select
                  label="Journey"
                  labelInline
                  options={[{ label: "Any", value: "" }, ...journeyStepKeys.map((k) => ({ label: journeySteps[k].label, value: k }))]}
                  value={filters.step ?? ""}
                  onChange={setFilter("step")}
                />
              </InlineStack>
            </Form>
          </Box>
          {templates.length === 0 ? (
            <EmptyState
              heading={searchParams.size ? "No template matches these filters" : "No templates yet"}
              action={connected ? { content: "Install starter library", onAction: () => setInstallOpen(true) } : undefined}
              secondaryAction={{ content: "Create one", url: "/app/templates/new" }}
              image=""
            >
              <p>The starter library has a ready-to-approve template for every journey, in six languages.</p>
            </EmptyState>
          ) : (
            <IndexTable
              resourceName={{ singular: "template", plural: "templates" }}
              itemCount={templates.length}
              selectable={false}
              headings={[{ title: "Name" }, { title: "Category" }, { title: "Journeys" }, { title: "Languages" }]}
            >
              {templates.map((template, index) => (
                <IndexTable.Row id={template.id} key={template.id} position={index}>
                  <IndexTable.Cell>
                    <Link url={`/app/templates/${template.id}`} removeUnderline>
                      <Text as="span" fontWeight="semibold">
                        {template.name}
                      </Text>
                    </Link>
                  </IndexTable.Cell>
                  <IndexTable.Cell>{template.category.charAt(0) + template.category.slice(1).toLowerCase()}</IndexTable.Cell>
                  <IndexTable.Cell>
                    {template.purposes.map((p) => journeySteps[p as keyof typeof journeySteps]?.label ?? p).join(", ") || "—"}
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <BlockStack gap="100">
                      <InlineStack gap="100" wrap>
                        {template.languages.map((l) => (
                          <TemplateStatusBadge key={l.language} status={l.status} prefix={l.language} />
                        ))}
                      </InlineStack>
                      {template.languages
                        .filter((l) => l.notice)
                        .map((l) => (
                          <Text as="p" key={l.language} tone="caution" variant="bodySm">
                            {l.notice}
                          </Text>
                        ))}
                    </BlockStack>
                  </IndexTable.Cell>
                </IndexTable.Row>
              ))}
            </IndexTable>
          )}
        </Card>
      </BlockStack>

      <Modal
        open={installOpen}
        onClose={() => setInstallOpen(false)}
        title="Install the starter library"
        primaryAction={{
          content: "Install and submit",
          loading: busy && fetcher.formData?.get("intent") === "install",
          disabled: languages.length === 0,
          onAction: () => {
            const data = new FormData();
            data.set("intent", "install");
            for (const language of languages) data.append("languages", language);
            fetcher.submit(data, { method: "post" });
            setInstallOpen(false);
          },
        }}
        secondaryActions={[{ content: "Cancel", onAction: () => setInstallOpen(false) }]}
      >
        <Modal.Section>
          <BlockStack gap="300">
            <Text as="p">
              Seven templates — order confirmation, cash-on-delivery confirmation, shipped, out for delivery, delivered, delivery failed and
              back in stock — are created and submitted to Meta in the languages you pick. Templates you already have are left alone.
            </Text>
            {starterLanguages.map((language) => (
              <Checkbox
                key={language}
                label={languageName(language)}
                checked={languages.includes(language)}
                onChange={(checked) =>
                  setLanguages((current) => (checked ? [...current, language] : current.filter((l) => l !== language)))
                }
              />
            ))}
          </BlockStack>
        </Modal.Section>
      </Modal>
    </Page>
  );
}
