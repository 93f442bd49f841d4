import { whatsappLimits as L } from "~/whatsapp/limits";
import { placeholders, urlButtonVariable, variableNames, type TemplateContent } from "./template-content";

/**
 * The template linter: Meta's documented rejection reasons caught before submission, and advice
 * that raises approval odds. Pure; it runs in the browser as staff type and on the server before
 * a submission (an `error` blocks it; a `warning` does not).
 */
export type LintSeverity = "error" | "warning";

export interface LintIssue {
  severity: LintSeverity;
  code: string;
  /** Where: "name", "header", "body", "footer", "buttons.1", "examples.body.first_name" … */
  path: string;
  message: string;
}

export interface LintInput {
  name: string;
  category: "UTILITY" | "MARKETING" | "AUTHENTICATION";
  language: string;
  content: TemplateContent;
  /** Body and footer of the shop's other templates, for the duplicate check. */
  others?: { name: string; language: string; body: string; footer?: string }[];
}

const positionalName = /^[1-9]\d*$/;
const namedName = /^[a-z][a-z0-9_]*$/;
const emoji = /\p{Extended_Pictographic}/gu;
const shorteners = /\b(?:bit\.ly|tinyurl\.com|goo\.gl|t\.co|ow\.ly|is\.gd|buff\.ly|rebrand\.ly|cutt\.ly|shorturl\.at|rb\.gy|tiny\.cc)\//i;

/** Promotional words, by language, that make Meta re-categorise a UTILITY template as MARKETING. */
const promotional: Record<string, RegExp> = {
  en: /\b(?:sale|discount|\d+\s?% off|offer|deal|buy now|limited time|free shipping|coupon|promo(?:tion)?|exclusive|new arrivals?|shop now|save \d+)\b/i,
  es: /\b(?:oferta|descuento|rebajas|promoci[oó]n|cup[oó]n|env[ií]o gratis|compra ya|exclusivo|novedades)\b/i,
  pt: /\b(?:oferta|desconto|promo[cç][aã]o|cupom|frete gr[aá]tis|compre j[aá]|exclusivo|liquida[cç][aã]o)\b/i,
  fr: /\b(?:soldes|remise|promo(?:tion)?|offre|r[ée]duction|code promo|livraison gratuite|exclusif)\b/i,
  de: /\b(?:angebot|rabatt|sale|gutschein|gratisversand|versandkostenfrei|jetzt kaufen|exklusiv|aktion)\b/i,
  ar: /(?:خصم|عرض|تخفيض|كوبون|شحن مجاني|حصري|تسوق الآن)/,
};

function issue(severity: LintSeverity, code: string, path: string, message: string): LintIssue {
  return { severity, code, path, message };
}

const normalise = (text: string | undefined) => (text ?? "").replace(/\s+/g, " ").trim().toLowerCase();

/** Braces that do not make a well-formed `{{name}}`. */
function braceProblems(text: string, path: string): LintIssue[] {
  const stripped = text.replace(/\{\{[^{}]*\}\}/g, "");
  if (/[{}]/.test(stripped)) {
    return [issue("error", "braces", path, "Mismatched braces: a variable is written {{1}} or {{name}}, with two braces on each side.")];
  }
  return [];
}

