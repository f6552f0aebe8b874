import { describe, expect, it } from "vitest";
import { api, person } from "../auth/testing.js";
import { client, serverPerTest } from "./testing.js";

const fixture = serverPerTest();

/** The secret part of `crm_<id>_<secret>` (base64url: it may itself hold "_"). */
const secretOf = (token: string) => token.slice(token.indexOf("_", "crm_".length) + 1);

describe("service tokens", () => {
  it("mints service tokens that work once and can be revoked", async () => {
    const { server, owner, ws } = fixture();
    const minted = await api(server, "POST", `/api/workspaces/${ws}/tokens`, {
      cookie: owner.cookie,
      body: { name: "importer", role: "editor", expiresInHours: 1 },
    });
    expect(minted.status).toBe(201);
    const token = minted.json.token as string;
    expect(token).toMatch(/^crm_[a-z0-9]+_/);
    expect(server.auth!.tokenFor(token)?.role).toBe("editor");
    const list = await api(server, "GET", `/api/workspaces/${ws}/tokens`, { cookie: owner.cookie });
    expect(JSON.stringify(list.json)).not.toContain(secretOf(token));
    const id = (minted.json.info as { id: string }).id;
    await api(server, "DELETE", `/api/workspaces/${ws}/tokens/${id}`, { cookie: owner.cookie });
    expect(server.auth!.tokenFor(token)).toBeUndefined();
    const actions = server.auth!.auditLog(ws).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["token-minted", "token-revoked"]));
  });

  it("through the typed client: minted, listed without its secret, revoked once", async () => {
    const { server, owner, ws } = fixture();
    const tokens = client(server, owner).workspaces[":ws"].tokens;
    const minted = await tokens.$post({ param: { ws }, json: { name: "  nightly ", role: "viewer" } });
    expect(minted.status).toBe(201);
    const { token, info } = await minted.json();
    expect(info).toMatchObject({ name: "nightly", role: "viewer", expiresAt: null, revokedAt: null });
    const listed = await (await tokens.$get({ param: { ws } })).json();
    expect(listed.tokens.map((t) => t.id)).toEqual([info.id]);
    expect(JSON.stringify(listed)).not.toContain(secretOf(token));
    expect((await tokens[":id"].$delete({ param: { ws, id: info.id } })).status).toBe(200);
    const again = await api(server, "DELETE", `/api/workspaces/${ws}/tokens/${info.id}`, { cookie: owner.cookie });
    expect(again.status).toBe(404);
    expect(again.json.error).toMatchObject({ code: "token-unknown" });
  });

  it("names the wrong field, and lets only an owner mint an owner token", async () => {
    const { server, owner, ws } = fixture();
    const admin = await person(server, "Ada", { workspaceId: ws, role: "admin" });
    const mint = (body: unknown, who = owner) =>
      api(server, "POST", `/api/workspaces/${ws}/tokens`, { cookie: who.cookie, body });
    const cases: [unknown, string, string][] = [
      [{ role: "editor" }, "name", "name: required"],
      [{ name: " ", role: "editor" }, "name", "name: required"],
      [{ name: "x".repeat(101), role: "editor" }, "name", "name: too long"],
      [{ name: "x", role: "boss" }, "role", "role: one of owner, admin, editor, support, viewer"],
      [{ name: "x", role: "editor", expiresInHours: "24" }, "expiresInHours", "expiresInHours: a number of hours"],
      [{ name: "x", role: "editor", expiresInHours: -1 }, "expiresInHours", "expiresInHours: must be positive"],
    ];
    for (const [body, field, message] of cases) {
      const res = await mint(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.error, JSON.stringify(body)).toMatchObject({ code: "invalid", field, message });
    }
    const ownerToken = await mint({ name: "root", role: "owner" }, admin);
    expect(ownerToken.status).toBe(403);
    expect(ownerToken.json.error).toMatchObject({ code: "forbidden", field: "role" });
    expect(server.auth!.tokens(ws)).toEqual([]);
  });
});
