/** Shows a toast through App Bridge inside the Shopify admin; elsewhere the page's banner suffices. */
export function showToast(message: string, options: { isError?: boolean } = {}) {
  const bridge =
    typeof window !== "undefined" ? (window as { shopify?: { toast?: { show(m: string, o?: object): void } } }).shopify : undefined;
  bridge?.toast?.show(message, options);
}