function variableProblems(text: string, path: string, format: TemplateContent["parameterFormat"]): LintIssue[] {
  const problems: LintIssue[] = [];
  for (const p of placeholders(text)) {
    if (/[#$%]/.test(p.name)) {
      problems.push(issue("error", "variable-characters", path, `${p.raw} contains #, $ or %, which Meta does not allow in a variable.`));
    } else if (format === "positional" && !positionalName.test(p.name)) {
      problems.push(
        issue(
          "error",
          "variable-format",
          path,
          `${p.raw} is not a numbered variable: this template uses {{1}}, {{2}} … (switch to named variables to use names).`,
        ),
      );
    } else if (format === "named" && !namedName.test(p.name)) {
      problems.push(
        issue(
          "error",
          "variable-format",
          path,
          `${p.raw} is not a valid name: use lowercase letters, digits and underscores, starting with a letter.`,
        ),
      );
    }
  }
  if (format === "positional") {
    const numbers = variableNames(text)
      .filter((n) => positionalName.test(n))
      .map(Number);
    const sorted = [...numbers].sort((a, b) => a - b);
    if (sorted.some((n, i) => n !== i + 1)) {
      problems.push(
        issue(
          "error",
          "numbering",
          path,
          `Variables must be numbered in sequence from {{1}} with no gaps; found ${sorted.map((n) => `{{${n}}}`).join(", ")}.`,
        ),
      );
    }
  }
  return problems;
}

function length(text: string | undefined, max: number, path: string, what: string): LintIssue[] {
  return text && text.length > max ? [issue("error", "length", path, `${what} is ${text.length} characters; Meta allows ${max}.`)] : [];
}

function bodyRules(body: string): LintIssue[] {
  const problems: LintIssue[] = [];
  const trimmed = body.trim();
  if (!trimmed) return [issue("error", "body-required", "body", "The body is required.")];
  const vars = placeholders(trimmed);
  if (vars.length) {
    if (vars[0].start === 0)
      problems.push(issue("error", "variable-at-start", "body", "The body cannot start with a variable; begin with some text."));
    const last = vars[vars.length - 1];
    if (last.end === trimmed.length || /^[\s.!?]*$/.test(trimmed.slice(last.end))) {
      problems.push(issue("error", "variable-at-end", "body", "The body cannot end with a variable; add some text after it."));
    }
    for (let i = 1; i < vars.length; i++) {
      if (/^\s*$/.test(trimmed.slice(vars[i - 1].end, vars[i].start))) {
        problems.push(
          issue(
            "error",
            "adjacent-variables",
            "body",
            `${vars[i - 1].raw}${vars[i].raw}: variables next to each other need text or punctuation between them.`,
          ),
        );
      }
    }
    const words = trimmed
      .replace(/\{\{[^{}]*\}\}/g, " ")
      .split(/\s+/)
      .filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
    if (words < 2 * vars.length) {
      problems.push(
        issue(
          "error",
          "variable-density",
          "body",
          `Too many variables for the length: ${vars.length} variable(s) in ${words} word(s). Add text around them.`,
        ),
      );
    } else if (words < 3 * vars.length) {
      problems.push(
        issue(
          "warning",
          "variable-density",
          "body",
          `Only ${words} words for ${vars.length} variables: a little more text makes approval likelier.`,
        ),
      );
    }
  }
  if (/\n{3,}/.test(body))
    problems.push(
      issue("warning", "blank-lines", "body", "More than one blank line in a row is collapsed by WhatsApp; Meta may reject it."),
    );
  return problems;
}

function buttonRules(content: TemplateContent): LintIssue[] {
  const problems: LintIssue[] = [];
  const { buttons } = content;
  const count = (type: string) => buttons.filter((b) => b.type === type).length;
  if (buttons.length > L.templateButtonsTotal)
    problems.push(issue("error", "button-count", "buttons", `${buttons.length} buttons; Meta allows ${L.templateButtonsTotal}.`));
  if (count("URL") > L.templateUrlButtons)
    problems.push(issue("error", "button-count", "buttons", `At most ${L.templateUrlButtons} URL buttons.`));
  if (count("PHONE_NUMBER") > L.templatePhoneButtons)
    problems.push(issue("error", "button-count", "buttons", "At most one phone number button."));
  if (count("COPY_CODE") > L.templateCopyCodeButtons)
    problems.push(issue("error", "button-count", "buttons", "At most one copy code button."));
  if ((count("CATALOG") || count("MPM")) && buttons.length > 1) {
    problems.push(issue("error", "button-mix", "buttons", "A catalog or multi-product button must be the template's only button."));
  }
  // Quick replies must sit together, all before or all after the call-to-action buttons.
  const kinds = buttons
    .map((b) => (b.type === "QUICK_REPLY" ? "Q" : "C"))
    .join("")
    .replace(/(.)\1+/g, "$1");
  if (kinds.length > 2)
    problems.push(issue("error", "button-mix", "buttons", "Group quick replies together, before or after the other buttons."));

  const labels = buttons.filter((b): b is Extract<typeof b, { text: string }> => "text" in b).map((b) => b.text.trim().toLowerCase());
  if (new Set(labels).size !== labels.length)
    problems.push(issue("error", "button-duplicate", "buttons", "Two buttons have the same text."));

  buttons.forEach((button, index) => {
    const path = `buttons.${index}`;
    if ("text" in button) {
      if (!button.text.trim()) problems.push(issue("error", "button-text", path, "The button needs a label."));
      problems.push(...length(button.text, L.templateQuickReplyLabel, path, "The button label"));
      if (placeholders(button.text).length) problems.push(issue("error", "button-text", path, "A button label cannot contain variables."));
    }
    if (button.type === "URL") {
      const vars = placeholders(button.url);
      let url: URL | undefined;
      try {
        url = new URL(button.url.replace(/\{\{[^{}]*\}\}/g, "x"));
      } catch {
        url = undefined;
      }
      if (!url || !/^https?:$/.test(url.protocol))
        problems.push(issue("error", "button-url", path, "The URL must start with https:// (or http://)."));
      problems.push(...length(button.url, 2000, path, "The URL"));
      if (vars.length > 1) problems.push(issue("error", "button-url", path, "A URL can hold one variable only."));
      if (vars.length && vars[vars.length - 1].end !== button.url.length) {
        problems.push(issue("error", "button-url", path, "The URL's variable must come last, e.g. https://shop.example/orders/{{1}}."));
      }
      if (vars.length && url && button.url.indexOf(vars[0].raw) < `${url.protocol}//${url.host}/`.length - 1) {
        problems.push(issue("error", "button-url", path, "The domain cannot be a variable; put the variable after the first /."));
      }
      if (shorteners.test(button.url))
        problems.push(issue("warning", "url-shortener", path, "Link shorteners get templates rejected; use the full link."));
    }
    if (button.type === "PHONE_NUMBER" && !/^\+?\d{6,20}$/.test(button.phoneNumber.replace(/[\s-]/g, ""))) {
      problems.push(issue("error", "button-phone", path, "Enter the phone number with its country code, like +14155550123."));
    }
    if (button.type === "COPY_CODE") {
      if (!button.example.trim()) problems.push(issue("error", "missing-example", path, "Give an example code."));
      problems.push(...length(button.example, L.templateCopyCode, path, "The example code"));
    }
  });
  return problems;
}

function exampleRules(content: TemplateContent): LintIssue[] {
  const problems: LintIssue[] = [];
  const check = (names: string[], examples: Record<string, string>, where: "header" | "body") => {
    for (const name of names) {
      const value = examples[name];
      const path = `examples.${where}.${name}`;
      if (!value?.trim())
        problems.push(
          issue("error", "missing-example", path, `Give an example for {{${name}}} in the ${where}; Meta reviews templates with it.`),
        );
      else if (/[\n\t]|\s{5,}/.test(value))
        problems.push(
          issue("error", "example-characters", path, `The example for {{${name}}} cannot contain new lines, tabs or runs of spaces.`),
        );
    }
  };
  if (content.header?.type === "TEXT") check(variableNames(content.header.text), content.examples.header, "header");
  check(variableNames(content.body), content.examples.body, "body");
  content.buttons.forEach((button, index) => {
    if (urlButtonVariable(button) && !content.examples.buttons[String(index)]?.trim()) {
      problems.push(issue("error", "missing-example", `examples.buttons.${index}`, "Give an example for the URL's variable."));
    }
  });
  const header = content.header;
  if (header && (header.type === "IMAGE" || header.type === "VIDEO" || header.type === "DOCUMENT") && !header.sampleUrl) {
    problems.push(
      issue("error", "missing-example", "header", `Give a sample ${header.type.toLowerCase()} (a public https link) for Meta's review.`),
    );
  }
  return problems;
}

function advice(input: LintInput): LintIssue[] {
  const problems: LintIssue[] = [];
  const { content } = input;
  const text = [content.header?.type === "TEXT" ? content.header.text : "", content.body, content.footer ?? ""].join(" ");
  const withoutVariables = text.replace(/\{\{[^{}]*\}\}/g, "");
  if (input.category === "UTILITY") {
    // Each language's own words ("sale" is promotional in English, "goes out" in Spanish).
    const found = withoutVariables.match(promotional[input.language.slice(0, 2)] ?? promotional.en);
    if (found) {
      problems.push(
        issue(
          "warning",
          "promotional-utility",
          "body",
          `“${found[0]}” reads as promotion: Meta may re-categorise this UTILITY template as MARKETING, which is charged. Keep order updates factual.`,
        ),
      );
    }
  }
  const letters = withoutVariables.replace(/[^\p{L}]/gu, "");
  const capitals = withoutVariables.replace(/[^\p{Lu}]/gu, "");
  const shouted = withoutVariables.match(/\b\p{Lu}{4,}\b/gu) ?? [];
  if ((letters.length > 20 && capitals.length / letters.length > 0.3) || shouted.length >= 3) {
    problems.push(
      issue("warning", "capitals", "body", "Lots of capital letters reads as shouting; Meta rejects spammy-looking templates more often."),
    );
  }
  const emojiCount = (withoutVariables.match(emoji) ?? []).length;
  if (emojiCount > 3)
    problems.push(issue("warning", "emoji", "body", `${emojiCount} emoji: keep it to a few; heavy emoji use lowers approval odds.`));
  if (shorteners.test(text))
    problems.push(issue("warning", "url-shortener", "body", "Link shorteners get templates rejected; use the full link."));
  if (
    input.category === "MARKETING" &&
    !content.buttons.some((b) => b.type === "QUICK_REPLY") &&
    !/stop|baja|parar|arrêt|abmelden|إيقاف/i.test(text)
  ) {
    problems.push(
      issue("warning", "opt-out", "buttons", "Marketing templates do better with a way out: add a quick reply such as “Stop alerts”."),
    );
  }
  return problems;
}

export function lintTemplate(input: LintInput): LintIssue[] {
  const { content, name } = input;
  const problems: LintIssue[] = [];

  if (!/^[a-z0-9_]+$/.test(name))
    problems.push(issue("error", "name", "name", "The name may use lowercase letters, digits and underscores only."));
  problems.push(...length(name, L.templateName, "name", "The name"));
  if (input.category === "AUTHENTICATION") {
    problems.push(
      issue(
        "error",
        "category",
        "category",
        "Authentication templates use Meta's fixed one-time-code format, which this editor does not build.",
      ),
    );
  }

  const header = content.header;
  if (header?.type === "TEXT") {
    if (!header.text.trim()) problems.push(issue("error", "header-required", "header", "Enter the header text, or choose no header."));
    problems.push(...length(header.text, L.templateHeaderText, "header", "The header"), ...braceProblems(header.text, "header"));
    problems.push(...variableProblems(header.text, "header", content.parameterFormat));
    if (placeholders(header.text).length > 1)
      problems.push(issue("error", "header-variables", "header", "A text header can hold one variable at most."));
    if (/[\n*_~`]/.test(header.text) || emoji.test(header.text)) {
      problems.push(
        issue("error", "header-format", "header", "A header cannot contain new lines, emoji or formatting characters (* _ ~ `)."),
      );
    }
    emoji.lastIndex = 0;
  }

  problems.push(...length(content.body, L.templateBody, "body", "The body"), ...braceProblems(content.body, "body"));
  problems.push(...variableProblems(content.body, "body", content.parameterFormat), ...bodyRules(content.body));

  if (content.footer) {
    problems.push(...length(content.footer, L.templateFooter, "footer", "The footer"), ...braceProblems(content.footer, "footer"));
    if (placeholders(content.footer).length)
      problems.push(issue("error", "footer-variables", "footer", "A footer cannot contain variables."));
  }

  problems.push(...buttonRules(content), ...exampleRules(content));

  const mine = normalise(content.body) + "\n" + normalise(content.footer);
  const duplicate = input.others?.find(
    (other) => other.name !== name && other.language === input.language && normalise(other.body) + "\n" + normalise(other.footer) === mine,
  );
  if (duplicate) {
    problems.push(
      issue(
        "error",
        "duplicate",
        "body",
        `Same body and footer as “${duplicate.name}”; Meta rejects duplicates. Change the wording or reuse that template.`,
      ),
    );
  }

  problems.push(...advice(input));
  return problems;
}

export const hasErrors = (issues: LintIssue[]) => issues.some((i) => i.severity === "error");
