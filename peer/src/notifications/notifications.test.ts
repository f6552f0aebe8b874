import { inboxDocName, readInbox } from "@crm/schema";
import { MuxClient } from "@crm/sync-server/net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { silentLogger } from "../logger.js";
import { type PeerWorld, peerWorld, waitUntil } from "../testing.js";
import { attachNotifications, deliverNotification, NOTIFY_JOB, notificationId } from "./index.js";

/*
 * The `notify` job through a real server: entries land in the recipient's inbox document over the
 * sync protocol, once per job key and recipient — also when the job runs again after a crash
 * that came after the write and before the job was marked done.
 */

let world: PeerWorld;
let bo: string;

beforeEach(async () => {
  world = await peerWorld();
  const store = world.server.auth!;
  bo = store.createUser({ email: "bo@example.test", name: "Bo", passwordHash: "x" }).id;
  store.addMember(world.workspace, bo, "editor");
});
afterEach(async () => world.close());

/** Bo's inbox as bo's browser sees it (a session of bo's, live). */
async function bosInbox(): Promise<{ client: MuxClient; ids(): string[] }> {
  const { secret } = world.server.auth!.createSession(bo, 3600_000);
  const client = await MuxClient.open(world.server.wsUrl, { Cookie: `crm_session=${secret}` });
  const name = inboxDocName(world.workspace, bo);
  const doc = client.subscribe(name);
  await client.waitSynced(name);
  return { client, ids: () => readInbox(doc, null).map((i) => i.id) };
}

async function until(what: string, check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const env = () => ({ shared: world.server.auth!.db, logger: silentLogger });

describe("notify jobs", () => {
  it("a job enqueued directly (as a rule does) reaches the member's inbox live; non-members are skipped", async () => {
    const peer = world.peer({ runJobs: true });
    attachNotifications(peer, env());
    peer.start();
    await peer.ready();
    const inbox = await bosInbox();
    const { job } = peer.jobs.enqueueNow({
      kind: NOTIFY_JOB,
      key: "rule:r1:acc1",
      payload: { to: [bo, "nobody0000000000000x"], kind: "rule", title: "Call them back", ruleId: "r1" },
    });
    await waitUntil("bo's notification", () => inbox.ids().length === 1, 10_000);
    expect(inbox.ids()).toEqual([notificationId("rule:r1:acc1", bo)]);
    await until("the job done", async () => (await peer.jobs.get(job.id))?.state === "done");
    expect((await peer.jobs.get(job.id))?.result).toEqual({
      delivered: [bo],
      had: [],
      skipped: ["nobody0000000000000x"],
    });
    // The inbox the peer opened is let go (unsubscribed) later; nothing else of it is kept.
    expect(peer.documents.openNames().length).toBeLessThanOrEqual(2);
    await inbox.client.close();
  });

  it("run again after a crash between the write and 'done' (a new process, same file), it adds nothing", async () => {
    const first = world.peer({ runJobs: true });
    let written!: () => void;
    const wrote = new Promise<void>((r) => {
      written = r;
    });
    // This process writes the notification, then dies before marking the job done.
    first.runner.register(NOTIFY_JOB, async (job) => {
      await deliverNotification(first, job);
      written();
      await new Promise(() => {});
    });
    first.start();
    await first.ready();
    const { job } = first.jobs.enqueueNow({
      kind: NOTIFY_JOB,
      key: "rule:r2:acc9",
      payload: {
        to: [bo],
        kind: "due",
        title: "Task due: Send the contract",
        record: { collection: "activities", id: "t1" },
      },
    });
    await wrote;
    const inbox = await bosInbox();
    await waitUntil("the first run's entry", () => inbox.ids().length === 1);
    expect((await first.jobs.get(job.id))?.state).toBe("running");
    await first.close();

    const second = world.peer({ runJobs: true });
    attachNotifications(second, env());
    second.start();
    await until("the job done by the second process", async () => (await second.jobs.get(job.id))?.state === "done");
    const again = await second.jobs.get(job.id);
    expect(again?.attempts).toBe(2);
    expect(again?.result).toEqual({ delivered: [], had: [bo], skipped: [] });
    expect(inbox.ids()).toEqual([notificationId("rule:r2:acc9", bo)]);
    await inbox.client.close();
  });

  it("a payload that is no notification ends the job with the reason, writing nothing", async () => {
    const peer = world.peer({ runJobs: true });
    peer.start();
    await peer.ready();
    expect(await deliverNotification(peer, { key: "k", payload: { to: [bo], kind: "shout", title: "x" } })).toEqual({
      invalid: "kind: one of rule, assignment, mention, due, webhook",
    });
    expect(peer.documents.openNames()).toEqual([]);
  });
});
