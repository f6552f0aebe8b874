import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Rule, settingsDocName, writeRule } from "@crm/schema";
import { MuxClient, provisionWorkspace } from "@crm/sync-server/testing";
import { freePort, killHard, type ServedCrm, serveCrm } from "@crm/sync-server/testing/processes";
import { afterAll, describe, expect, it } from "vitest";

/*
 * Rules in the real server process (`crm-server serve`, the peer on as in
 * `npm start`), with no browser: records are written through the REST API, the rules through the
 * settings document as an admin's app would, and the server is SIGKILLed between a rule's trigger
 * and its action, and in the middle of a wait. Every action must happen exactly once.
 */

const start = (port: number, dataDir: string) => serveCrm(port, dataDir, { RULES_SCAN_MS: "300" });
const kill = (s: ServedCrm) => killHard(s.child);

describe("rules in a server process, with no browser", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "crm-rules-"));
  const servers: ServedCrm[] = [];
  afterAll(async () => {
    for (const s of servers) await kill(s);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("escalates an SLA breach, wins an accepted quote's deal, survives SIGKILL in a wait and between trigger and action, once each", async () => {
    const { workspace, token } = await provisionWorkspace(dataDir, "admin");
    const editor = await provisionWorkspace(dataDir, "editor");
    const port = await freePort();
    let server = await start(port, dataDir);
    servers.push(server);
    const api = async (method: string, path: string, body?: unknown) => {
      for (let attempt = 0; ; attempt++) {
        try {
          const res = await fetch(`${server.url}/api/v1${path}`, {
            method,
            headers: { Authorization: `Bearer ${token}`, ...(body ? { "Content-Type": "application/json" } : {}) },
            ...(body ? { body: JSON.stringify(body) } : {}),
          });
          if (res.status === 503 && attempt < 50) {
            await new Promise((r) => setTimeout(r, 200));
            continue;
          }
          const json = (await res.json()) as Record<string, unknown>;
          if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
          return json;
        } catch (err) {
          if (attempt < 50 && String(err).includes("fetch failed")) {
            await new Promise((r) => setTimeout(r, 200));
            continue;
          }
          throw err;
        }
      }
    };
    const poll = async (what: string, check: () => Promise<boolean>, ms = 30_000) => {
      const deadline = Date.now() + ms;
      while (!(await check())) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    const tasksAbout = async (id: string) =>
      ((await api("GET", "/activities?limit=200")).data as Record<string, unknown>[]).filter((t) => t.relatedId === id);

    // --- an SLA breach escalates (the built-in rule, default settings: normal → high) ---------
    const late = await api("POST", "/cases", {
      subject: "Coolant leak",
      priority: "normal",
      openedAt: Date.now() - 9 * 3_600_000,
    });
    await poll("the escalation", async () => (await api("GET", `/cases/${late.id}`)).priority === "high");
    expect(typeof (await api("GET", `/cases/${late.id}`)).escalatedAt).toBe("number");

    // --- an accepted quote wins its deal ---------------------------------------------------------
    const acc = await api("POST", "/accounts", { name: "Initech" });
    const deal = await api("POST", "/opportunities", { name: "Big deal", accountId: acc.id, stage: "qualification" });
    const quote = await api("POST", "/quotes", { accountId: acc.id, opportunityId: deal.id, status: "sent" });
    await api("PATCH", `/quotes/${quote.id}`, { status: "accepted" });
    await poll("the deal won", async () => (await api("GET", `/opportunities/${deal.id}`)).stage === "won");

    // --- the run log is for admins; it names a bad parameter ------------------------------------
    const runsAs = (bearer: string, query: string) =>
      fetch(`${server.url}/api/v1/rules/runs${query}`, { headers: { Authorization: `Bearer ${bearer}` } });
    expect((await runsAs(editor.token, "?rule=sla-escalation")).status).toBe(403);
    const bad = await runsAs(token, "");
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ errors: [{ field: "rule" }] });
    expect(((await api("GET", "/rules/runs?rule=sla-escalation")).runs as unknown[]).length).toBe(1);

    // --- the rules of this test, stored as an admin's app stores them ------------------------------
    const admin = await MuxClient.open(`${server.url.replace("http", "ws")}/sync?token=${token}`);
    const name = settingsDocName(workspace);
    admin.subscribe(name);
    await admin.waitSynced(name);
    const task = (subject: string) => ({
      type: "createRecord" as const,
      collection: "activities" as const,
      values: {
        subject: { kind: "value" as const, value: subject },
        relatedType: { kind: "value" as const, value: "account" },
        relatedId: { kind: "field" as const, field: "id" },
      },
    });
    const rules: Rule[] = [
      {
        id: "wait-then-task",
        name: "Wait then task",
        enabled: true,
        collection: "accounts",
        trigger: { type: "created" },
        conditions: [{ field: "name", op: "contains", value: "Patient" }],
        actions: [{ type: "wait", delay: { amount: 2, unit: "seconds" } }, task("After the wait")],
      },
      {
        id: "task-now",
        name: "Task at once",
        enabled: true,
        collection: "accounts",
        trigger: { type: "created" },
        conditions: [{ field: "name", op: "contains", value: "Hasty" }],
        actions: [task("Right away")],
      },
    ];
    for (const r of rules) expect(writeRule(admin.doc(name), r).ok).toBe(true);
    await admin.waitPersisted(name);
    await admin.close();

    // --- a wait interrupted by SIGKILL: the task comes after the restart, once -----------------
    const patient = await api("POST", "/accounts", { name: "Patient Co" });
    const runs = async (rule: string) =>
      (await api("GET", `/rules/runs?rule=${rule}`)).runs as { status: string; recordId: string }[];
    await poll("the rule waiting", async () => (await runs("wait-then-task")).some((r) => r.status === "waiting"));
    await kill(server);
    server = await start(port, dataDir);
    servers.push(server);
    await poll("the task after the wait", async () => (await tasksAbout(String(patient.id))).length > 0);
    await poll("the run done", async () => (await runs("wait-then-task")).some((r) => r.status === "done"));
    expect(await tasksAbout(String(patient.id))).toHaveLength(1);

    // --- SIGKILL again and again between a trigger and its action ---------------------------------
    const hasty: string[] = [];
    for (let round = 0; round < 8; round++) {
      const made = await api("POST", "/accounts", { name: `Hasty ${round}` });
      hasty.push(String(made.id));
      // Kill at a different moment each round: before the feed is read, before the job runs, mid-write.
      await new Promise((r) => setTimeout(r, (round * 23) % 90));
      await kill(server);
      server = await start(port, dataDir);
      servers.push(server);
    }
    for (const id of hasty) await poll(`the task of ${id}`, async () => (await tasksAbout(id)).length > 0);
    // Every job done (a rerun of one would have made its second task by now).
    await poll(
      "every run logged",
      async () => (await runs("task-now")).filter((r) => r.status === "done").length === hasty.length,
    );
    for (const id of hasty) expect(await tasksAbout(id), id).toHaveLength(1);
    expect(await tasksAbout(String(patient.id))).toHaveLength(1);
  }, 240_000);
});
