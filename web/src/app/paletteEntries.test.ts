import type { Role } from "@crm/schema";
import { describe, expect, it } from "vitest";
import { hasString, testT } from "../i18n/forTests.js";
import { entryLabel, findEntries, PALETTE_ENTRIES, type PaletteEntry } from "./paletteEntries.js";

async function finder(lang: "en" | "zh", role: Role = "owner") {
  const t = await testT(lang);
  const en = await testT("en");
  const entries = PALETTE_ENTRIES.filter((e) => !e.allowed || e.allowed(role));
  const text = (e: PaletteEntry) => ({
    label: entryLabel(t, e),
    english: entryLabel(en, e),
    words: `${t(`palette.kinds.${e.kind}`)} ${e.words ? `${t(e.words)} ${en(e.words)}` : ""}`,
  });
  return (q: string) => findEntries(entries, q, text).map((e) => ({ key: e.key, label: entryLabel(t, e) }));
}

describe("the command palette's screens and actions", () => {
  it("every entry reads in English and in Chinese", async () => {
    expect(await hasString("zh", "palette.noSuchKey")).toBe(false);
    for (const e of PALETTE_ENTRIES) {
      for (const lang of ["en", "zh"] as const) {
        expect(await hasString(lang, e.label), `${e.key}: ${lang} ${e.label}`).toBe(true);
        for (const key of Object.values(e.labelArgs ?? {})) expect(await hasString(lang, key), key).toBe(true);
        if (e.words) expect(await hasString(lang, e.words), `${lang} ${e.words}`).toBe(true);
        expect(await hasString(lang, `palette.kinds.${e.kind}`)).toBe(true);
      }
    }
  });

  it("finds every screen, settings section and action by its words, best match first (English)", async () => {
    const find = await finder("en");
    expect(find("price book")[0]).toEqual({ key: "screen:products", label: "Price book" });
    expect(find("trash")[0]?.key).toBe("screen:trash");
    expect(find("deleted")[0]?.key).toBe("screen:trash");
    expect(find("sql")[0]).toEqual({ key: "screen:sql", label: "SQL console" });
    expect(find("new account")[0]).toEqual({ key: "new:accounts", label: "New account" });
    expect(find("lead scoring")[0]).toEqual({ key: "setting:scoring", label: "Lead scoring" });
    expect(find("forecast")[0]?.key).toBe("screen:forecast");
    expect(find("export leads")[0]?.key).toBe("export:leads");
    for (const key of ["screen:leads", "screen:pipeline", "screen:quotes", "screen:orders", "screen:import"])
      expect(find(key.split(":")[1]!).map((h) => h.key)).toContain(key);
    expect(find("duplicates")[0]?.key).toBe("screen:duplicates");
    expect(find("analy")[0]?.key).toBe("screen:analytics");
  });

  it("finds them in Chinese too, and by their English words", async () => {
    const find = await finder("zh");
    expect(find("价格表")[0]).toEqual({ key: "screen:products", label: "价格表" });
    expect(find("回收站")[0]?.key).toBe("screen:trash");
    expect(find("新建客户")[0]).toEqual({ key: "new:accounts", label: "新建客户" });
    expect(find("线索评分")[0]?.key).toBe("setting:scoring");
    expect(find("trash")[0]).toEqual({ key: "screen:trash", label: "回收站" });
  });

  it("offers only what the role may use; an empty query lists the main sections", async () => {
    const viewer = await finder("en", "viewer");
    expect(viewer("new account")).toEqual([]);
    expect(viewer("audit")).toEqual([]);
    expect(viewer("price book")[0]?.key).toBe("screen:products");
    const support = await finder("en", "support");
    expect(support("quotes")).toEqual([]);
    const owner = await finder("en");
    expect(owner("audit")[0]?.key).toBe("screen:audit");
    expect(owner("").map((h) => h.key)).toEqual([
      "screen:accounts",
      "screen:contacts",
      "screen:sales",
      "screen:cases",
      "screen:activities",
      "screen:analytics",
      "screen:data",
      "screen:team",
      "screen:settings",
    ]);
  });
});
