import { activitiesLocales } from "../activities/locales.js";
import { analyticsLocales } from "../analytics/locales.js";
import { apiDocsLocales } from "../apiDocs/locales.js";
import { calendarLocales } from "../calendar/locales.js";
import { cannedLocales } from "../canned/locales.js";
import { chatLocales } from "../chat/locales.js";
import { dataLocales } from "../data/locales.js";
import { deviceLocales } from "../device/locales.js";
import { emailLogLocales } from "../emailLog/locales.js";
import { inboxLocales } from "../inbox/locales.js";
import { mailLocales } from "../mail/locales.js";
import { marketingLocales } from "../marketing/locales.js";
import { notificationsLocales } from "../notifications/locales.js";
import { rulesLocales } from "../rules/locales.js";
import { salesLocales } from "../sales/locales.js";
import { serviceLocales } from "../service/locales.js";
import { settingsLocales } from "../settings/locales.js";
import { viewsLocales } from "../views/locales.js";
import { webhooksLocales } from "../webhooks/locales.js";
import { en } from "./en.js";
import { defineLocale, type Locale } from "./locale.js";
import { zh } from "./zh.js";

/*
 * Every string of the app, in one resource object: the app-wide tables (en.ts/zh.ts) at the root,
 * each feature's locales.ts under its namespace (`analytics.*` …). The app (setupI18n) and the
 * tests (forTests.ts) load exactly this, and the English tree is what `t()` keys are typed from
 * (the CustomTypeOptions below), so a key that is not here fails the typecheck.
 *
 * A new feature's strings: a locales.ts exporting `defineLocale(en, zh)`, and one line here.
 */
const app = defineLocale(en, zh);
export const features = {
  analytics: analyticsLocales,
  sales: salesLocales,
  service: serviceLocales,
  data: dataLocales,
  activities: activitiesLocales,
  views: viewsLocales,
  settings: settingsLocales,
  rules: rulesLocales,
  device: deviceLocales,
  calendar: calendarLocales,
  notifications: notificationsLocales,
  webhooks: webhooksLocales,
  apiDocs: apiDocsLocales,
  mail: mailLocales,
  canned: cannedLocales,
  emailLog: emailLogLocales,
  inbox: inboxLocales,
  chat: chatLocales,
  marketing: marketingLocales,
} satisfies Record<string, Locale<object>>;

type Features = typeof features;
type Language = keyof Locale<object>;
/** The English resource: the keys `t()` accepts. */
export type Strings = typeof en & { [K in keyof Features]: Features[K]["en"] };

function bundle(lang: Language): Strings {
  const mounted = Object.fromEntries(Object.entries(features).map(([ns, locale]) => [ns, locale[lang]]));
  // Chinese is typed against English table by table (defineLocale), so the shapes agree.
  return { ...app[lang], ...mounted } as Strings;
}

export const resources = {
  en: { translation: bundle("en") },
  zh: { translation: bundle("zh") },
};

declare module "i18next" {
  interface CustomTypeOptions {
    defaultNS: "translation";
    resources: { translation: Strings };
    // A defaultValue does not excuse a key that does not exist.
    strictKeyChecks: true;
  }
}
