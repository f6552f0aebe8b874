import { builtInRules, newId, type Rule } from "@crm/schema";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { clientWrite, type PeerWorld, peerWorld, waitUntil } from "../testing.js";
import { MAX_DEPTH } from "./engine.js";
import { rulesPeer, saveRules } from "./testing.js";

/*
 * The rule engine on a real in-process server: a browser (raw protocol client) changes records,
 * the peer's engine fires the rules, their jobs write through the peer. One test per trigger and
 * per action, the built-ins, loops, and the run log.
 */

let world: PeerWorld;
beforeEach(async () => {
  world = await peerWorld();
});
afterEach(async () => world.close());

const rule = (over: Partial<Rule> & Pick<Rule, "id" | "collection" | "trigger" | "actions">): Rule => ({
  name: over.id,
  enabled: true,
  conditions: [],
  ...over,
});
const tasksAbout = (peer: Awaited<ReturnType<typeof rulesPeer>>["peer"], id: string) =>
  peer
    .list("activities", { limit: 200 })
    .records.map((d) => JSON.parse(d) as Record<string, unknown>)
    .filter((t) => t.relatedId === id);

describe("created and changed triggers", () => {
  it("created: conditions on the new record; a task with a reference and a relative date; logged", async () => {
    const { peer, engine } = await rulesPeer(world);
    const admin = await world.client("admin");
    await saveRules(
      admin,
      world,
      peer,
      rule({
        id: "welcome",
        collection: "accounts",
        trigger: { type: "created" },
        conditions: [{ field: "name", op: "contains", value: "vip" }],
        actions: [
          {
            type: "createRecord",
            collection: "activities",
            values: {
              subject: { kind: "value", value: "Welcome call" },
              relatedType: { kind: "value", value: "account" },
              relatedId: { kind: "field", field: "id" },
              accountId: { kind: "field", field: "id" },
              dueAt: { kind: "now", offset: { amount: 2, unit: "days" } },
            },
          },
        ],
      }),
    );
    const browser = await world.client();
    const vip = newId();
    const plain = newId();
    const before = Date.now();
    await clientWrite(browser, world.workspace, "accounts", plain, { name: "Plain Co" });
    await clientWrite(browser, world.workspace, "accounts", vip, { name: "VIP Co" });
    await waitUntil("the welcome task", () => tasksAbout(peer, vip).length === 1);
    const task = tasksAbout(peer, vip)[0]!;
    expect(task).toMatchObject({ subject: "Welcome call", kind: "task", accountId: vip, createdBy: "automation" });
    expect(task.dueAt as number).toBeGreaterThanOrEqual(before + 2 * 86_400_000);
    expect(tasksAbout(peer, plain)).toEqual([]);
    await waitUntil("the run logged", () => engine.store.runs(world.workspace, "welcome").length === 1);
    expect(engine.store.runs(world.workspace, "welcome")[0]).toMatchObject({
      recordId: vip,
      status: "done",
      cause: "created",
      actions: [{ type: "createRecord", detail: `created activities/${task.id}` }],
    });
  });

  it("changed with to: the built-in rules win the quote's deal and make the order's account a customer", async () => {
    const { peer, engine } = await rulesPeer(world);
    const browser = await world.client();
    const [acc, opp, quote, order] = [newId(), newId(), newId(), newId()];
    await clientWrite(browser, world.workspace, "accounts", acc, { name: "Initech", status: "prospect" });
    await clientWrite(browser, world.workspace, "opportunities", opp, {
      name: "Big deal",
      accountId: acc,
      stage: "qualification",
      amount: 1000,
    });
    await clientWrite(browser, world.workspace, "quotes", quote, { number: "Q-1", opportunityId: opp, status: "sent" });
    await clientWrite(browser, world.workspace, "orders", order, { number: "O-1", accountId: acc, status: "shipped" });
    await waitUntil("the peer has them", () => peer.get("orders", order) !== undefined);
    // Changing another field, or to another value, fires nothing.
    await clientWrite(browser, world.workspace, "quotes", quote, { status: "rejected" });
    await clientWrite(browser, world.workspace, "quotes", quote, { status: "accepted" });
    await clientWrite(browser, world.workspace, "orders", order, { status: "delivered" });
    await waitUntil("the deal won", () => peer.get("opportunities", opp)?.stage === "won");

    expect(typeof peer.get("opportunities", opp)?.wonAt).toBe("number");
    await waitUntil("the account a customer", () => peer.get("accounts", acc)?.status === "customer");
    await waitUntil("both logged", () => engine.store.runs(world.workspace, "order-delivered-customer").length === 1);
    expect(engine.store.runs(world.workspace, "quote-accepted-deal-won")).toHaveLength(1);
    expect(engine.store.runs(world.workspace, "order-delivered-customer")[0]).toMatchObject({
      status: "done",
      actions: [{ type: "updateRelated", detail: `set status = "customer" on accounts/${acc}` }],
    });
  });

  it("from/to and conditions after the change; a disabled rule does nothing", async () => {
    const { peer, engine } = await rulesPeer(world);
    const admin = await world.client("admin");
    const off = { ...builtInRules()[1]!, enabled: false };
    await saveRules(
      admin,
      world,
      peer,
      off,
      rule({
        id: "lost-from-proposal",
        collection: "opportunities",
        trigger: { type: "changed", field: "stage", from: "proposal", to: "lost" },
        conditions: [{ field: "amount", op: "gt", value: "500" }],
        actions: [{ type: "setFields", values: { name: { kind: "value", value: "Lost big one" } } }],
      }),
    );
    const browser = await world.client();
    const [a, b, c, q] = [newId(), newId(), newId(), newId()];
    for (const [id, amount] of [
      [a, 1000],
      [b, 100],
      [c, 1000],
    ] as const)
      await clientWrite(browser, world.workspace, "opportunities", id, {
        name: "D",
        accountId: "acc",
        stage: "proposal",
        amount,
      });
    await clientWrite(browser, world.workspace, "opportunities", c, { stage: "negotiation" });
    await clientWrite(browser, world.workspace, "quotes", q, { number: "Q-9", opportunityId: a, status: "sent" });
    for (const id of [a, b, c]) await clientWrite(browser, world.workspace, "opportunities", id, { stage: "lost" });
    await clientWrite(browser, world.workspace, "quotes", q, { status: "accepted" });
    await waitUntil("a renamed", () => peer.get("opportunities", a)?.name === "Lost big one");
    await waitUntil("the feed handled", () => peer.feed.cursor("rules") === peer.feed.lastSeq());
    const pending = peer.db.prepare("SELECT COUNT(*) FROM jobs WHERE state IN ('queued', 'running')").pluck();
    await waitUntil("no job left", () => pending.get() === 0);
    expect(peer.get("opportunities", b)?.name).toBe("D"); // the condition: amount > 500
    expect(peer.get("opportunities", c)?.name).toBe("D"); // from negotiation, not proposal
    expect(peer.get("opportunities", a)?.stage).toBe("lost"); // the disabled built-in did not win it
    expect(engine.store.runs(world.workspace, off.id)).toEqual([]);
  });

  it("a rule's own write does not fire it again; rules firing each other stop at MAX_DEPTH, logged", async () => {
    const { peer, engine } = await rulesPeer(world);
    const admin = await world.client("admin");
    const flip = (id: string, from: string, to: string): Rule =>
      rule({
        id,
        collection: "accounts",
        trigger: { type: "changed", field: "industry", to: from },
        actions: [{ type: "setFields", values: { industry: { kind: "value", value: to } } }],
      });
    await saveRules(
      admin,
      world,
      peer,
      flip("to-banking", "Retail", "Finance"),
      flip("to-retail", "Finance", "Retail"),
      rule({
        id: "self",
        collection: "accounts",
        trigger: { type: "changed", field: "website" },
        actions: [{ type: "setFields", values: { website: { kind: "value", value: "self.example" } } }],
      }),
    );
    const browser = await world.client();
    const acc = newId();
    await clientWrite(browser, world.workspace, "accounts", acc, { name: "Loop", industry: "Energy" });
    const other = newId();
    await clientWrite(browser, world.workspace, "accounts", other, { name: "Self" });
    await clientWrite(browser, world.workspace, "accounts", other, { website: "mine.example" });
    await clientWrite(browser, world.workspace, "accounts", acc, { industry: "Retail" });
    const runs = () => [
      ...engine.store.runs(world.workspace, "to-banking"),
      ...engine.store.runs(world.workspace, "to-retail"),
    ];
    await waitUntil("the chain stopped", () => runs().some((r) => r.status === "skipped"), 15_000);
    await waitUntil("the feed handled", () => peer.feed.cursor("rules") === peer.feed.lastSeq());
    await waitUntil("every job logged", () => runs().filter((r) => r.status === "done").length >= MAX_DEPTH + 1);
    const pending = peer.db.prepare("SELECT COUNT(*) FROM jobs WHERE state IN ('queued', 'running')").pluck();
    await waitUntil("no job left", () => pending.get() === 0);
    expect(runs().filter((r) => r.status === "done")).toHaveLength(MAX_DEPTH + 1);
    expect(runs().find((r) => r.status === "skipped")?.error).toMatch(/fired each other/);
    expect(engine.store.runs(world.workspace, "self")).toHaveLength(1);
    expect(peer.get("accounts", other)?.website).toBe("https://self.example");
  });
});

