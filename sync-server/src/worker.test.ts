import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { provisionWorkspace } from "./testing/clients.js";
import { type CrmProcess, exited, freePort, startCrm } from "./testing/processes.js";
import { syncEndpoint } from "./worker.js";

/*
 * `crm-server worker` as a real process beside a real `crm-server serve` (PEER_JOBS=off): the
 * server answers the API, the worker runs the jobs; a second worker is refused by the lease.
 */

function jobsIn(file: string): { kind: string; state: string }[] {
  if (!existsSync(file)) return [];
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const has = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'jobs'").get();
    return has ? (db.prepare("SELECT kind, state FROM jobs").all() as { kind: string; state: string }[]) : [];
  } finally {
    db.close();
  }
}

describe("crm-server worker", () => {
  const dir = mkdtempSync(join(tmpdir(), "crm-worker-"));
  const procs: CrmProcess[] = [];
  afterAll(async () => {
    for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill("SIGKILL");
    await Promise.all(procs.map((p) => exited(p.child).catch(() => undefined)));
    rmSync(dir, { recursive: true, force: true });
  });

  it("runs the jobs beside a server with PEER_JOBS=off, and a second worker is refused", async () => {
    const dataDir = join(dir, "data");
    const { workspace, token } = await provisionWorkspace(dataDir, "editor");
    const port = await freePort();
    const env = { DATA_DIR: dataDir, PORT: String(port), PEER_TEST_JOBS: "0" };
    const server = await startCrm("serve", { ...env, PEER_JOBS: "off" }, "listening");
    procs.push(server);
    const worker = await startCrm("worker", env, "worker started");
    procs.push(worker);
    expect(worker.child.exitCode).toBeNull();

    const api = (method: string, path: string, body?: unknown) =>
      fetch(`http://127.0.0.1:${port}/api/v1${path}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    const made = await api("POST", "/accounts", { name: "Job Worker Co" });
    expect(made.status).toBe(201);
    const { id } = (await made.json()) as { id: string };
    await expect
      .poll(
        async () =>
          ((await (await api("GET", `/activities?filter[accountId]=${id}`)).json()) as { data: { subject: string }[] })
            .data,
        { timeout: 30_000, interval: 200 },
      )
      .toEqual([expect.objectContaining({ subject: "Follow up Job Worker Co" })]);

    // The job ran in the worker's peer (its own file), none in the server's.
    await expect
      .poll(() => jobsIn(join(dataDir, "worker", `${workspace}.sqlite`)), { timeout: 10_000 })
      .toEqual([{ kind: "test.followUp", state: "done" }]);
    expect(jobsIn(join(dataDir, "peer", `${workspace}.sqlite`))).toEqual([]);

    // A second worker on the same data directory refuses to start, naming the holder.
    const second = await startCrm("worker", env, "worker started");
    procs.push(second);
    expect(await exited(second.child)).toEqual({ code: 1, signal: null });
    expect(second.err()).toMatch(/crm-server worker: another process runs the jobs of .* \(worker .* pid \d+\)/);

    // A clean stop releases the lease.
    worker.child.kill("SIGTERM");
    expect(await exited(worker.child)).toEqual({ code: 0, signal: null });
    const third = await startCrm("worker", env, "worker started");
    procs.push(third);
    expect(third.child.exitCode).toBeNull();
    third.child.kill("SIGTERM");
    server.child.kill("SIGTERM");
    expect(await exited(third.child)).toEqual({ code: 0, signal: null });
    expect(await exited(server.child)).toEqual({ code: 0, signal: null });
  }, 120_000);

  it("refuses to start on a data directory without a server's database", async () => {
    const p = await startCrm("worker", { DATA_DIR: join(dir, "empty") }, "worker started");
    procs.push(p);
    expect(await exited(p.child)).toEqual({ code: 1, signal: null });
    expect(p.err()).toMatch(/no database in .*empty: start the server/);
  }, 30_000);

  it("documents itself in --help and takes http or ws URLs", async () => {
    const bin = fileURLToPath(new URL("../bin/crmServer.js", import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, [bin, "--help"], { timeout: 20_000 });
    expect(stdout).toMatch(/^ {2}worker {2,}Run the automation peers' jobs/m);
    expect(stdout).toMatch(/^ {2}SYNC_URL /m);
    expect(stdout).toMatch(/^ {2}WORKER_DIR /m);
    expect(syncEndpoint("http://127.0.0.1:8787")).toBe("ws://127.0.0.1:8787/sync");
    expect(syncEndpoint("https://crm.example.com/")).toBe("wss://crm.example.com/sync");
    expect(syncEndpoint("ws://h:1/sync")).toBe("ws://h:1/sync");
    expect(() => syncEndpoint("ftp://x")).toThrow(/SYNC_URL/);
  });
});
