import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { provisionWorkspace } from "./testing/clients.js";
import { type CrmProcess, exited, freePort, startCrm } from "./testing/processes.js";

/*
 * The job machinery's exactly-once claim (peer/CONTEXT.md), proven by killing a real
 * `crm-server serve` with SIGKILL: with PEER_TEST_JOBS every account named "Job …" gets a
 * follow-up task from a job (peer/src/testJobs.ts). Each round creates accounts and kills the
 * server at a different point — while a POST is in flight, right after the accounts are stored
 * (the change recorded, its job maybe not yet queued), while the jobs wait out their delay, and
 * after some ran — then starts it again. In the end every account has exactly one task.
 */

const ROUNDS = 10;
const PER_ROUND = 3;
const JOB_DELAY_MS = 150;

interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

describe("the job machinery under SIGKILL", () => {
  const dir = mkdtempSync(join(tmpdir(), "crm-peer-crash-"));
  const procs: CrmProcess[] = [];
  afterAll(async () => {
    for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill("SIGKILL");
    await Promise.all(procs.map((p) => exited(p.child).catch(() => undefined)));
    rmSync(dir, { recursive: true, force: true });
  });

  it(`gives every account exactly one follow-up task across ${ROUNDS} kills`, async () => {
    const dataDir = join(dir, "data");
    const { token } = await provisionWorkspace(dataDir, "editor");
    const port = await freePort();
    const env = { DATA_DIR: dataDir, PORT: String(port), PEER_TEST_JOBS: String(JOB_DELAY_MS) };
    const base = `http://127.0.0.1:${port}/api/v1`;
    const headers = { Authorization: `Bearer ${token}`, "Content-Type": "application/json" };
    const get = async <T>(path: string): Promise<T> => {
      const res = await fetch(`${base}${path}`, { headers });
      if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    };
    const all = async <T>(collection: string): Promise<T[]> => {
      const out: T[] = [];
      let cursor: string | null = null;
      do {
        const page: Page<T> = await get(
          `/${collection}?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
        );
        out.push(...page.data);
        cursor = page.nextCursor;
      } while (cursor);
      return out;
    };

    let answered = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const server = await startCrm("serve", env, "listening");
      procs.push(server);
      const posts = Array.from({ length: PER_ROUND }, (_, i) =>
        fetch(`${base}/accounts`, {
          method: "POST",
          headers: { ...headers, "Idempotency-Key": `r${round}-${i}` },
          body: JSON.stringify({ name: `Job r${round} #${i}` }),
        }).then(
          (res) => {
            if (res.status === 201) answered++;
            return res.status;
          },
          () => 0, // killed while in flight: the account may or may not exist
        ),
      );
      // Where this round dies: 0 while the POSTs are in flight, then ever later after they were answered.
      const point = round % 5;
      if (point > 0) {
        await Promise.all(posts);
        await new Promise((r) => setTimeout(r, [0, 0, JOB_DELAY_MS / 2, JOB_DELAY_MS * 2, JOB_DELAY_MS * 6][point]));
      } else {
        await new Promise((r) => setTimeout(r, 5 + round * 7));
      }
      server.child.kill("SIGKILL");
      expect(await exited(server.child)).toEqual({ code: null, signal: "SIGKILL" });
      await Promise.all(posts);
    }
    // Most POSTs were answered (those in flight when killed may not have been).
    expect(answered).toBeGreaterThanOrEqual(PER_ROUND * (ROUNDS - ROUNDS / 5));

    const last = await startCrm("serve", env, "listening");
    procs.push(last);
    type Account = { id: string; name: string };
    type Task = { id: string; accountId: string; subject: string };
    const tally = async () => {
      const accounts = (await all<Account>("accounts")).filter((a) => a.name.startsWith("Job "));
      const tasks = await all<Task>("activities");
      return accounts.map((a) => ({ name: a.name, tasks: tasks.filter((t) => t.accountId === a.id).length }));
    };
    await expect
      .poll(async () => (await tally()).filter((a) => a.tasks !== 1), { timeout: 30_000, interval: 250 })
      .toEqual([]);
    const final = await tally();
    expect(final.length).toBeGreaterThanOrEqual(answered);
    expect(final.every((a) => a.tasks === 1)).toBe(true);
    last.child.kill("SIGTERM");
    expect(await exited(last.child)).toEqual({ code: 0, signal: null });
  }, 240_000);
});
