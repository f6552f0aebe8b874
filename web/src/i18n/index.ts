import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import { resources } from "./resources.js";

export const languages = [
  { code: "en", label: "English" },
  { code: "zh", label: "简体中文" },
] as const;
export type Language = (typeof languages)[number]["code"];

const KEY = "crm.language";

/** The remembered language, else the browser's when it is Chinese, else English. */
export function initialLanguage(): Language {
  const stored = typeof localStorage !== "undefined" ? localStorage.getItem(KEY) : null;
  if (stored === "en" || stored === "zh") return stored;
  return typeof navigator !== "undefined" && navigator.language.toLowerCase().startsWith("zh") ? "zh" : "en";
}

/** Loads every string of the app (resources.ts) in the remembered language. */
export async function setupI18n() {
  const lng = initialLanguage();
  await i18n.use(initReactI18next).init({
    lng,
    fallbackLng: "en",
    resources,
    interpolation: { escapeValue: false },
  });
  document.documentElement.lang = lng === "zh" ? "zh-CN" : "en";
  return i18n;
}

export async function changeLanguage(lng: Language) {
  localStorage.setItem(KEY, lng);
  document.documentElement.lang = lng === "zh" ? "zh-CN" : "en";
  await i18n.changeLanguage(lng);
}
