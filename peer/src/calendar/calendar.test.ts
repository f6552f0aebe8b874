import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { MemberRole } from "@crm/schema";
import { createServer, type RunningServer } from "@crm/sync-server";
import ICAL from "ical.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/*
 * The calendar feed over real HTTP against a server with its automation peer: a person makes a
 * feed URL in the app (session cookie), a calendar client fetches it without any credential, and
 * what the CRM changes shows in the next fetch.
 */

interface Person {
  id: string;
  cookie: string;
}

let server: RunningServer;
let dir: string;
let workspace: string;
let ownerToken: string;
const people: Record<string, Person> = {};

const DAY = 86_400_000;
const taskDay = Date.UTC(2026, 11, 24);
const meetingAt = Date.UTC(2026, 11, 8, 14, 0);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "crm-calendar-"));
  server = await createServer({
    port: 0,
    host: "127.0.0.1",
    dataDir: join(dir, "data"),
    peer: { enabled: true, runJobs: true },
  });
  const store = server.auth!;
  const add = (key: string, role: MemberRole) => {
    const user = store.createUser({ email: `${key}@example.test`, name: key, passwordHash: "x" });
    if (role === "owner") workspace = store.createWorkspace("Test", user.id).id;
    else store.addMember(workspace, user.id, role);
    people[key] = { id: user.id, cookie: `crm_session=${store.createSession(user.id, DAY).secret}` };
  };
  add("ada", "owner");
  add("bo", "editor");
  add("sue", "support");
  add("vic", "viewer");
  ownerToken = store.mintToken({ workspaceId: workspace, role: "owner", name: "t", createdBy: people.ada!.id }).token;
});

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

const url = (path: string) => `${server.url}${path}`;

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(url(`/api/v1${path}`), {
    method,
    headers: { Authorization: `Bearer ${ownerToken}`, "Content-Type": "application/json" },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  expect(res.status, await res.clone().text()).toBeLessThan(300);
  return (await res.json()) as { id: string };
}

const asPerson = (who: string, method: string) =>
  fetch(url("/api/v1/calendar/feed"), {
    method,
    headers: { Cookie: people[who]!.cookie, "CRM-Workspace": workspace },
  });

async function makeFeed(who: string): Promise<string> {
  const res = await asPerson(who, "POST");
  expect(res.status).toBe(201);
  const { path } = (await res.json()) as { path: string };
  expect(path).toMatch(/^\/api\/v1\/calendar\/cal_[A-Za-z0-9_-]{43}\.ics$/);
  return path;
}

function events(text: string) {
  const cal = new ICAL.Component(ICAL.parse(text));
  return cal.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));
}

const summaries = (text: string) => events(text).map((e) => e.summary);

