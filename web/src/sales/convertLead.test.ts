import { defaultSettings, type Lead, recordTypes } from "@crm/schema";
import { describe, expect, it } from "vitest";
import type { LocalStore } from "../local/store.js";
import { convertLead } from "./convertLead.js";

/** A store that keeps what it is asked to write: convertLead only creates and writes. */
function recordingStore() {
  const created: { collection: string; input: Record<string, unknown> }[] = [];
  let n = 0;
  const store = {
    create: async (collection: string, input: Record<string, unknown>) => {
      created.push({ collection, input });
      return { ok: true, id: `${collection}-${++n}` };
    },
    write: async () => undefined,
  };
  return { store: store as unknown as LocalStore, created };
}

const lead: Lead = {
  ...(recordTypes.leads.defaults() as Lead),
  id: "lead-1",
  firstName: "Pat",
  lastName: "Lee",
  company: "Initrode",
  status: "qualified",
  owner: "u-bo",
  convertedAt: null,
  createdAt: 1,
  updatedAt: 1,
  createdBy: "u-bo",
  updatedBy: "u-bo",
  deletedAt: null,
  _v: recordTypes.leads.version,
} as Lead;

describe("convertLead", () => {
  it("gives the new deal and account to the person converting, not the lead's owner", async () => {
    const { store, created } = recordingStore();
    const result = await convertLead(
      store,
      lead,
      { accountId: "", owner: "u-ada", opportunity: { name: "Initrode – new deal", amount: "1200", closeDate: "" } },
      defaultSettings(),
    );
    expect(result.ok).toBe(true);
    const opp = created.find((c) => c.collection === "opportunities")!;
    const account = created.find((c) => c.collection === "accounts")!;
    expect(opp.input.owner).toBe("u-ada");
    expect(account.input.owner).toBe("u-ada");
  });
});
