import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { clientWrite, type PeerWorld, peerWorld, waitUntil } from "./testing.js";
import type { RecordChange } from "./types.js";

/*
 * A workspace made after automation existed: what its people write before the jobs-running peer
 * first syncs it (the peer starts at the host's next scan, or later after a crash) is news all the
 * same — created records fire rules and webhooks. Once that peer synced it, a peer with a fresh
 * file (PEER_DIR moved, a worker on another disk) starts from what is there instead of replaying
 * the workspace's whole history as new.
 */

let world: PeerWorld;
beforeEach(async () => {
  world = await peerWorld();
});
afterEach(async () => world.close());

const firstSync = (w: PeerWorld) => {
  const store = w.server.auth!;
  return { isNew: () => store.isNewToPeer(w.workspace), done: () => store.seenByPeer(w.workspace) };
};

describe("a new workspace's first sync", () => {
  it("reports records written before the peer started as created, once", async () => {
    expect(world.server.auth!.isNewToPeer(world.workspace)).toBe(true);
    const browser = await world.client();
    await clientWrite(browser, world.workspace, "accounts", "early1", { name: "Early bird" });

    const peer = world.peer({ firstSync: firstSync(world) });
    const seen: RecordChange[] = [];
    peer.onChange((c) => seen.push(...c));
    peer.start();
    await peer.ready();
    await waitUntil("the early account as a change", () => seen.some((c) => c.id === "early1"));
    expect(seen.find((c) => c.id === "early1")).toMatchObject({ kind: "created", seq: expect.any(Number) });
    expect(seen.find((c) => c.id === "early1")!.seq).toBeGreaterThan(0);
    expect(world.server.auth!.isNewToPeer(world.workspace)).toBe(false);

    // A fresh file after that: the workspace's records are its starting state, not news.
    const again = world.peer({ file: join(world.dir, "fresh.sqlite"), firstSync: firstSync(world) });
    const replayed: RecordChange[] = [];
    again.onChange((c) => replayed.push(...c));
    again.start();
    await again.ready();
    expect(again.get("accounts", "early1")).toMatchObject({ name: "Early bird" });
    expect(replayed).toEqual([]);
  });
});