describe("actions", () => {
  it("assign round-robin (durable turn), notify the owner field and a person, webhook event", async () => {
    const { peer, engine, sent } = await rulesPeer(world);
    const admin = await world.client("admin");
    await saveRules(
      admin,
      world,
      peer,
      rule({
        id: "triage",
        collection: "cases",
        trigger: { type: "created" },
        actions: [
          { type: "assign", people: ["u1", "u2"], roundRobin: true },
          {
            type: "notify",
            to: [
              { kind: "field", field: "assignee" },
              { kind: "person", id: "boss" },
            ],
            title: "New case: {subject}",
          },
          { type: "webhook" },
        ],
      }),
    );
    const browser = await world.client();
    const ids = [newId(), newId(), newId()];
    for (const id of ids)
      await clientWrite(browser, world.workspace, "cases", id, {
        subject: `Case ${id}`,
        status: "new",
        priority: "normal",
      });
    await waitUntil(
      "three runs",
      () => engine.store.runs(world.workspace, "triage").filter((r) => r.status === "done").length === 3,
    );
    const assignees = ids.map((id) => peer.get("cases", id)?.assignee);
    expect([...assignees].sort()).toEqual(["u1", "u1", "u2"]);
    await waitUntil("six jobs to other features", () => sent.length === 6);
    const notes = sent.filter((s) => s.kind === "notify");
    expect(notes).toHaveLength(3);
    const first = notes.find((n) => (n.payload.record as { id: string }).id === ids[0])!;
    expect(first.payload).toMatchObject({
      kind: "rule",
      ruleId: "triage",
      title: `New case: Case ${ids[0]}`,
      to: [peer.get("cases", ids[0]!)?.assignee, "boss"],
    });
    const hooks = sent.filter((s) => s.kind === "webhook.event");
    expect(hooks.map((h) => h.payload.event)).toEqual(["rule.triage", "rule.triage", "rule.triage"]);
    expect(new Set(sent.map((s) => s.key)).size).toBe(6);
  });

  it("wait: the actions after it run later, in a job of their own", async () => {
    const { peer, engine } = await rulesPeer(world);
    const admin = await world.client("admin");
    await saveRules(
      admin,
      world,
      peer,
      rule({
        id: "later",
        collection: "accounts",
        trigger: { type: "created" },
        actions: [
          { type: "wait", delay: { amount: 1, unit: "seconds" } },
          {
            type: "createRecord",
            collection: "activities",
            values: {
              subject: { kind: "value", value: "Later" },
              relatedId: { kind: "field", field: "id" },
              relatedType: { kind: "value", value: "account" },
            },
          },
        ],
      }),
    );
    const browser = await world.client();
    const acc = newId();
    const start = Date.now();
    await clientWrite(browser, world.workspace, "accounts", acc, { name: "Patience" });
    await waitUntil("waiting logged", () =>
      engine.store.runs(world.workspace, "later").some((r) => r.status === "waiting"),
    );
    await waitUntil("the task", () => tasksAbout(peer, acc).length === 1, 10_000);
    expect(Date.now() - start).toBeGreaterThanOrEqual(1000);
    expect((tasksAbout(peer, acc)[0]!.createdAt as number) - start).toBeGreaterThanOrEqual(1000);
    await waitUntil("the second run logged", () => engine.store.runs(world.workspace, "later").length === 2);
    const runs = engine.store.runs(world.workspace, "later");
    expect(runs.map((r) => r.status).sort()).toEqual(["done", "waiting"]);
  });
});

