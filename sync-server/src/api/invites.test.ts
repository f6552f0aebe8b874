import { beforeEach, describe, expect, it } from "vitest";
import type { RunningServer } from "../app.js";
import { api, GOOD_PASSWORD, person, type TestPerson } from "../auth/testing.js";
import { client, serverPerTest } from "./testing.js";

/*
 * Invites that work, and only for whom they are meant: an invite bound to an address is accepted
 * by that address only (a new person or a signed-in member), its address may be left out by the
 * new person, and a link is used once however many accepts race.
 */

const fixture = serverPerTest();
let server: RunningServer;
let owner: TestPerson;
let ws: string;
beforeEach(() => {
  ({ server, owner, ws } = fixture());
});

async function invite(email: string, role = "editor"): Promise<string> {
  const res = await api(server, "POST", `/api/workspaces/${ws}/invites`, {
    cookie: owner.cookie,
    body: { role, email },
  });
  expect(res.status).toBe(201);
  return (res.json.path as string).split("/").pop()!;
}

const accept = (secret: string, body: unknown, cookie?: string) =>
  api(server, "POST", `/api/invites/${secret}/accept`, { body, ...(cookie ? { cookie } : {}) });

describe("an invite link", () => {
  it("an admin invites a viewer; the link works once and expires", async () => {
    const created = await api(server, "POST", `/api/workspaces/${ws}/invites`, {
      cookie: owner.cookie,
      body: { role: "viewer", email: "" },
    });
    expect(created.status).toBe(201);
    const path = created.json.path as string;
    const secret = path.split("/").pop()!;
    expect((await api(server, "GET", `/api/invites/${secret}`)).json).toMatchObject({
      workspaceName: "Acme",
      role: "viewer",
    });
    const accepted = await api(server, "POST", `/api/invites/${secret}/accept`, {
      body: { email: "vic@example.test", name: "Vic", password: GOOD_PASSWORD },
    });
    expect(accepted.status).toBe(200);
    expect(accepted.json.workspaces).toEqual([{ id: ws, name: "Acme", role: "viewer" }]);
    const reused = await api(server, "POST", `/api/invites/${secret}/accept`, {
      body: { email: "eve@example.test", name: "Eve", password: GOOD_PASSWORD },
    });
    expect(reused.status).toBe(410);
    expect(reused.json.error).toMatchObject({ code: "invite-used" });

    const { secret: old } = server.auth!.createInvite({
      workspaceId: ws,
      role: "editor",
      email: "",
      createdBy: owner.userId,
      ttlMs: -1,
    });
    expect((await api(server, "GET", `/api/invites/${old}`)).json.error).toMatchObject({ code: "invite-expired" });
  });

  it("is made, listed and withdrawn by admins, through the typed client", async () => {
    const invites = client(server, owner).workspaces[":ws"].invites;
    const made = await invites.$post({ param: { ws }, json: { role: "support", email: " sam@example.test " } });
    expect(made.status).toBe(201);
    const { invite, path } = await made.json();
    expect(invite).toMatchObject({ role: "support", email: "sam@example.test", acceptedAt: null });
    expect(path).toMatch(/^\/invite\/[\w-]{20,}$/);
    const preview = await client(server).invites[":secret"].$get({ param: { secret: path.split("/").pop()! } });
    expect(await preview.json()).toMatchObject({ workspaceName: "Acme", role: "support", accountExists: false });
    expect((await (await invites.$get({ param: { ws } })).json()).invites.map((i) => i.id)).toEqual([invite.id]);
    expect((await invites[":id"].$delete({ param: { ws, id: invite.id } })).status).toBe(200);
    expect(server.auth!.invites(ws)[0]?.revokedAt).toEqual(expect.any(Number));
    const again = await api(server, "DELETE", `/api/workspaces/${ws}/invites/${invite.id}`, { cookie: owner.cookie });
    expect(again.json.error).toMatchObject({ code: "invite-unknown" });
  });

  it("names the wrong field, lets only owners invite owners, and is for admins only", async () => {
    const admin = await person(server, "Ada", { workspaceId: ws, role: "admin" });
    const editor = await person(server, "Eddie", { workspaceId: ws, role: "editor" });
    const make = (body: unknown, who: TestPerson = owner) =>
      api(server, "POST", `/api/workspaces/${ws}/invites`, { cookie: who.cookie, body });
    const badEmail = await make({ role: "editor", email: "nope" });
    expect(badEmail.status).toBe(400);
    expect(badEmail.json.error).toMatchObject({
      code: "invalid",
      field: "email",
      message: "email: not an email address",
    });
    expect((await make({ email: "" })).json.error).toMatchObject({ field: "role" });
    const ownerByAdmin = await make({ role: "owner" }, admin);
    expect(ownerByAdmin.status).toBe(403);
    expect(ownerByAdmin.json.error).toMatchObject({ code: "forbidden", field: "role" });
    expect((await make({ role: "owner" })).status).toBe(201);
    expect((await make({ role: "viewer" }, editor)).status).toBe(403);
    expect((await api(server, "GET", `/api/workspaces/${ws}/invites`, { cookie: editor.cookie })).status).toBe(403);
  });

  it("that is not a link of this server is unknown", async () => {
    const res = await api(server, "GET", "/api/invites/not-a-secret");
    expect(res.status).toBe(404);
    expect(res.json.error).toMatchObject({ code: "invite-unknown" });
  });
});

