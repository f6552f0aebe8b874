import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { WorkspacePeer } from "../peer.js";
import { clientWrite, type PeerWorld, peerWorld, waitUntil } from "../testing.js";
import {
  attachWebhooks,
  DELIVER_KIND,
  DELIVERY_SCHEDULE,
  deliveryRetryDelay,
  EVENT_KIND,
  NOTIFY_KIND,
  type OutboxOptions,
} from "./outbox.js";
import { newSecret } from "./signing.js";
import { WebhookStore } from "./store.js";

/** The waits of these tests allow for a loaded machine (the whole suite runs in parallel). */
const settle = (what: string, done: () => boolean) => waitUntil(what, done, 20_000);

/*
 * The outbox on a real peer of a real server, delivering to a real receiver on 127.0.0.1: a
 * browser's edit arrives signed with old and new values; rule events fan out; retries; 410 stops
 * and disables; an endpoint that keeps failing is disabled and the admins are told (a `notify`
 * job, handled here by a stand-in for the notify feature's handler).
 */

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

let world: PeerWorld;
let receiver: Server;
let port: number;
let received: Received[];
let answers: number[];
let store: WebhookStore;
let notified: { key: string; payload: { to: string[]; kind: string; title: string; body: string } }[];

beforeEach(async () => {
  world = await peerWorld();
  store = new WebhookStore(world.server.auth!.db);
  received = [];
  answers = [];
  notified = [];
  receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (d) => {
      body += d;
    });
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.writeHead(answers.shift() ?? 204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", () => r()));
  port = (receiver.address() as AddressInfo).port;
});
afterEach(async () => {
  await world.close();
  await new Promise((r) => receiver.close(r));
});

async function startPeer(o: Partial<OutboxOptions> = {}): Promise<WorkspacePeer> {
  const peer = world.peer({ runJobs: true });
  attachWebhooks(peer, { store, send: { guard: { allowedHosts: ["127.0.0.1"] } }, retryDelay: () => 20, ...o });
  peer.runner.register(NOTIFY_KIND, async (job) => {
    notified.push({ key: job.key, payload: job.payload as (typeof notified)[number]["payload"] });
  });
  peer.start();
  await peer.ready();
  return peer;
}

function endpoint(events: string[]) {
  return store.create({
    workspace: world.workspace,
    url: `http://127.0.0.1:${port}/hook`,
    events,
    secret: newSecret(),
    source: "api",
    createdBy: "test",
  });
}

const jobState = (peer: WorkspacePeer, key: string) =>
  peer.db.prepare("SELECT state FROM jobs WHERE key = ?").pluck().get(key);
const unfinished = (peer: WorkspacePeer) =>
  peer.db.prepare("SELECT COUNT(*) FROM jobs WHERE state IN ('queued', 'running')").pluck().get();

const owner = () =>
  world.server.auth!.db.prepare("SELECT user_id FROM auth_members WHERE workspace_id = ?").pluck().get(world.workspace);