describe("time triggers", () => {
  it("date reached: fires once per record and date value, across a restart; a moved date fires again", async () => {
    let w = await rulesPeer(world);
    const browser = await world.client();
    const t0 = Date.now();
    const task = newId();
    const done = newId();
    await clientWrite(browser, world.workspace, "activities", task, {
      kind: "task",
      subject: "Call",
      owner: "u7",
      done: false,
      dueAt: t0 + 60_000,
    });
    await clientWrite(browser, world.workspace, "activities", done, {
      kind: "task",
      subject: "Done",
      owner: "u7",
      done: true,
      dueAt: t0 + 60_000,
    });
    await waitUntil("the peer has them", () => w.peer.get("activities", done) !== undefined);
    expect(w.engine.scan(t0)).toBe(0); // first seen now; not due yet
    expect(w.engine.scan(t0 + 61_000)).toBe(1); // due; the done task stays quiet
    expect(w.engine.scan(t0 + 62_000)).toBe(0);
    await waitUntil("the reminder", () => w.sent.length === 1);
    expect(w.sent[0]!.payload).toMatchObject({ to: ["u7"], title: "Task due: Call", ruleId: "task-due-notify" });

    await w.peer.close();
    w = await rulesPeer(world);
    expect(w.engine.scan(t0 + 63_000)).toBe(0); // restarted: not again
    await clientWrite(browser, world.workspace, "activities", task, { dueAt: t0 + 120_000 });
    await waitUntil("the moved date", () => w.peer.get("activities", task)?.dueAt === t0 + 120_000);
    expect(w.engine.scan(t0 + 121_000)).toBe(1);
  });

  it("date reached before a date field ('3 days before close date')", async () => {
    const { peer, engine, sent } = await rulesPeer(world);
    const admin = await world.client("admin");
    await saveRules(
      admin,
      world,
      peer,
      rule({
        id: "closing",
        collection: "opportunities",
        trigger: { type: "dateReached", field: "closeDate", offset: { amount: 3, unit: "days" }, direction: "before" },
        actions: [{ type: "notify", to: [{ kind: "field", field: "owner" }], title: "{name} closes in 3 days" }],
      }),
    );
    const browser = await world.client();
    const opp = newId();
    const now = Date.parse("2030-01-01T10:00:00Z");
    await clientWrite(browser, world.workspace, "opportunities", opp, {
      name: "Renewal",
      owner: "u9",
      stage: "proposal",
      closeDate: "2030-01-05",
    });
    await waitUntil("the peer has it", () => peer.get("opportunities", opp) !== undefined);
    expect(engine.scan(now)).toBe(0);
    expect(engine.scan(Date.parse("2030-01-01T23:59:00Z"))).toBe(0);
    expect(engine.scan(Date.parse("2030-01-02T00:00:00Z"))).toBe(1);
    await waitUntil("notified", () => sent.length === 1);
    expect(sent[0]!.payload).toMatchObject({ to: ["u9"], title: "Renewal closes in 3 days" });
  });

  it("schedule: each slot once, for the records matching then", async () => {
    const { peer, engine } = await rulesPeer(world);
    const admin = await world.client("admin");
    await saveRules(
      admin,
      world,
      peer,
      rule({
        id: "stale",
        collection: "accounts",
        trigger: { type: "schedule", interval: "minutes", every: 10 },
        conditions: [{ field: "status", op: "is", value: "prospect" }],
        actions: [{ type: "setFields", values: { billingCity: { kind: "value", value: "Reviewed" } } }],
      }),
    );
    const browser = await world.client();
    const [p1, c1] = [newId(), newId()];
    await clientWrite(browser, world.workspace, "accounts", p1, { name: "P", status: "prospect" });
    await clientWrite(browser, world.workspace, "accounts", c1, { name: "C", status: "customer" });
    await waitUntil("the peer has them", () => peer.get("accounts", c1) !== undefined);
    const slot = Math.ceil(Date.now() / 600_000) * 600_000;
    expect(engine.scan(slot - 1)).toBe(0); // first seen: the slot running now started before
    expect(engine.scan(slot + 5)).toBe(1);
    expect(engine.scan(slot + 6)).toBe(0);
    await waitUntil("reviewed", () => peer.get("accounts", p1)?.billingCity === "Reviewed");
    expect(peer.get("accounts", c1)?.billingCity ?? "").toBe("");
    expect(engine.scan(slot + 600_000)).toBe(1);
  });

  it("SLA: the built-in escalation raises a late case once, with the SLA settings", async () => {
    const { peer, engine } = await rulesPeer(world);
    const browser = await world.client();
    const [late, fresh] = [newId(), newId()];
    const now = Date.now();
    // normal: first response within 8 h; at risk with 20 % left.
    await clientWrite(browser, world.workspace, "cases", late, {
      subject: "Late",
      status: "new",
      priority: "normal",
      openedAt: now - 7 * 3_600_000,
      escalatedAt: null,
    });
    await clientWrite(browser, world.workspace, "cases", fresh, {
      subject: "Fresh",
      status: "new",
      priority: "normal",
      openedAt: now,
      escalatedAt: null,
    });
    await waitUntil("the peer has them", () => peer.get("cases", fresh) !== undefined);
    expect(engine.scan(now)).toBe(1);
    await waitUntil("escalated", () => peer.get("cases", late)?.priority === "high");
    expect(peer.get("cases", late)?.escalatedAt).toBe(now);
    expect(peer.get("cases", fresh)?.priority).toBe("normal");
    expect(engine.scan(now + 1000)).toBe(0);
    await waitUntil("logged", () => engine.store.runs(world.workspace, "sla-escalation").length === 1);
    expect(engine.store.runs(world.workspace, "sla-escalation")[0]).toMatchObject({
      status: "done",
      cause: "SLA atRisk",
    });
  });
});