describe("an invite bound to an address", () => {
  it("lets a new person join without typing the address again (the join screen sends none)", async () => {
    const secret = await invite("nora@example.test");
    expect((await api(server, "GET", `/api/invites/${secret}`)).json).toMatchObject({
      email: "nora@example.test",
      accountExists: false,
    });
    const joined = await accept(secret, { name: "Nora", email: "", password: GOOD_PASSWORD });
    expect(joined.status).toBe(200);
    expect(joined.json).toMatchObject({
      user: { email: "nora@example.test", name: "Nora" },
      workspaces: [{ id: ws, role: "editor" }],
    });
    expect(joined.setCookie).toMatch(/crm_session=/);
  });

  it("refuses a new person with another address, at the email field, and creates nobody", async () => {
    const secret = await invite("nora@example.test");
    const other = await accept(secret, { name: "Eve", email: "eve@example.test", password: GOOD_PASSWORD });
    expect(other.status).toBe(400);
    expect(other.json.error).toMatchObject({
      field: "email",
      issues: [{ field: "email", code: "inviteEmailMismatch", params: { email: "nora@example.test" } }],
    });
    expect(server.auth!.userByEmail("eve@example.test")).toBeUndefined();
    // The same address in other letters is the same address.
    const same = await accept(secret, { name: "Nora", email: " Nora@Example.TEST ", password: GOOD_PASSWORD });
    expect(same.status).toBe(200);
  });

  it("refuses a signed-in member whose address is another, and accepts the one it is for", async () => {
    const secret = await invite("bob@example.test", "admin");
    const mallory = await person(server, "Mallory");
    const refused = await accept(secret, {}, mallory.cookie);
    expect(refused.status).toBe(403);
    expect(refused.json.error).toMatchObject({ code: "invite-other-account" });
    expect((refused.json.error as { message: string }).message).toContain("bob@example.test");
    expect(server.auth!.roleOf(mallory.userId, ws)).toBeUndefined();

    const bob = await person(server, "Bob");
    server.auth!.db.prepare("UPDATE auth_users SET email = 'BOB@example.test' WHERE id = ?").run(bob.userId);
    const ok = await accept(secret, {}, bob.cookie);
    expect(ok.status).toBe(200);
    expect(server.auth!.roleOf(bob.userId, ws)).toBe("admin");
  });

  it("names every field of a new person's form that is wrong, a weak password included", async () => {
    const secret = await invite("");
    const res = await accept(secret, { name: "", email: "not-an-email", password: "password1234" });
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({
      issues: [
        { field: "name", code: "required" },
        { field: "email", code: "invalidEmail" },
        { field: "password", code: "passwordCommon" },
      ],
    });
    const weak = await accept(secret, { name: "Wen", email: "wen@example.test", password: "password1234" });
    expect(weak.json.error).toMatchObject({ code: "weak-password", field: "password" });
  });
});

describe("accepting is single-use", () => {
  it("of ten parallel accepts by ten new people, exactly one joins", async () => {
    const secret = await invite("");
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        accept(secret, { name: `Racer ${i}`, email: `racer${i}@example.test`, password: GOOD_PASSWORD }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 410, 410, 410, 410, 410, 410, 410, 410, 410]);
    for (const r of results.filter((r) => r.status === 410))
      expect(r.json.error).toMatchObject({ code: "invite-used" });
    expect(server.auth!.members(ws)).toHaveLength(2);
    // The losers got no account either: nothing of theirs was written.
    const users = server.auth!.db.prepare("SELECT COUNT(*) AS n FROM auth_users").get() as { n: number };
    expect(users.n).toBe(2);
    const accepted = server.auth!.auditLog(ws).filter((e) => e.action === "invite-accepted");
    expect(accepted).toHaveLength(1);
  });

  it("of parallel accepts by signed-in people, exactly one joins", async () => {
    const secret = await invite("");
    const people = await Promise.all(Array.from({ length: 6 }, (_, i) => person(server, `Member${i}`)));
    const results = await Promise.all(people.map((p) => accept(secret, {}, p.cookie)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 410)).toHaveLength(5);
    expect(server.auth!.members(ws)).toHaveLength(2);
  });

  it("a withdrawn invite cannot be accepted and creates no account", async () => {
    const secret = await invite("");
    const id = server.auth!.invites(ws)[0]!.id;
    await api(server, "DELETE", `/api/workspaces/${ws}/invites/${id}`, { cookie: owner.cookie });
    const late = await accept(secret, { name: "Late", email: "late@example.test", password: GOOD_PASSWORD });
    expect(late.json.error).toMatchObject({ code: "invite-revoked" });
    expect(server.auth!.userByEmail("late@example.test")).toBeUndefined();
  });
});
