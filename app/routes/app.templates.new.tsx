import { useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { BlockStack, Button, Card, ChoiceList, FormLayout, Layout, Page, Select, Text, TextField } from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { z } from "zod";
import { journeySteps, journeyStepKeys } from "~/domain/journey-steps";
import { languageCodePattern, languageName, languageNames } from "~/domain/languages";
import { categoryCost } from "~/domain/template-status";
import { createTemplate, TemplateNameTakenError } from "~/models/template.server";
import { shopSettings } from "~/models/shop.server";
import { authenticateShop } from "~/web/admin-shop.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await authenticateShop(request);
  const settings = await shopSettings(shop.id);
  return { defaultLanguage: settings.defaultLanguage };
};

export const newTemplateSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Give the template a name.")
    .max(512)
    .regex(/^[a-z0-9_]+$/, "Use lowercase letters, digits and underscores, like order_shipped."),
  category: z.enum(["UTILITY", "MARKETING"], { error: "Pick a category." }),
  purposes: z.array(z.enum(journeyStepKeys as [string, ...string[]])).default([]),
  language: z.string().regex(languageCodePattern, "Pick a language."),
  parameterFormat: z.enum(["named", "positional"]),
});

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await authenticateShop(request);
  const form = await request.formData();
  const parsed = newTemplateSchema.safeParse({ ...Object.fromEntries(form), purposes: form.getAll("purposes") });
  if (!parsed.success) {
    return { fieldErrors: Object.fromEntries(parsed.error.issues.map((issue) => [String(issue.path[0]), issue.message])) };
  }
  const { name, category, purposes, language, parameterFormat } = parsed.data;
  try {
    const template = await createTemplate(shop.id, {
      name,
      category,
      purposes,
      language,
      content: { parameterFormat, body: "", buttons: [], examples: { header: {}, body: {}, buttons: {} } },
    });
    return redirect(`/app/templates/${template.id}?lang=${language}`);
  } catch (error) {
    if (error instanceof TemplateNameTakenError) return { fieldErrors: { name: error.message } };
    throw error;
  }
};

export default function NewTemplate() {
  const { defaultLanguage } = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>()?.fieldErrors ?? {};
  const navigation = useNavigation();
  const [name, setName] = useState("");
  const [category, setCategory] = useState("UTILITY");
  const [purposes, setPurposes] = useState<string[]>([]);
  const [language, setLanguage] = useState(defaultLanguage);
  const [format, setFormat] = useState("named");

  return (
    <Page title="New template" backAction={{ content: "Templates", url: "/app/templates" }}>
      <TitleBar title="New template" />
      <Layout>
        <Layout.Section>
          <Card>
            <Form method="post">
              <FormLayout>
                <TextField
                  label="Name"
                  name="name"
                  value={name}
                  onChange={(value) => setName(value.toLowerCase().replace(/[^a-z0-9_]+/g, "_"))}
                  autoComplete="off"
                  helpText="Meta knows the template by this name: lowercase letters, digits and underscores."
                  error={errors.name}
                />
                <Select
                  label="Category"
                  name="category"
                  options={[
                    { label: "Utility — order and shipping updates", value: "UTILITY" },
                    { label: "Marketing — back in stock, offers", value: "MARKETING" },
                  ]}
                  value={category}
                  onChange={setCategory}
                  helpText={categoryCost[category as "UTILITY" | "MARKETING"]}
                  error={errors.category}
                />
                <ChoiceList
                  title="Journeys that may send it"
                  allowMultiple
                  choices={journeyStepKeys.map((key) => ({ label: journeySteps[key].label, value: key }))}
                  selected={purposes}
                  onChange={setPurposes}
                  error={errors.purposes}
                />
                <Select
                  label="First language"
                  name="language"
                  options={Object.keys(languageNames).map((code) => ({ label: languageName(code), value: code }))}
                  value={language}
                  onChange={setLanguage}
                  error={errors.language}
                />
                <ChoiceList
                  title="Variables"
                  choices={[
                    { label: "Named, like {{first_name}} — bound to store data automatically", value: "named" },
                    { label: "Numbered, like {{1}}", value: "positional" },
                  ]}
                  selected={[format]}
                  onChange={(selected) => setFormat(selected[0])}
                />
                {purposes.map((p) => (
                  <input key={p} type="hidden" name="purposes" value={p} />
                ))}
                <input type="hidden" name="parameterFormat" value={format} />
                <BlockStack inlineAlign="end">
                  <Button submit variant="primary" loading={navigation.state === "submitting"}>
                    Create and edit
                  </Button>
                </BlockStack>
              </FormLayout>
            </Form>
          </Card>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                Tips for a quick approval
              </Text>
              <Text as="p">Keep utility templates factual: order and delivery details only, no offers.</Text>
              <Text as="p">Give every variable a realistic example; Meta reviews the message with them filled in.</Text>
              <Text as="p">Add languages later; each is reviewed separately.</Text>
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
