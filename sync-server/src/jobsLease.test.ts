import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { AuthStore } from "./auth/store.js";
import { JobsLease } from "./peerHost.js";

/*
 * The jobs lease after a SIGKILL: the killed server could not release it, and the server
 * restarted in its place must run the jobs at once (a rule's wait, an action after a trigger),
 * not after the lease expires — while a live holder still keeps it.
 */

let dir: string;
let store: AuthStore;
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const hold = (holder: string) =>
  store.db
    .prepare(
      "INSERT INTO auth_meta (key, value) VALUES ('jobs-runner', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )
    .run(JSON.stringify({ holder, at: Date.now() }));

describe("the jobs lease", () => {
  it("is free at once when its holder was a process of this machine that is gone", () => {
    dir = mkdtempSync(join(tmpdir(), "crm-lease-"));
    store = new AuthStore(dir);
    const gone = spawnSync(process.execPath, ["-e", ""]).pid;
    hold(`server ${hostname()} pid ${gone}`);
    expect(new JobsLease(store, "server").take()).toEqual({ ok: true });
  });

  it("stays held by a live process, and by one of another machine", () => {
    dir = mkdtempSync(join(tmpdir(), "crm-lease-"));
    store = new AuthStore(dir);
    hold(`worker ${hostname()} pid ${process.ppid}`);
    expect(new JobsLease(store, "server").take()).toMatchObject({ ok: false });
    hold("worker elsewhere.example pid 1");
    expect(new JobsLease(store, "server").take()).toMatchObject({ ok: false });
  });
});