describe("the calendar feed", () => {
  let account: string;
  let deal: string;
  let meeting: string;
  let task: string;

  beforeAll(async () => {
    const ada = people.ada!.id;
    account = (await api("POST", "/accounts", { name: "Initech" })).id;
    deal = (await api("POST", "/opportunities", { name: "Initech renewal", accountId: account, amount: 1000 })).id;
    task = (
      await api("POST", "/activities", {
        kind: "task",
        subject: "Send the contract",
        dueAt: taskDay,
        owner: ada,
        relatedType: "account",
        relatedId: account,
        accountId: account,
      })
    ).id;
    meeting = (
      await api("POST", "/activities", {
        kind: "meeting",
        subject: "Kick-off, Initech",
        dueAt: meetingAt,
        owner: ada,
        relatedType: "opportunity",
        relatedId: deal,
        accountId: account,
      })
    ).id;
    await api("POST", "/activities", {
      kind: "email",
      subject: "An email is no appointment",
      dueAt: meetingAt,
      owner: ada,
    });
    await api("POST", "/activities", { kind: "task", subject: "No due date", owner: ada });
    await api("POST", "/activities", { kind: "task", subject: "Bo's own task", dueAt: taskDay, owner: people.bo!.id });
    await api("POST", "/activities", {
      kind: "call",
      subject: "Sue calls Initech",
      dueAt: meetingAt,
      owner: people.sue!.id,
    });
    await api("POST", "/activities", {
      kind: "meeting",
      subject: "Sue at the deal review",
      dueAt: meetingAt,
      owner: people.sue!.id,
      relatedType: "opportunity",
      relatedId: deal,
    });
    await api("POST", "/activities", {
      kind: "task",
      subject: "Vic reads the report",
      dueAt: taskDay,
      owner: people.vic!.id,
    });
  });

  it("shows the person's meetings, calls and tasks with a due date, and nobody else's", async () => {
    const path = await makeFeed("ada");
    const res = await fetch(url(path));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    expect(res.headers.get("etag")).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(res.headers.get("last-modified")).toBeTruthy();
    const text = await res.text();
    expect(text.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    const list = events(text);
    expect(list.map((e) => e.summary).sort()).toEqual(["Kick-off, Initech", "Send the contract"]);
    const t = list.find((e) => e.summary === "Send the contract")!;
    expect(t.uid).toBe(`${task}@activities.crm`);
    expect(t.startDate.isDate).toBe(true);
    expect(t.startDate.toString()).toBe("2026-12-24");
    expect(t.description).toContain("Account: Initech");
    const m = list.find((e) => e.summary === "Kick-off, Initech")!;
    expect(m.startDate.toJSDate().getTime()).toBe(meetingAt);
    expect(m.endDate.toJSDate().getTime()).toBe(meetingAt + 60 * 60_000);
    expect(m.description).toContain("Deal: Initech renewal");
    expect(m.component.getFirstPropertyValue("url")).toBe(`${server.url}/activities/${meeting}`);
    // Some clients look before they fetch.
    const head = await fetch(url(path), { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
  });

  it("answers 304 to a client that has the current copy, and changes when an activity changes", async () => {
    const path = await makeFeed("ada");
    const first = await fetch(url(path));
    const etag = first.headers.get("etag")!;
    const before = events(await first.text()).find((e) => e.uid === `${meeting}@activities.crm`)!;
    expect((await fetch(url(path), { headers: { "If-None-Match": etag } })).status).toBe(304);
    expect(
      (await fetch(url(path), { headers: { "If-Modified-Since": first.headers.get("last-modified")! } })).status,
    ).toBe(304);

    await api("PATCH", `/activities/${meeting}`, { subject: "Kick-off moved", dueAt: meetingAt + DAY });
    await api("PATCH", `/activities/${task}`, { done: true });
    const changed = await fetch(url(path), { headers: { "If-None-Match": etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).not.toBe(etag);
    const list = events(await changed.text());
    const after = list.find((e) => e.uid === `${meeting}@activities.crm`)!;
    expect(after.summary).toBe("Kick-off moved");
    expect(after.startDate.toJSDate().getTime()).toBe(meetingAt + DAY);
    // SEQUENCE counts whole seconds since creation (feed.test.ts proves it grows); never backwards.
    expect(after.sequence).toBeGreaterThanOrEqual(before.sequence);
    const modified = (e: ICAL.Event) => (e.component.getFirstPropertyValue("last-modified") as ICAL.Time).toJSDate();
    expect(modified(after).getTime()).toBeGreaterThanOrEqual(modified(before).getTime());
    expect(list.find((e) => e.uid === `${task}@activities.crm`)!.summary).toBe("✓ Send the contract");

    await api("DELETE", `/activities/${task}`);
    const gone = await fetch(url(path));
    expect(summaries(await gone.text())).toEqual(["Kick-off moved"]);
    await api("POST", `/activities/${task}/restore`);
  });

  it("shows a support person only what support may read, and a viewer their own", async () => {
    const sue = await (await fetch(url(await makeFeed("sue")))).text();
    expect(summaries(sue)).toEqual(["Sue calls Initech"]);
    const vic = await (await fetch(url(await makeFeed("vic")))).text();
    expect(summaries(vic)).toEqual(["Vic reads the report"]);
  });

  it("answers 404 once revoked or regenerated, and to a person who left", async () => {
    const old = await makeFeed("bo");
    expect((await fetch(url(old))).status).toBe(200);
    const state = (await (await asPerson("bo", "GET")).json()) as { active: boolean; lastFetchedAt: number };
    expect(state.active).toBe(true);
    expect(state.lastFetchedAt).toBeGreaterThan(0);

    const fresh = await makeFeed("bo");
    expect((await fetch(url(old))).status).toBe(404);
    expect((await fetch(url(fresh))).status).toBe(200);

    expect((await asPerson("bo", "DELETE")).status).toBe(204);
    const revoked = await fetch(url(fresh));
    expect(revoked.status).toBe(404);
    expect(await (await asPerson("bo", "GET")).json()).toEqual({ active: false });
    expect((await fetch(url("/api/v1/calendar/cal_notarealsecretnotarealsecretnotarealsecre.ics"))).status).toBe(404);

    const vic = await makeFeed("vic");
    server.auth!.removeMember(workspace, people.vic!.id);
    expect((await fetch(url(vic))).status).toBe(404);
  });

  it("belongs to people: a service token cannot make one", async () => {
    const res = await fetch(url("/api/v1/calendar/feed"), {
      method: "POST",
      headers: { Authorization: `Bearer ${ownerToken}` },
    });
    expect(res.status).toBe(403);
    expect((await fetch(url("/api/v1/calendar/feed"), { method: "POST" })).status).toBe(401);
  });

  it("is rate-limited per feed", async () => {
    const path = await makeFeed("ada");
    let status = 200;
    for (let i = 0; i < 40 && status === 200; i++) status = (await fetch(url(path))).status;
    expect(status).toBe(429);
  });
});
