import { defaultSettings } from "@crm/schema";
import { describe, expect, it } from "vitest";
import { stampRepair } from "./moveStage.js";

const settings = defaultSettings();

describe("stampRepair", () => {
  it("clears the lost stamp of a deal that ended up won after concurrent moves", () => {
    expect(stampRepair({ stage: "won", wonAt: 10, lostAt: 11 }, settings)).toEqual({ lostAt: null });
  });
  it("clears the won stamp of a deal that ended up lost", () => {
    expect(stampRepair({ stage: "lost", wonAt: 10, lostAt: 11 }, settings)).toEqual({ wonAt: null });
  });
  it("clears both on an open stage, and leaves a consistent deal alone", () => {
    expect(stampRepair({ stage: "proposal", wonAt: 1, lostAt: 2 }, settings)).toEqual({ wonAt: null, lostAt: null });
    expect(stampRepair({ stage: "won", wonAt: 1, lostAt: null }, settings)).toEqual({});
    expect(stampRepair({ stage: "proposal", wonAt: null, lostAt: null }, settings)).toEqual({});
  });
  it("does nothing for a stage the settings do not know", () => {
    expect(stampRepair({ stage: "gone", wonAt: 1, lostAt: 2 }, settings)).toEqual({});
  });
});
