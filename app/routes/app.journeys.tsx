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
  Checkbox,
  InlineGrid,
  InlineStack,
  Layout,
  Link,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { z } from "zod";
import { showToast } from "~/components/toast";
import { fieldsForStep } from "~/domain/event-fields";
import { defaultBindings, journeyBindingsSchema, type JourneyBindings } from "~/domain/journey-bindings";
import { journeySteps, journeyStepKeys, type JourneyStep } from "~/domain/journey-steps";
import { templateContentSchema, urlButtonVariable, variableNames } from "~/domain/template-content";
import { journeysOverview, JourneyMappingError, saveMapping } from "~/models/journey.server";

import { jsonFormField } from "~/web/form-fields";
import { authenticateShop } from "~/web/admin-shop.server";

const descriptions: Record<JourneyStep, string> = {
  order_confirmation: "Sent seconds after an order is placed.",
  cod_confirmation:
    "Sent instead of the confirmation for cash-on-delivery orders, with Confirm and Cancel buttons; one reminder follows if there is no answer.",
  shipped: "Sent when a fulfillment is created or in transit, with the tracking link.",
  out_for_delivery: "Sent when the carrier reports the package is out for delivery.",
  delivered: "Sent when the carrier reports the package delivered.",
  delivery_failed: "Sent when the carrier reports a failed delivery attempt.",
  back_in_stock: "Sent to shoppers who asked to be told, when a sold-out variant is available again.",
};

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await authenticateShop(request);
  const { mappings, templates, counts } = await journeysOverview(shop.id);
  const templateOptions = templates.map((template) => {
    const version = template.variants[0]?.versions[0];
    const content = version ? templateContentSchema.parse(version.components) : undefined;
    return {
      id: template.id,
      name: template.name,
      category: template.category,
      purposes: template.purposes,
      variables: content
        ? {
            header: content.header?.type === "TEXT" ? variableNames(content.header.text) : [],
            body: variableNames(content.body),
            buttons: content.buttons.flatMap((button, index) =>
              urlButtonVariable(button) ? [{ index: String(index), label: "text" in button ? button.text : "URL" }] : [],
            ),
          }
        : { header: [], body: [], buttons: [] },
      defaults: content ? defaultBindings(content) : undefined,
      templateBindings: journeyBindingsSchema.safeParse(template.bindings).data,
    };
  });
  return {
    steps: journeyStepKeys.map((step) => {
      const mapping = mappings.find((m) => m.step === step);
      const stats = counts.filter((c) => c.journeyStep === step || (step === "cod_confirmation" && c.journeyStep === "cod_reminder"));
      const count = (statuses: string[]) => stats.filter((c) => statuses.includes(c.status)).reduce((sum, c) => sum + c._count._all, 0);
      return {
        step,
        label: journeySteps[step].label,
        category: journeySteps[step].category,
        description: descriptions[step],
        enabled: mapping?.enabled ?? false,
        templateId: mapping?.templateId ?? null,
        bindings: mapping ? journeyBindingsSchema.parse(mapping.bindings) : null,
        fields: fieldsForStep(step).map((f) => ({ key: f.key, label: f.label })),
        week: { sent: count(["SENT", "DELIVERED", "READ"]), skipped: count(["SKIPPED", "CANCELLED"]), failed: count(["FAILED", "DEAD"]) },
      };
    }),
    templates: templateOptions,
  };
};

const saveSchema = z.object({
  step: z.enum(journeyStepKeys as [JourneyStep, ...JourneyStep[]]),
  enabled: z.enum(["true", "false"]).transform((v) => v === "true"),
  templateId: z
    .string()
    .uuid()
    .or(z.literal(""))
    .transform((v) => v || null),
  bindings: jsonFormField(journeyBindingsSchema),
});

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await authenticateShop(request);
  const parsed = saveSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return { ok: false as const, step: null, message: parsed.error.issues.map((i) => i.message).join(" ") };
  try {
    await saveMapping(shop.id, parsed.data.step, parsed.data);
    return {
      ok: true as const,
      step: parsed.data.step,
      message: `${journeySteps[parsed.data.step].label} saved${parsed.data.enabled ? " and on" : " (off)"}.`,
    };
  } catch (error) {
    if (error instanceof JourneyMappingError) return { ok: false as const, step: parsed.data.step, message: error.message };
    throw error;
  }
};

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
type Step = Data["steps"][number];

