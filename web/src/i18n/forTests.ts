import i18next, { type i18n as I18n, type TFunction } from "i18next";
import { resources } from "./resources.js";

/*
 * The app's strings as setupI18n loads them (the same registry, resources.ts), for unit tests that
 * check what a person reads (labels, formatted values) in each language. No fallback language: a
 * key missing in Chinese comes back as the key, so a test can tell.
 */

const made = new Map<string, Promise<I18n>>();

function instance(lang: "en" | "zh"): Promise<I18n> {
  let ready = made.get(lang);
  if (!ready) {
    const i18n = i18next.createInstance();
    ready = i18n
      .init({ lng: lang, fallbackLng: false, resources, interpolation: { escapeValue: false } })
      .then(() => i18n);
    made.set(lang, ready);
  }
  return ready;
}

export async function testT(lang: "en" | "zh"): Promise<TFunction> {
  return (await instance(lang)).t;
}

/**
 * True when `key` has a string of its own in `lang` (not a fallback, not an object; a plural key
 * by its base name). For keys held in data, which the compiler cannot see are strings.
 */
export async function hasString(lang: "en" | "zh", key: string): Promise<boolean> {
  const i18n = await instance(lang);
  const v = [key, `${key}_one`, `${key}_other`].map((k) => i18n.getResource(lang, "translation", k)).find((x) => x);
  return typeof v === "string";
}
