import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { defaultSettings, readSettings, settingsMapOf, validateSettings, writeSettings } from "./settings.js";

describe("workspace settings", () => {
  it("has defaults that validate", () => {
    expect(validateSettings(defaultSettings())).toMatchObject({ ok: true });
  });

  it("names the field of every problem by its path", () => {
    const s = defaultSettings();
    s.currency = "euro";
    s.pipelineStages.push({ id: "won", label: "Won again", probability: 100, kind: "won" });
    s.sla.targets.high = { firstResponseMinutes: 120, resolutionMinutes: 60 };
    s.sla.escalation = { when: "atRisk", action: "reassign", assignee: "" };
    s.leadScoring.rules.push({ field: "shoeSize", operator: "equals", value: "", points: 1 });
    const r = validateSettings(s);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.issues.map((i) => `${i.field}:${i.code}`)).toEqual([
        "currency:invalidChoice",
        "pipelineStages.6.id:duplicate",
        "sla.targets.high.resolutionMinutes:outOfRange",
        "sla.escalation.assignee:required",
        "leadScoring.rules.7.field:invalidChoice",
      ]);
  });

  it("needs open, won and lost stages", () => {
    const s = defaultSettings();
    s.pipelineStages = s.pipelineStages.filter((p) => p.kind !== "lost");
    expect(validateSettings(s)).toMatchObject({ ok: false, issues: [{ field: "pipelineStages", code: "required" }] });
  });

  it("reads defaults from an empty document and keeps concurrent edits of different sections", () => {
    const a = new Y.Doc();
    expect(readSettings(a).settings).toEqual(defaultSettings());
    const b = new Y.Doc();
    expect(writeSettings(a, { currency: "usd" })).toMatchObject({ ok: true, value: { currency: "USD" } });
    const sla = { ...defaultSettings().sla, atRiskPct: 30 };
    expect(writeSettings(b, { sla })).toMatchObject({ ok: true });
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    for (const doc of [a, b])
      expect(readSettings(doc).settings).toMatchObject({ currency: "USD", sla: { atRiskPct: 30 } });
  });

  it("writes nothing when invalid, and only the sections that changed", () => {
    const doc = new Y.Doc();
    expect(writeSettings(doc, { currency: "E" })).toMatchObject({ ok: false, issues: [{ field: "currency" }] });
    expect(settingsMapOf(doc).size).toBe(0);
    const first = writeSettings(doc, { currency: "GBP" });
    expect(first.ok && first.written).toEqual(["currency"]);
    const second = writeSettings(doc, { currency: "GBP" });
    expect(second.ok && second.written).toEqual([]);
  });

  it("reads a section written invalid by other code as its default, and says so", () => {
    const doc = new Y.Doc();
    settingsMapOf(doc).set("sla", { targets: "fast" });
    const { settings, replaced } = readSettings(doc);
    expect(settings.sla).toEqual(defaultSettings().sla);
    expect(replaced[0]?.field).toMatch(/^sla\./);
  });
});
