import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, BlockStack, Card, DataTable, EmptyState, Layout, Page, Text } from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { formatDateTime } from "~/components/format";
import { shopForSession, shopSettings } from "~/models/shop.server";
import { summarizeShopEvents } from "~/models/shopify-event.server";
import { authenticate } from "~/shopify.server";

const dayMs = 24 * 3600 * 1000;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const [topics, settings] = await Promise.all([
    summarizeShopEvents(session.shop, new Date(Date.now() - dayMs)),
    shopForSession(session.shop).then((shop) => shopSettings(shop.id)),
  ]);
  return {
    shop: session.shop,
    timeZone: settings.timezone,
    topics: topics.map((t) => ({ ...t, lastReceivedAt: t.lastReceivedAt?.toISOString() ?? null })),
  };
};

export default function Home() {
  const { shop, topics, timeZone } = useLoaderData<typeof loader>();
  const failed = topics.reduce((sum, topic) => sum + topic.failed, 0);

  return (
    <Page>
      <TitleBar title="WhatsApp Journeys" />
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Store events in the last 24 hours
              </Text>
              {topics.length === 0 ? (
                <EmptyState heading="No store events yet" image="">
                  <p>
                    Orders, fulfillments and inventory changes on {shop} appear here as Shopify reports them. Place a test order to see the
                    first one.
                  </p>
                </EmptyState>
              ) : (
                <>
                  {failed > 0 ? <Badge tone="critical">{`${failed} failed`}</Badge> : <Badge tone="success">All processed</Badge>}
                  <DataTable
                    columnContentTypes={["text", "numeric", "numeric", "numeric", "text"]}
                    headings={["Event", "Received", "Processed", "Failed", "Last received"]}
                    rows={topics.map((topic) => [
                      topic.topic,
                      topic.received,
                      topic.processed,
                      topic.failed,
                      formatDateTime(topic.lastReceivedAt, timeZone),
                    ])}
                  />
                </>
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
