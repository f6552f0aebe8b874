import type Database from "better-sqlite3";
import type { ApiExtension } from "../api/app.js";
import type { Logger } from "../logger.js";
import type { WorkspacePeer } from "../peer.js";
import { loggingAddresses } from "./logging.js";
import { loggingRoutes } from "./loggingRoutes.js";
import { INBOUND_JOB, registerInboundJobs } from "./process.js";
import { inboundRoutes } from "./routes.js";
import { INBOUND_DEFAULTS, type InboundSettings } from "./settings.js";
import { InboundSpool, inboundSpool } from "./spool.js";

/*
 * Email in (issue 13; peer/CONTEXT.md, "Inbound mail"): the SMTP listener (smtp.ts, started by
 * the process holding the jobs lease), the provider webhook and the attachment route
 * (routes.ts), the spool in the shared database (spool.ts), and on each jobs-running peer the
 * `inbound.message` job (process.ts) fed by a sweeper of its workspace's spooled messages.
 */

export {
  type LoggingAddress,
  LoggingAddresses,
  loggingAddress,
  loggingAddresses,
  loggingTokenOf,
} from "./logging.js";
export { automatedReason } from "./loops.js";
export { INBOUND_JOB, processMessage } from "./process.js";
export { sanitizeMailHtml } from "./sanitize.js";
export {
  INBOUND_DEFAULTS,
  type InboundSettings,
  inboundSettingsFromEnv,
  supportAddress,
  workspaceOfAddress,
} from "./settings.js";
export { type InboundListener, startInboundListener } from "./smtp.js";
export { InboundSpool, inboundSpool } from "./spool.js";

const SWEEP_MS = 1000;

/**
 * The job handler and the sweeper: every second (at once when this process spooled a message for
 * the workspace) each message of the workspace still `new` gets its job, keyed by the spool id —
 * enqueuing again is a no-op, so a message spooled by another process (the API beside a worker),
 * or whose job was never queued because the process died right after the 250, is picked up.
 */
export function attachInbound(
  peer: WorkspacePeer,
  env: {
    shared: Database.Database;
    logger: Logger;
    inbound?: Pick<InboundSettings, "attachmentMaxBytes" | "domain">;
    roleOf?(userId: string, workspace: string): unknown;
  },
): void {
  const spool = inboundSpool(env.shared);
  const roleOf = env.roleOf;
  registerInboundJobs(peer, {
    spool,
    attachments: { maxBytes: env.inbound?.attachmentMaxBytes ?? 10 * 2 ** 20 },
    logger: env.logger,
    logging: {
      domain: env.inbound?.domain ?? INBOUND_DEFAULTS.domain,
      addresses: loggingAddresses(env.shared),
      isMember: (user, ws) => (roleOf ? roleOf(user, ws) !== undefined : true),
    },
  });
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const sweep = () => {
    if (stopped) return;
    if (!peer.db.open) {
      stop();
      return;
    }
    try {
      for (const id of spool.pending(peer.workspace)) {
        const { job } = peer.jobs.enqueueNow({
          kind: INBOUND_JOB,
          key: `inbound:${id}`,
          payload: { spoolId: id },
          maxAttempts: 8,
        });
        if (job.state === "dead") spool.finish(id, "failed", { error: job.lastError });
      }
    } catch (err) {
      env.logger.error("inbound: sweep failed", { workspace: peer.workspace, error: String(err) });
    }
  };
  const tick = () => {
    timer = null;
    sweep();
    if (stopped) return;
    timer = setTimeout(tick, SWEEP_MS);
    timer.unref?.();
  };
  const off = InboundSpool.onSpooled((ws) => {
    if (ws === peer.workspace) sweep();
  });
  const stop = () => {
    stopped = true;
    off();
    if (timer) clearTimeout(timer);
  };
  timer = setTimeout(tick, 0);
  timer.unref?.();
}

/** `/api/v1/inbound/…`: the provider webhook, attachment downloads, members' logging addresses. */
export function inboundApi(env: {
  shared: Database.Database;
  inbound?: Pick<InboundSettings, "maxBytes" | "rateLimit" | "rateWindowMs" | "domain">;
}): ApiExtension {
  const logging = {
    domain: env.inbound?.domain ?? INBOUND_DEFAULTS.domain,
    addresses: loggingAddresses(env.shared),
  };
  const routes = inboundRoutes({
    spool: inboundSpool(env.shared),
    maxBytes: env.inbound?.maxBytes ?? 25 * 2 ** 20,
    ...(env.inbound ? { rateLimit: env.inbound.rateLimit, rateWindowMs: env.inbound.rateWindowMs } : {}),
    logging,
  });
  const addresses = loggingRoutes(logging);
  return (api, kit) => {
    routes(api, kit);
    addresses(api, kit);
  };
}
