import { describe, expect, it } from "vitest";
import { api, person } from "../auth/testing.js";
import { AUDIT_PAGE } from "./audit.js";
import { client, serverPerTest } from "./testing.js";

const fixture = serverPerTest();

describe("audit log", () => {
  it("shows the newest entries with the actor's name, to owners and admins only", async () => {
    const { server, owner, ws } = fixture();
    const editor = await person(server, "Eddie", { workspaceId: ws, role: "editor" });
    await api(server, "PATCH", `/api/workspaces/${ws}/members/${editor.userId}`, {
      cookie: owner.cookie,
      body: { role: "viewer" },
    });
    const res = await client(server, owner).workspaces[":ws"].audit.$get({ param: { ws }, query: {} });
    expect(res.status).toBe(200);
    const { entries } = await res.json();
    expect(entries[0]).toMatchObject({
      action: "role-changed",
      actor: owner.userId,
      actorName: "Owner",
      target: editor.userId,
    });
    expect((await api(server, "GET", `/api/workspaces/${ws}/audit`, { cookie: editor.cookie })).status).toBe(403);
  });

  it("pages back with ?before=<id>, and names `before` when it is not an entry's id", async () => {
    const { server, owner, ws } = fixture();
    for (let i = 0; i < AUDIT_PAGE + 5; i++)
      server.auth!.audit({ workspaceId: ws, actor: owner.userId, action: "export", target: `contact:${i}`, ip: "" });
    const audit = client(server, owner).workspaces[":ws"].audit;
    const first = (await (await audit.$get({ param: { ws }, query: {} })).json()).entries;
    expect(first).toHaveLength(AUDIT_PAGE);
    const older = (await (await audit.$get({ param: { ws }, query: { before: String(first.at(-1)!.id) } })).json())
      .entries;
    expect(older).toHaveLength(5);
    expect(older[0]!.id).toBeLessThan(first.at(-1)!.id);
    for (const before of ["soon", "-3", "1.5"]) {
      const bad = await api(server, "GET", `/api/workspaces/${ws}/audit?before=${before}`, { cookie: owner.cookie });
      expect(bad.status, before).toBe(400);
      expect(bad.json.error, before).toMatchObject({ code: "invalid", field: "before" });
    }
  });
});