describe("the webhook outbox", () => {
  it("delivers a browser's edit signed, with old and new values, and fans out rule events", async () => {
    const peer = await startPeer();
    const e = endpoint(["accounts.updated", "rule.r1"]);
    const browser = await world.client();
    await clientWrite(browser, world.workspace, "accounts", "acc1", { name: "Initech", status: "prospect" });
    await clientWrite(browser, world.workspace, "accounts", "acc1", { status: "customer" }, "user-ada");
    await settle("the delivery", () => received.length >= 1);
    const first = received[0]!;
    const event = new Webhook(e.secret).verify(first.body, first.headers as Record<string, string>) as {
      type: string;
      data: { id: string; actor: string; changes: Record<string, { old: unknown; new: unknown }> };
    };
    expect(event).toMatchObject({
      type: "accounts.updated",
      data: { id: "acc1", actor: "user-ada", changes: { status: { old: "prospect", new: "customer" } } },
    });
    expect(first.headers["webhook-id"]).toMatch(new RegExp(`^msg_\\w+_\\d+_${e.id}$`));

    await peer.jobs.enqueue({ kind: EVENT_KIND, key: "rule:r1:acc1", payload: { event: "rule.r1", data: { n: 1 } } });
    await peer.jobs.enqueue({ kind: EVENT_KIND, key: "rule:r2:acc1", payload: { event: "rule.r2", data: { n: 2 } } });
    await settle("the rule event", () => received.length >= 2);
    await settle("both event jobs done", () => jobState(peer, "rule:r2:acc1") === "done");
    // r1's delivery job logs its attempt when the response is back, after the receiver counted it.
    await settle("the deliveries logged", () => unfinished(peer) === 0);
    expect(received).toHaveLength(2);
    expect(new Webhook(e.secret).verify(received[1]!.body, received[1]!.headers as Record<string, string>)).toEqual({
      type: "rule.r1",
      timestamp: expect.any(String),
      data: { n: 1 },
    });
    const log = store.deliveries(world.workspace, e.id);
    expect(log.map((d) => [d.event, d.ok, d.response?.status])).toEqual([
      ["rule.r1", true, 204],
      ["accounts.updated", true, 204],
    ]);
    expect(log[1]!.request.headers["webhook-id"]).toBe(first.headers["webhook-id"]);
  });

  it("retries a failing receiver, stops on 410 and disables the endpoint, telling the admins", async () => {
    const peer = await startPeer();
    const e = endpoint(["*"]);
    answers = [500, 503, 410];
    const browser = await world.client();
    await clientWrite(browser, world.workspace, "accounts", "acc2", { name: "Globex" });
    await settle("the endpoint disabled", () => store.get(world.workspace, e.id)?.enabled === false);
    expect(received).toHaveLength(3);
    // Every retry carries the same webhook-id (one message), signed anew.
    expect(new Set(received.map((r) => r.headers["webhook-id"])).size).toBe(1);
    expect(store.get(world.workspace, e.id)).toMatchObject({ disabledReason: "gone", consecutiveFailures: 3 });
    const job = await peer.jobs.byKey(String(received[0]!.headers["webhook-id"]));
    expect(job).toMatchObject({ state: "done", attempts: 3, result: { gone: true } });
    await settle("the admins told", () => notified.length === 1);
    expect(notified[0]!.payload).toMatchObject({ to: [owner()], kind: "webhook", title: "Webhook endpoint disabled" });

    // A disabled endpoint gets nothing more.
    await clientWrite(browser, world.workspace, "accounts", "acc3", { name: "Umbrella" });
    await settle(
      "the change handled",
      () => peer.feed.cursor("webhooks") >= peer.feed.lastSeq() && peer.feed.lastSeq() > 1,
    );
    expect((await peer.jobs.counts()).queued).toBe(0);
    expect(received).toHaveLength(3);
  });

  it("disables an endpoint that keeps failing and notifies once", async () => {
    const peer = await startPeer({ disableAfter: { failures: 3, ms: 0 } });
    const e = endpoint(["accounts.created"]);
    answers = new Array(50).fill(500);
    const browser = await world.client();
    await clientWrite(browser, world.workspace, "accounts", "a1", { name: "One" });
    await clientWrite(browser, world.workspace, "accounts", "a2", { name: "Two" });
    await settle("the endpoint disabled", () => store.get(world.workspace, e.id)?.enabled === false);
    expect(store.get(world.workspace, e.id)).toMatchObject({ disabledReason: "failing" });
    await settle("both messages settled", () => unfinished(peer) === 0).catch((err) => {
      const left = peer.db
        .prepare(
          "SELECT kind, key, state, attempts, run_at - ? AS dueIn, last_error FROM jobs WHERE state IN ('queued', 'running')",
        )
        .all(Date.now());
      throw new Error(`${err.message}: ${JSON.stringify(left)}`);
    });
    expect(received.length).toBeGreaterThanOrEqual(3);
    await settle("the admins told", () => notified.length >= 1);
    expect(notified).toHaveLength(1);
    expect(notified[0]!.payload.body).toContain(`127.0.0.1:${port}`);
  });

  it("disables the endpoint when one message used all its attempts", async () => {
    const peer = await startPeer({ maxAttempts: 2 });
    const e = endpoint(["accounts.created"]);
    answers = [500, 500, 500];
    const browser = await world.client();
    await clientWrite(browser, world.workspace, "accounts", "a9", { name: "Nine" });
    await settle("the endpoint disabled", () => store.get(world.workspace, e.id)?.enabled === false);
    expect(received).toHaveLength(2);
    const job = await peer.jobs.byKey(String(received[0]!.headers["webhook-id"]));
    expect(job).toMatchObject({ kind: DELIVER_KIND, state: "done", attempts: 2, result: { disabled: true } });
  });
});

describe("the delivery schedule", () => {
  it("retries with jittered exponential backoff for about three days", () => {
    const total = (random: () => number) => {
      let ms = 0;
      for (let attempt = 1; attempt < DELIVERY_SCHEDULE.maxAttempts; attempt++)
        ms += deliveryRetryDelay(attempt, random);
      return ms / 86_400_000;
    };
    expect(total(() => 0.5)).toBeGreaterThan(2.5);
    expect(total(() => 0.5)).toBeLessThan(3.5);
    expect(deliveryRetryDelay(1, () => 0.5)).toBe(10_000);
    expect(deliveryRetryDelay(2, () => 0.5)).toBe(20_000);
    expect(deliveryRetryDelay(1, () => 0)).toBe(5_000);
    expect(deliveryRetryDelay(1, () => 1)).toBe(15_000);
    expect(deliveryRetryDelay(30, () => 0.5)).toBe(6 * 3600_000);
  });
});
