import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { en } from "./en.js";
import { features, resources } from "./resources.js";
import { zh } from "./zh.js";

/*
 * Every string of the app exists in English and in Simplified Chinese. Data-driven over the
 * registry (resources.ts), which is what the app and the tests load: the app-wide tables
 * (en.ts/zh.ts) and every feature's `locales.ts`, mounted under its folder's name
 * (analytics/locales.ts → `analytics.*`). A feature's locales.ts that the registry forgets is
 * found by name and fails here.
 */

type Tree = { [key: string]: string | Tree };

const src = join(import.meta.dirname, "..");
const featureLocales = import.meta.glob<Record<string, unknown>>("../*/locales.ts", { eager: true });

const isTree = (v: unknown): v is Tree => typeof v === "object" && v !== null && !Array.isArray(v);

/** Every table of the registry ("" for en.ts/zh.ts, else the feature's namespace). */
const tables: { name: string; en: Tree; zh: Tree }[] = [
  { name: "", en: en as unknown as Tree, zh: zh as unknown as Tree },
  ...Object.entries(features).map(([name, locale]) => ({
    name,
    en: locale.en as unknown as Tree,
    zh: locale.zh as unknown as Tree,
  })),
];

// i18next plural forms: English writes `_one` and `_other`, Chinese (one form) only `_other`.
const PLURAL = /_(zero|one|two|few|many|other)$/;

/** key path → text, with plural forms folded into their base key (the `_other` text kept). */
function flatten(tree: Tree, prefix = "", out = new Map<string, string>()): Map<string, string> {
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (isTree(value)) flatten(value, path, out);
    else {
      const base = path.replace(PLURAL, "");
      if (base === path || path.endsWith("_other") || !out.has(base)) out.set(base, String(value));
    }
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}/g)].map((m) => m[1]).sort();

describe("translations", () => {
  it("the registry mounts every feature's locales.ts under its folder's name", () => {
    const folders = Object.keys(featureLocales).map((path) => path.split("/")[1]!);
    expect(folders).toContain("analytics");
    for (const [path, module] of Object.entries(featureLocales)) {
      const folder = path.split("/")[1]!;
      const registered = (features as Record<string, unknown>)[folder];
      expect(registered, `${path} is not in i18n/resources.ts`).toBeDefined();
      expect(Object.values(module), `${path} exports what resources.ts mounts`).toContain(registered);
    }
    expect(Object.keys(features).sort()).toEqual(folders.sort());
  });

  it("no feature's namespace hides an app-wide table of the same name", () => {
    expect(Object.keys(features).filter((ns) => ns in en)).toEqual([]);
  });

  it("the registry's English and Chinese resources have the same keys", () => {
    const enKeys = flatten(resources.en.translation as unknown as Tree);
    const zhKeys = flatten(resources.zh.translation as unknown as Tree);
    const missingInChinese = [...enKeys.keys()].filter((k) => !zhKeys.get(k)?.trim());
    const missingInEnglish = [...zhKeys.keys()].filter((k) => !enKeys.get(k)?.trim());
    expect({ missingInChinese, missingInEnglish }).toEqual({ missingInChinese: [], missingInEnglish: [] });
  });

  it.each(tables.map((t) => [t.name || "en.ts/zh.ts", t] as const))("%s: the same keys in both languages", (_, t) => {
    const enKeys = flatten(t.en);
    const zhKeys = flatten(t.zh);
    const missingInChinese = [...enKeys.keys()].filter((k) => !zhKeys.get(k)?.trim());
    const missingInEnglish = [...zhKeys.keys()].filter((k) => !enKeys.get(k)?.trim());
    expect({ missingInChinese, missingInEnglish }).toEqual({ missingInChinese: [], missingInEnglish: [] });
  });

  it.each(tables.map((t) => [t.name || "en.ts/zh.ts", t] as const))("%s: the same {{placeholders}}", (_, t) => {
    const zhKeys = flatten(t.zh);
    const differ = [...flatten(t.en)]
      .filter(([k, text]) => zhKeys.has(k) && placeholders(text).join() !== placeholders(zhKeys.get(k)!).join())
      .map(([k]) => k);
    expect(differ).toEqual([]);
  });

  it('every literal key the code passes to t("…") exists in English and Chinese', () => {
    const merged = (lang: "en" | "zh") => {
      const out = new Map<string, string>();
      for (const t of tables) flatten(t[lang], t.name, out);
      return out;
    };
    const [enAll, zhAll] = [merged("en"), merged("zh")];
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((f) => {
        const p = join(dir, f);
        // The fixture of typedKeys.test.ts holds wrong keys on purpose.
        if (statSync(p).isDirectory()) return p === join(import.meta.dirname, "fixtures") ? [] : files(p);
        return /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f) ? [p] : [];
      });
    const missing: string[] = [];
    for (const file of files(src)) {
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(/\bt\(\s*(["'])([a-zA-Z][\w-]*(?:\.[\w-]+)+)\1/g)) {
        const key = m[2]!;
        if (!enAll.has(key) || !zhAll.has(key)) missing.push(`${relative(src, file)}: ${key}`);
      }
      // t(`sales.orders.statuses.${s}`): at least the table the key is looked up in exists.
      for (const m of text.matchAll(/\bt\(\s*`([a-zA-Z][\w-]*(?:\.[\w-]+)*\.)\$\{/g)) {
        const prefix = m[1]!;
        const has = (all: Map<string, string>) => [...all.keys()].some((k) => k.startsWith(prefix));
        if (!has(enAll) || !has(zhAll)) missing.push(`${relative(src, file)}: ${prefix}…`);
      }
    }
    expect([...new Set(missing)]).toEqual([]);
  });
});
