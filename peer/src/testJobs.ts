import type { WorkspacePeer } from "./peer.js";

/*
 * A job kind for testing the machinery end to end, switched on with `PEER_TEST_JOBS=<delay ms>`
 * (never in production): every account created whose name starts with "Job " gets a follow-up
 * task, created by a job that waits `delay` ms. The consumer enqueues the job in the
 * transaction that advances its cursor; the job creates the task with an id derived from itself.
 * So across any number of crashes, each such account should get exactly one task — the SIGKILL
 * test that proves it is still to write (peer/CONTEXT.md, TODO); sync-server/src/peerHost.test.ts
 * runs it once, without crashes.
 */

export const TEST_JOB_KIND = "test.followUp";

export function registerTestJobs(peer: WorkspacePeer, delayMs: number): void {
  peer.feed.consume(
    "test.followUp",
    (changes) => {
      for (const c of changes) {
        if (c.kind !== "created" || typeof c.record.name !== "string" || !c.record.name.startsWith("Job ")) continue;
        peer.jobs.enqueueNow({
          kind: TEST_JOB_KIND,
          key: `${TEST_JOB_KIND}:${c.id}`,
          payload: { accountId: c.id, name: c.record.name },
          runAt: Date.now() + delayMs,
        });
      }
    },
    { collections: ["accounts"] },
  );
  peer.runner.register(TEST_JOB_KIND, async (job, ctx) => {
    const { accountId, name } = job.payload as { accountId: string; name: string };
    const result = await ctx.createRecord("activities", {
      kind: "task",
      subject: `Follow up ${name}`,
      relatedType: "account",
      relatedId: accountId,
      accountId,
    });
    if (!result.ok) throw new Error(`the follow-up task was refused: ${JSON.stringify(result.issues)}`);
    return { taskId: result.record.id, created: result.created };
  });
}
