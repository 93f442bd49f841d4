import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, Banner, BlockStack, Card, DataTable, EmptyState, InlineStack, Layout, Link, List, Page, Text } from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { formatDateTime } from "~/components/format";
import { cashOnDeliveryOverview } from "~/models/cash-on-delivery.server";
import { shopSettings } from "~/models/shop.server";
import { summarizeShopEvents } from "~/models/shopify-event.server";
import { authenticateShop } from "~/web/admin-shop.server";

const dayMs = 24 * 3600 * 1000;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await authenticateShop(request);
  const [topics, settings, cod] = await Promise.all([
    summarizeShopEvents(shop.domain, new Date(Date.now() - dayMs)),
    shopSettings(shop.id),
    cashOnDeliveryOverview(shop.id, new Date(Date.now() - 30 * dayMs)),
  ]);
  return {
    shop: shop.domain,
    timeZone: settings.timezone,
    cod,
    topics: topics.map((t) => ({ ...t, lastReceivedAt: t.lastReceivedAt?.toISOString() ?? null })),
  };
};

export default function Home() {
  const { shop, topics, timeZone, cod } = useLoaderData<typeof loader>();
  const failed = topics.reduce((sum, topic) => sum + topic.failed, 0);

  return (
    <Page>
      <TitleBar title="WhatsApp Journeys" />
      <Layout>
        {cod.toCancelInShopify.length > 0 ? (
          <Layout.Section>
            <Banner tone="warning" title={`${cod.toCancelInShopify.length} shopper(s) cancelled a cash-on-delivery order on WhatsApp`}>
              <BlockStack gap="200">
                <p>
                  They were told your team would confirm. Cancel these orders in Shopify; each leaves this list when Shopify reports it
                  cancelled.
                </p>
                <List>
                  {cod.toCancelInShopify.map((order) => (
                    <List.Item key={order.orderId}>
                      <Link url={`shopify://admin/orders/${order.orderId}`} target="_top">
                        {order.name}
                      </Link>
                      {order.shopper ? ` · ${order.shopper}` : ""} · cancelled {formatDateTime(order.answeredAt, timeZone)}
                    </List.Item>
                  ))}
                </List>
              </BlockStack>
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                Cash on delivery, last 30 days
              </Text>
              <InlineStack gap="300">
                <Badge tone="success">{`${cod.confirmed} confirmed`}</Badge>
                <Badge tone={cod.cancelled ? "warning" : undefined}>{`${cod.cancelled} cancelled`}</Badge>
                <Badge tone="info">{`${cod.awaiting} waiting for an answer`}</Badge>
              </InlineStack>
            </BlockStack>
          </Card>
        </Layout.Section>
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
