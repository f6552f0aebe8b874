import { describe, expect, it } from "vitest";
import {
  AUTOMATION_ROLE,
  canAdminister,
  canAssignRole,
  collections,
  docAccess,
  docRights,
  isRole,
  savedViewsDocName,
} from "./access.js";

describe("access by document name", () => {
  it("gives each role its rights per record type; notes follow their record type", () => {
    expect(docRights("editor", "w1/records/opportunities/03")).toBe("write");
    expect(docRights("viewer", "w1/records/accounts/00")).toBe("read");
    expect(docRights("viewer", "w1/notes/account/abc")).toBe("read");
    expect(docRights("support", "w1/records/opportunities/03")).toBe("none");
    expect(docRights("support", "w1/notes/quote/q1")).toBe("none");
    expect(docRights("support", "w1/records/cases/01")).toBe("write");
    expect(docRights("support", "w1/records/accounts/01")).toBe("read");
  });

  it("lets everyone read the workspace settings and only owners and admins change them", () => {
    expect(docRights("viewer", "w1/settings/workspace/main")).toBe("read");
    expect(docRights("editor", "w1/settings/workspace/main")).toBe("read");
    expect(docRights("admin", "w1/settings/workspace/main")).toBe("write");
    expect(docRights("owner", "w1/records/settings/00")).toBe("none");
  });

  it("lets every role read the shared saved views and every role that writes data save them", () => {
    const doc = savedViewsDocName("w1");
    expect(docAccess(doc)).toEqual({ workspace: "w1", collection: "savedViews" });
    for (const role of ["owner", "admin", "editor", "support"] as const) expect(docRights(role, doc)).toBe("write");
    expect(docRights("viewer", doc)).toBe("read");
  });

  it("refuses unknown collections, note types and malformed names", () => {
    expect(docAccess("w1/records/secrets/00")).toBeNull();
    expect(docAccess("w1/notes/secret/x")).toBeNull();
    expect(docRights("owner", "../../etc/passwd")).toBe("none");
    expect(docAccess("w1/records/accounts/07")).toEqual({ workspace: "w1", collection: "accounts" });
  });

  it("lets only owners make or unmake owners", () => {
    expect(canAssignRole("admin", "editor")).toBe(true);
    expect(canAssignRole("admin", "owner")).toBe(false);
    expect(canAssignRole("owner", "owner")).toBe(true);
    expect(canAssignRole("editor", "viewer")).toBe(false);
  });

  it("gives the automation peer every collection to read and records to write, never settings or administration", () => {
    for (const c of collections) {
      const doc = c === "settings" ? "w1/settings/workspace/main" : c === "savedViews" ? savedViewsDocName("w1") : null;
      if (doc) expect(docRights(AUTOMATION_ROLE, doc)).toBe(c === "settings" ? "read" : "write");
    }
    expect(docRights(AUTOMATION_ROLE, "w1/records/opportunities/03")).toBe("write");
    expect(docRights(AUTOMATION_ROLE, "w1/records/quotes/00")).toBe("write");
    expect(docRights(AUTOMATION_ROLE, "w1/notes/case/c1")).toBe("write");
    expect(canAdminister(AUTOMATION_ROLE)).toBe(false);
    // Nobody can be given it: it is not a member's role.
    expect(isRole(AUTOMATION_ROLE)).toBe(false);
    expect(canAssignRole("owner", "owner")).toBe(true);
  });
});
