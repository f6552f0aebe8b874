import { describe, expect, it } from "vitest";
import { api, person } from "../auth/testing.js";
import { client, serverPerTest } from "./testing.js";

const fixture = serverPerTest();

describe("members", () => {
  it("lists the members for owners and admins only", async () => {
    const { server, owner, ws } = fixture();
    const editor = await person(server, "Eddie", { workspaceId: ws, role: "editor" });
    const res = await client(server, owner).workspaces[":ws"].members.$get({ param: { ws } });
    expect(res.status).toBe(200);
    const { members } = await res.json();
    expect(members.map((m) => [m.name, m.role])).toEqual([
      ["Eddie", "editor"],
      ["Owner", "owner"],
    ]);
    expect((await api(server, "GET", `/api/workspaces/${ws}/members`, { cookie: editor.cookie })).status).toBe(403);
    expect((await api(server, "GET", `/api/workspaces/${ws}/members`)).status).toBe(401);
  });

  it("keeps an owner: the last one can be neither demoted nor removed; admins cannot touch owners", async () => {
    const { server, owner, ws } = fixture();
    const admin = await person(server, "Admin", { workspaceId: ws, role: "admin" });
    const demote = await api(server, "PATCH", `/api/workspaces/${ws}/members/${owner.userId}`, {
      cookie: owner.cookie,
      body: { role: "editor" },
    });
    expect(demote.json.error).toMatchObject({ code: "last-owner" });
    const byAdmin = await api(server, "DELETE", `/api/workspaces/${ws}/members/${owner.userId}`, {
      cookie: admin.cookie,
    });
    expect(byAdmin.status).toBe(403);
    const promote = await api(server, "PATCH", `/api/workspaces/${ws}/members/${admin.userId}`, {
      cookie: admin.cookie,
      body: { role: "owner" },
    });
    expect(promote.status).toBe(403);
    expect(server.auth!.roleOf(admin.userId, ws)).toBe("admin");
  });

  it("changes a role and removes a member, each in the audit log", async () => {
    const { server, owner, ws } = fixture();
    const vera = await person(server, "Vera", { workspaceId: ws, role: "viewer" });
    const members = client(server, owner).workspaces[":ws"].members[":userId"];
    const changed = await members.$patch({ param: { ws, userId: vera.userId }, json: { role: "editor" } });
    expect(await changed.json()).toEqual({ ok: true });
    expect(server.auth!.roleOf(vera.userId, ws)).toBe("editor");
    expect((await members.$delete({ param: { ws, userId: vera.userId } })).status).toBe(200);
    expect(server.auth!.roleOf(vera.userId, ws)).toBeUndefined();
    const log = server.auth!.auditLog(ws).filter((e) => e.target === vera.userId);
    expect(log.map((e) => [e.action, JSON.parse(e.detail)])).toEqual([
      ["member-removed", { role: "editor" }],
      ["role-changed", { from: "viewer", to: "editor" }],
    ]);
  });

  it("names the field of a bad body, checks rights first, and says 404 for a path naming nobody", async () => {
    const { server, owner, ws } = fixture();
    const editor = await person(server, "Eddie", { workspaceId: ws, role: "editor" });
    const path = `/api/workspaces/${ws}/members/${editor.userId}`;
    const bad = await api(server, "PATCH", path, { cookie: owner.cookie, body: { role: "king" } });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatchObject({
      code: "invalid",
      field: "role",
      message: "role: one of owner, admin, editor, support, viewer",
    });
    // An editor with the same bad body is told it may not, not what is wrong with the body.
    expect((await api(server, "PATCH", path, { cookie: editor.cookie, body: { role: "king" } })).status).toBe(403);
    const nobody = await api(server, "DELETE", `/api/workspaces/${ws}/members/NOT%20AN%20ID`, {
      cookie: owner.cookie,
    });
    expect(nobody.status).toBe(404);
    expect(nobody.json.error).toMatchObject({ code: "no-member", field: "userId" });
    const stranger = await person(server, "Stranger");
    const notMember = await api(server, "DELETE", `/api/workspaces/${ws}/members/${stranger.userId}`, {
      cookie: owner.cookie,
    });
    expect(notMember.json.error).toMatchObject({ code: "no-member" });
  });
});
