/*
 * The public consent pages (sign-up, confirmation, preferences), plain server-rendered HTML: no
 * script (the server's CSP allows none inline, and a form must work in any browser), inline
 * style only, every value escaped. English and Simplified Chinese, by `?lang=` or Accept-Language.
 */

export type PageLang = "en" | "zh";

export const pageStrings = {
  en: {
    signupTitle: "Subscribe to our email",
    email: "Email",
    firstName: "First name",
    lastName: "Last name",
    topics: "Topics",
    consentText:
      "Yes, send me marketing email about the topics I chose. I can unsubscribe at any time with the link in every email.",
    subscribe: "Subscribe",
    checkInbox: "Almost done: we sent you an email. Open the link in it to confirm your subscription.",
    confirmTitle: "Confirm your subscription",
    confirmButton: "Confirm subscription",
    confirmed: "Thank you: your subscription is confirmed.",
    linkUsed: "This confirmation link was already used. Your subscription stays as it is.",
    linkExpired: "This confirmation link has expired. Please sign up again.",
    linkInvalid: "This link is not valid. Copy the whole link from the email, or sign up again.",
    notFound: "There is no such sign-up form.",
    prefsTitle: "Your email preferences",
    prefsStatus: "Status",
    save: "Save preferences",
    saved: "Your preferences are saved.",
    unsubscribe: "Unsubscribe from all marketing email",
    unsubscribed: "You are unsubscribed. You will get no more marketing email from us.",
    tooMany: "Too many attempts from your address. Please wait a minute and try again.",
    errorsTitle: "Please correct the fields below.",
    mailSubject: "Please confirm your subscription",
    mailIntro: "Please confirm that you want to receive our email by opening this link:",
    mailIgnore: "If you did not sign up, ignore this email: you will not be subscribed.",
    fieldErrors: {
      email: "Enter an email address like name@example.com.",
      consent: "Tick the box to agree to receive email.",
      topics: "Choose topics from the list.",
      firstName: "This value is too long.",
      lastName: "This value is too long.",
    },
  },
  zh: {
    signupTitle: "订阅我们的邮件",
    email: "邮箱",
    firstName: "名",
    lastName: "姓",
    topics: "主题",
    consentText: "是的，请向我发送所选主题的营销邮件。我可以随时通过每封邮件中的链接退订。",
    subscribe: "订阅",
    checkInbox: "即将完成：我们已向您发送了一封邮件，请打开其中的链接确认订阅。",
    confirmTitle: "确认订阅",
    confirmButton: "确认订阅",
    confirmed: "谢谢：您的订阅已确认。",
    linkUsed: "此确认链接已被使用过，您的订阅状态不变。",
    linkExpired: "此确认链接已过期，请重新订阅。",
    linkInvalid: "此链接无效。请从邮件中复制完整链接，或重新订阅。",
    notFound: "没有这个订阅表单。",
    prefsTitle: "您的邮件偏好",
    prefsStatus: "状态",
    save: "保存偏好",
    saved: "您的偏好已保存。",
    unsubscribe: "退订所有营销邮件",
    unsubscribed: "您已退订，将不会再收到我们的营销邮件。",
    tooMany: "您的地址尝试次数过多，请稍等一分钟再试。",
    errorsTitle: "请更正以下字段。",
    mailSubject: "请确认您的订阅",
    mailIntro: "请打开此链接，确认您愿意接收我们的邮件：",
    mailIgnore: "如果您没有订阅，请忽略此邮件：您不会被订阅。",
    fieldErrors: {
      email: "请输入邮箱地址，例如 name@example.com。",
      consent: "请勾选同意接收邮件。",
      topics: "请从列表中选择主题。",
      firstName: "此值太长。",
      lastName: "此值太长。",
    },
  },
} as const;
export type PageStrings = (typeof pageStrings)[PageLang];
export type SignupField = keyof PageStrings["fieldErrors"];

export function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch] as string,
  );
}

export function langOf(query: string | undefined, acceptLanguage: string | undefined): PageLang {
  if (query === "zh" || query === "en") return query;
  return /^\s*zh\b/i.test(acceptLanguage ?? "") ? "zh" : "en";
}

const STYLE =
  "body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}" +
  "label{display:block;margin:.75rem 0 .25rem}input[type=email],input[type=text]{width:100%;padding:.5rem;font:inherit;box-sizing:border-box}" +
  "button{margin-top:1rem;padding:.5rem 1rem;font:inherit}.error{color:#b00020}.check{display:flex;gap:.5rem;align-items:flex-start}" +
  "fieldset{border:1px solid #ccc;margin-top:1rem}";

export function page(lang: PageLang, title: string, body: string): string {
  return `<!doctype html><html lang="${lang === "zh" ? "zh-CN" : "en"}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}

export function message(lang: PageLang, title: string, text: string): string {
  return page(lang, title, `<p role="status">${escapeHtml(text)}</p>`);
}

export interface Topic {
  value: string;
  label: string;
}

function topicBoxes(topics: readonly Topic[], chosen: ReadonlySet<string>, legend: string): string {
  if (!topics.length) return "";
  const boxes = topics
    .map(
      (t) =>
        `<label class="check"><input type="checkbox" name="topics" value="${escapeHtml(t.value)}"${chosen.has(t.value) ? " checked" : ""}> ${escapeHtml(t.label)}</label>`,
    )
    .join("");
  return `<fieldset><legend>${escapeHtml(legend)}</legend>${boxes}</fieldset>`;
}

/** The sign-up form; `action` is where it posts (absolute in the embeddable snippet). */
export function signupForm(
  lang: PageLang,
  o: {
    action: string;
    topics: readonly Topic[];
    values?: Partial<Record<"email" | "firstName" | "lastName", string>>;
    chosen?: ReadonlySet<string>;
    errors?: Partial<Record<SignupField, string>>;
  },
): string {
  const s = pageStrings[lang];
  const errors = o.errors ?? {};
  const err = (f: SignupField) =>
    errors[f] ? `<p class="error" id="${f}-error" role="alert">${escapeHtml(errors[f] as string)}</p>` : "";
  const described = (f: SignupField) => (errors[f] ? ` aria-invalid="true" aria-describedby="${f}-error"` : "");
  const v = (k: "email" | "firstName" | "lastName") => escapeHtml(o.values?.[k] ?? "");
  const summary = Object.keys(errors).length ? `<p class="error" role="alert">${escapeHtml(s.errorsTitle)}</p>` : "";
  return `${summary}<form method="post" action="${escapeHtml(o.action)}" accept-charset="utf-8">
<input type="hidden" name="lang" value="${lang}">
<label for="signup-email">${escapeHtml(s.email)} *</label><input id="signup-email" type="email" name="email" required autocomplete="email" value="${v("email")}"${described("email")}>${err("email")}
<label for="signup-first">${escapeHtml(s.firstName)}</label><input id="signup-first" type="text" name="firstName" autocomplete="given-name" value="${v("firstName")}"${described("firstName")}>${err("firstName")}
<label for="signup-last">${escapeHtml(s.lastName)}</label><input id="signup-last" type="text" name="lastName" autocomplete="family-name" value="${v("lastName")}"${described("lastName")}>${err("lastName")}
${topicBoxes(o.topics, o.chosen ?? new Set(), s.topics)}${err("topics")}
<label class="check"><input type="checkbox" name="consent" value="yes" required${described("consent")}> ${escapeHtml(s.consentText)}</label>${err("consent")}
<button type="submit">${escapeHtml(s.subscribe)}</button>
</form>`;
}
