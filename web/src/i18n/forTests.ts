import i18next, { type TFunction } from "i18next";
import { activitiesLocales } from "../activities/locales.js";
import { analyticsLocales } from "../analytics/locales.js";
import { dataLocales } from "../data/locales.js";
import { salesLocales } from "../sales/locales.js";
import { serviceLocales } from "../service/locales.js";
import { settingsLocales } from "../settings/locales.js";
import * as viewsLocales from "../views/locales.js";
import { en } from "./en.js";
import { zh } from "./zh.js";

/*
 * The app's strings as main.tsx loads them, for unit tests that check what a person reads
 * (labels, formatted values) in each language. No fallback language: a key missing in Chinese
 * comes back as the key, so a test can tell.
 */

const features = {
  analytics: analyticsLocales,
  sales: salesLocales,
  service: serviceLocales,
  data: dataLocales,
  activities: activitiesLocales,
  views: viewsLocales,
  settings: settingsLocales,
};
const bundle = (lang: "en" | "zh") => ({
  ...(lang === "en" ? en : zh),
  ...Object.fromEntries(Object.entries(features).map(([k, v]) => [k, v[lang]])),
});

const made = new Map<string, Promise<TFunction>>();

export function testT(lang: "en" | "zh"): Promise<TFunction> {
  let t = made.get(lang);
  if (!t) {
    const i18n = i18next.createInstance();
    t = i18n
      .init({
        lng: lang,
        fallbackLng: false,
        resources: { en: { translation: bundle("en") }, zh: { translation: bundle("zh") } },
        interpolation: { escapeValue: false },
      })
      .then(() => i18n.t);
    made.set(lang, t);
  }
  return t;
}

/** True when `key` has a string of its own in `lang` (not a fallback, not an object). */
export async function hasString(lang: "en" | "zh", key: string): Promise<boolean> {
  const t = await testT(lang);
  const v = t(key, { returnObjects: true, count: 1 });
  return typeof v === "string" && v !== key;
}
