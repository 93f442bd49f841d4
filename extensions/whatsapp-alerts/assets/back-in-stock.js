// "Notify me on WhatsApp": follows the theme's variant picker (whatever the theme: it watches the
// product form's variant input and the ?variant= in the URL), shows itself for sold-out variants
// only, and posts the form through the app proxy.
(() => {
  for (const root of document.querySelectorAll("[data-wj-bis]")) {
    if (root.dataset.wjReady) continue;
    root.dataset.wjReady = "1";
    const variants = JSON.parse(root.querySelector("[data-wj-variants]")?.textContent || "[]");
    const messages = JSON.parse(root.querySelector("[data-wj-messages]")?.textContent || "{}");
    const form = root.querySelector("form");
    const status = root.querySelector(".wj-bis__status");
    const variantField = form.querySelector('[name="variant_id"]');
    const section = root.closest("section, .shopify-section") || document;

    const currentVariantId = () =>
      new URLSearchParams(location.search).get("variant") ||
      section.querySelector('form[action*="/cart/add"] [name="id"]')?.value ||
      variantField.value;

    const sync = () => {
      const id = String(currentVariantId());
      const variant = variants.find((v) => String(v.id) === id);
      if (!variant) return;
      if (variantField.value !== id) {
        variantField.value = id;
        status.textContent = "";
      }
      root.hidden = Boolean(variant.available);
    };

    document.addEventListener("change", (event) => {
      if (event.target.closest?.('form[action*="/cart/add"], variant-selects, variant-radios')) setTimeout(sync, 0);
    });
    for (const name of ["pushState", "replaceState"]) {
      const original = history[name];
      history[name] = function (...args) {
        const result = original.apply(this, args);
        setTimeout(sync, 0);
        return result;
      };
    }
    addEventListener("popstate", sync);
    sync();

    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      status.className = "wj-bis__status";
      if (!form.consent.checked) {
        status.textContent = messages.consent_required;
        status.classList.add("wj-bis__status--error");
        return;
      }
      const button = form.querySelector("button");
      button.disabled = true;
      try {
        const response = await fetch(root.dataset.endpoint, { method: "POST", body: new URLSearchParams(new FormData(form)) });
        const answer = await response.json().catch(() => ({ ok: false, code: "error" }));
        status.textContent = messages[answer.code] || messages.error;
        status.classList.add(answer.ok ? "wj-bis__status--ok" : "wj-bis__status--error");
        if (answer.ok) form.phone.value = "";
      } catch {
        status.textContent = messages.error;
        status.classList.add("wj-bis__status--error");
      } finally {
        button.disabled = false;
      }
    });
  }
})();
