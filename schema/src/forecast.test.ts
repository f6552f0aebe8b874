import { describe, expect, it } from "vitest";
import { periodOf, weightedForecast } from "./forecast.js";
import { planStageChange } from "./pipeline.js";
import { OpportunityType } from "./records/opportunity.js";
import { defaultSettings } from "./settings.js";

const settings = defaultSettings();
const opp = (
  stage: string,
  amount: number,
  probability: number,
  closeDate: string,
  deletedAt: number | null = null,
) => ({
  stage,
  amount,
  probability,
  closeDate,
  deletedAt,
});

describe("weighted pipeline forecast", () => {
  const deals = [
    opp("proposal", 10_000, 50, "2026-11-03"),
    opp("negotiation", 0.1, 75, "2026-11-30"),
    opp("prospecting", 3_333.33, 10, "2026-12-15"),
    opp("qualification", 20_000, 25, "2027-01-02"),
    opp("won", 50_000, 100, "2026-11-10"),
    opp("lost", 9_999, 0, "2026-11-10"),
    opp("proposal", 7_000, 50, "2026-11-10", 5),
    opp("negotiation", 1_000, 75, ""),
  ];

  it("sums amount × probability of open deals by month, undated last", () => {
    expect(weightedForecast(deals, settings, "month")).toEqual([
      { period: "2026-11", deals: 2, amount: 10_000.1, weighted: 5_000.08 },
      { period: "2026-12", deals: 1, amount: 3_333.33, weighted: 333.33 },
      { period: "2027-01", deals: 1, amount: 20_000, weighted: 5_000 },
      { period: "", deals: 1, amount: 1_000, weighted: 750 },
    ]);
  });

  it("groups by quarter", () => {
    expect(weightedForecast(deals, settings, "quarter").map((b) => [b.period, b.weighted])).toEqual([
      ["2026-Q4", 5_333.41],
      ["2027-Q1", 5_000],
      ["", 750],
    ]);
    expect(periodOf("2026-03-31", "quarter")).toBe("2026-Q1");
    expect(periodOf("soon", "month")).toBe("");
  });
});

describe("stage changes", () => {
  const open = { stage: "proposal", wonAt: null, lostAt: null };

  it("takes the stage's probability and stamps won/lost times", () => {
    expect(planStageChange(open, "negotiation", settings, 5)).toEqual({ stage: "negotiation", probability: 75 });
    expect(planStageChange(open, "won", settings, 5)).toEqual({ stage: "won", probability: 100, wonAt: 5 });
    expect(planStageChange({ stage: "won", wonAt: 5, lostAt: null }, "proposal", settings, 9, 40)).toEqual({
      stage: "proposal",
      probability: 40,
      wonAt: null,
    });
  });

  it("is what the deal type derives from a change, for every writer, with the workspace's stages", () => {
    const derive = OpportunityType.deriveChanges!;
    const custom = {
      pipelineStages: [
        ...settings.pipelineStages,
        { id: "signed", label: "Signed", probability: 100, kind: "won" as const },
        { id: "pilot", label: "Pilot", probability: 65, kind: "open" as const },
      ],
    };
    const stored = { stage: "proposal", probability: 50, wonAt: null, lostAt: null };
    expect(derive({ stage: "signed" }, stored, 7, custom)).toEqual({ probability: 100, wonAt: 7 });
    expect(derive({ stage: "pilot" }, { ...stored, stage: "signed", wonAt: 7 }, 9, custom)).toEqual({
      probability: 65,
      wonAt: null,
    });
    // What the change sets itself is kept; other fields and the same stage derive nothing.
    expect(derive({ stage: "lost", probability: 5 }, stored, 3, custom)).toEqual({ lostAt: 3 });
    expect(derive({ stage: "won", wonAt: 1 }, stored, 3, custom)).toEqual({ probability: 100 });
    expect(derive({ name: "x" }, stored, 3, custom)).toEqual({});
    expect(derive({ stage: "proposal" }, stored, 3, custom)).toEqual({});
    // A new deal moves from the default stage, as the form's does; a second call adds nothing.
    const created = { stage: "won", probability: 100, wonAt: null, lostAt: null };
    expect(derive(created, null, 4, custom)).toEqual({ wonAt: 4 });
    expect(derive({ ...created, wonAt: 4 }, null, 5, custom)).toEqual({});
    // Without the settings (an import's rows) or for a stage they lack: nothing.
    expect(derive({ stage: "won" }, stored, 3)).toEqual({});
    expect(derive({ stage: "pending" }, stored, 3, custom)).toEqual({});
  });

  it("refuses a stage the pipeline does not have", () => {
    expect(() => planStageChange(open, "pending", settings, 1)).toThrow(/"pending" is not in the pipeline/);
  });
});
