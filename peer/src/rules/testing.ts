import { isDeepStrictEqual } from "node:util";
import { type Rule, settingsDocName, writeRule } from "@crm/schema";
import type { MuxClient } from "@crm/sync-server/net";
import { silentLogger } from "../logger.js";
import type { WorkspacePeer } from "../peer.js";
import type { PeerWorld } from "../testing.js";
import { waitUntil } from "../testing.js";
import { attachRules, type RulesEngine } from "./engine.js";

/*
 * Test helpers for rules: an admin "browser" writing rules into the settings document, and a peer
 * with the engine attached (scans run by the test, not a timer) and stand-in handlers for the job
 * kinds other features own (`notify`, `webhook.event`) that record what they were asked.
 */

export interface RulesWorld {
  peer: WorkspacePeer;
  engine: RulesEngine;
  /** Payloads the stand-in `notify` and `webhook.event` handlers received, with their job keys. */
  sent: { kind: string; key: string; payload: Record<string, unknown> }[];
}

export async function rulesPeer(world: PeerWorld, options: { scanMs?: number } = {}): Promise<RulesWorld> {
  const peer = world.peer({ runJobs: true });
  const sent: RulesWorld["sent"] = [];
  const engine = attachRules(
    peer,
    { shared: world.server.auth!.db, runJobs: true, logger: silentLogger },
    { scanMs: options.scanMs ?? 3_600_000 },
  );
  for (const kind of ["notify", "webhook.event"])
    peer.runner.register(kind, async (job) => {
      sent.push({ kind, key: job.key, payload: job.payload as Record<string, unknown> });
    });
  peer.start();
  await peer.ready();
  return { peer, engine, sent };
}

/** Stores rules as an admin's browser would, and waits until the peer has them. */
export async function saveRules(admin: MuxClient, world: PeerWorld, peer: WorkspacePeer, ...rules: Rule[]) {
  const name = settingsDocName(world.workspace);
  if (!admin.docs.has(name)) {
    admin.subscribe(name);
    await admin.waitSynced(name);
  }
  for (const rule of rules) {
    const r = writeRule(admin.doc(name), rule, peer.settings());
    if (!r.ok) throw new Error(`rule ${rule.id} refused: ${JSON.stringify(r.issues)}`);
  }
  await admin.waitPersisted(name);
  await waitUntil("the peer has the rules", () =>
    rules.every((r) =>
      isDeepStrictEqual(
        peer.rules().find((x) => x.id === r.id),
        { ...r, builtIn: r.builtIn ?? false },
      ),
    ),
  );
}