function StepCard({ step, templates }: { step: Step; templates: Data["templates"] }) {
  const fetcher = useFetcher<typeof action>();
  const [enabled, setEnabled] = useState(step.enabled);
  const [templateId, setTemplateId] = useState(step.templateId ?? "");
  const template = templates.find((t) => t.id === templateId);
  const [bindings, setBindings] = useState<JourneyBindings>(
    step.bindings ?? template?.templateBindings ?? template?.defaults ?? { header: {}, body: {}, buttons: {} },
  );
  const result = fetcher.data?.step === step.step || (fetcher.data && !fetcher.data.step) ? fetcher.data : undefined;

  useEffect(() => {
    if (result?.ok) showToast(result.message);
  }, [result]);

  const chooseTemplate = (id: string) => {
    setTemplateId(id);
    const next = templates.find((t) => t.id === id);
    setBindings(next?.templateBindings ?? next?.defaults ?? { header: {}, body: {}, buttons: {} });
  };
  const bind = (where: keyof JourneyBindings, name: string, change: { field?: string; fallback?: string }) =>
    setBindings((current) => ({ ...current, [where]: { ...current[where], [name]: { ...current[where][name], ...change } } }));

  const rows: { where: keyof JourneyBindings; name: string; label: string }[] = template
    ? [
        ...template.variables.header.map((name) => ({ where: "header" as const, name, label: `Header {{${name}}}` })),
        ...template.variables.body.map((name) => ({ where: "body" as const, name, label: `{{${name}}}` })),
        ...template.variables.buttons.map((b) => ({ where: "buttons" as const, name: b.index, label: `“${b.label}” button link` })),
      ]
    : [];
  const suited = templates.filter((t) => t.purposes.includes(step.step));
  const others = templates.filter((t) => !t.purposes.includes(step.step));

  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <InlineStack gap="200" blockAlign="center">
            <Text as="h2" variant="headingMd">
              {step.label}
            </Text>
            <Badge tone={step.category === "MARKETING" ? "attention" : undefined}>
              {step.category === "MARKETING" ? "Marketing" : "Utility"}
            </Badge>
            {step.enabled ? <Badge tone="success">On</Badge> : <Badge>Off</Badge>}
          </InlineStack>
          <Text as="span" tone="subdued" variant="bodySm">
            Last 7 days: {step.week.sent} sent · {step.week.skipped} skipped · {step.week.failed} failed
          </Text>
        </InlineStack>
        <Text as="p" tone="subdued">
          {step.description}
        </Text>
        {result && !result.ok ? <Banner tone="critical" title={result.message} /> : null}
        <InlineGrid columns={{ xs: 1, md: 2 }} gap="300">
          <Select
            label="Template"
            options={[
              { label: "— Choose a template —", value: "" },
              ...suited.map((t) => ({ label: t.name, value: t.id })),
              ...others.map((t) => ({ label: `${t.name} (made for other journeys)`, value: t.id })),
            ]}
            value={templateId}
            onChange={chooseTemplate}
          />
          <Box paddingBlockStart="600">
            <Checkbox label="Send this message" checked={enabled} onChange={setEnabled} />
          </Box>
        </InlineGrid>
        {rows.length ? (
          <BlockStack gap="200">
            <Text as="h3" variant="headingSm">
              Variables
            </Text>
            {rows.map((row) => (
              <InlineGrid key={`${row.where}-${row.name}`} columns={{ xs: 1, md: 3 }} gap="200">
                <Text as="span">{row.label}</Text>
                <Select
                  label="Filled with"
                  labelHidden
                  options={[
                    { label: "— Only the default text —", value: "" },
                    ...step.fields.map((f) => ({ label: f.label, value: f.key })),
                  ]}
                  value={bindings[row.where][row.name]?.field ?? ""}
                  onChange={(field) => bind(row.where, row.name, { field: field || undefined })}
                />
                <TextField
                  label="Default when missing"
                  labelHidden
                  placeholder="Default when the event lacks it"
                  value={bindings[row.where][row.name]?.fallback ?? ""}
                  onChange={(fallback) => bind(row.where, row.name, { fallback: fallback || undefined })}
                  autoComplete="off"
                />
              </InlineGrid>
            ))}
            <Text as="p" tone="subdued" variant="bodySm">
              A variable with no value and no default is never sent empty: the message is skipped, and the message log says why.
            </Text>
          </BlockStack>
        ) : null}
        <InlineStack align="end">
          <Button
            variant="primary"
            loading={fetcher.state !== "idle"}
            onClick={() =>
              fetcher.submit(
                { step: step.step, enabled: String(enabled), templateId, bindings: JSON.stringify(bindings) },
                { method: "post" },
              )
            }
          >
            Save
          </Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}

export default function Journeys() {
  const { steps, templates } = useLoaderData<typeof loader>();
  return (
    <Page title="Journeys" subtitle="Which message each store event sends, and what fills its variables">
      <TitleBar title="Journeys" />
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {templates.length === 0 ? (
              <Banner tone="info" title="No templates yet">
                <p>
                  <Link url="/app/templates">Install the starter library</Link>: it creates a template for every journey and switches them
                  on.
                </p>
              </Banner>
            ) : null}
            {steps.map((step) => (
              <StepCard key={step.step} step={step} templates={templates} />
            ))}
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
