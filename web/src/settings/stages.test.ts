import { defaultSettings, validateSettings } from "@crm/schema";
import { describe, expect, it } from "vitest";
import { deleteRefusal, moveItem, newStageId, removedStages, type StageDraft, stagesFromDrafts } from "./stages.js";

const drafts = (): StageDraft[] =>
  defaultSettings().pipelineStages.map((s) => ({ ...s, key: s.id, probability: String(s.probability) }));

describe("moveItem", () => {
  it("moves one place up or down and stops at the ends", () => {
    expect(moveItem(["a", "b", "c"], 2, -1)).toEqual(["a", "c", "b"]);
    expect(moveItem(["a", "b", "c"], 0, 1)).toEqual(["b", "a", "c"]);
    expect(moveItem(["a", "b", "c"], 0, -1)).toEqual(["a", "b", "c"]);
    expect(moveItem(["a", "b", "c"], 2, 1)).toEqual(["a", "b", "c"]);
  });
});

describe("deleteRefusal", () => {
  it("refuses a stage deals are in, with their number", () => {
    expect(deleteRefusal(drafts(), 2, (id) => (id === "proposal" ? 3 : 0))).toEqual({ reason: "hasDeals", count: 3 });
  });
  it("refuses the last stage of its kind, and allows an empty stage with siblings of its kind", () => {
    expect(deleteRefusal(drafts(), 4, () => 0)).toEqual({ reason: "lastOfKind", kind: "won" });
    expect(deleteRefusal(drafts(), 5, () => 0)).toEqual({ reason: "lastOfKind", kind: "lost" });
    expect(deleteRefusal(drafts(), 1, () => 0)).toBeNull();
  });
  it("never counts deals for a stage not saved yet", () => {
    const list = [...drafts(), { key: "n1", id: "", label: "X", probability: "5", kind: "open" as const }];
    expect(deleteRefusal(list, 6, () => 99)).toBeNull();
  });
});

describe("newStageId / stagesFromDrafts", () => {
  it("makes a readable id the schema accepts, unique among the taken ones", () => {
    let n = 0;
    const seq = () => [0, 0, 0.5][n++] ?? 0.7;
    const taken = new Set(["negotiation-0000"]);
    expect(newStageId("Negotiation", taken, seq)).toBe(`negotiation-${Math.floor(0.5 * 36 ** 4).toString(36)}`);
    expect(newStageId("商务谈判", new Set(), () => 0)).toBe("stage-0000");
    expect(newStageId("  Legal / Review!! ", new Set(), () => 0)).toBe("legal-review-0000");
  });
  it("gives new stages ids, keeps old ones, and the result validates", () => {
    const list = drafts();
    list.splice(2, 0, { key: "n1", id: "", label: "Negotiation", probability: "60", kind: "open" });
    const stages = stagesFromDrafts(list);
    expect(stages.map((s) => s.id).slice(0, 2)).toEqual(["prospecting", "qualification"]);
    expect(stages[2]).toMatchObject({ label: "Negotiation", probability: 60, kind: "open" });
    expect(stages[2]?.id).toMatch(/^negotiation-[a-z0-9]{4}$/);
    expect(validateSettings({ ...defaultSettings(), pipelineStages: stages }).ok).toBe(true);
  });
  it("turns a blank or non-number probability into NaN, which the schema refuses at that row", () => {
    const list = drafts();
    list[1] = { ...list[1]!, probability: "lots" };
    const result = validateSettings({ ...defaultSettings(), pipelineStages: stagesFromDrafts(list) });
    expect(result.ok ? [] : result.issues.map((i) => i.field)).toEqual(["pipelineStages.1.probability"]);
  });
  it("lists the saved stages a draft deleted", () => {
    const saved = defaultSettings().pipelineStages;
    expect(
      removedStages(
        saved,
        drafts().filter((d) => d.id !== "proposal"),
      ).map((s) => s.id),
    ).toEqual(["proposal"]);
  });
});
