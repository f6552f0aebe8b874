import { existsSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import type { PeerHost } from "@crm/peer";
import { mailConfigFromEnv } from "@crm/peer";
import { AuthStore } from "./auth/store.js";
import { errorMessage } from "./errors.js";
import { jsonLogger, type Logger, parseLogLevel } from "./logger.js";
import { JobsLease, peerSettingsFromEnv, startPeerHost } from "./peerHost.js";

/*
 * `crm-server worker`: the automation peers as their own process, running the jobs (rules'
 * actions, webhook deliveries, notifications) of every workspace of DATA_DIR while the server
 * beside it runs with `PEER_JOBS=off` and only answers `/api/v1`. The worker is a sync client of
 * that server like a browser (SYNC_URL), so it needs nothing of the server but its URL and the
 * shared database (tokens of the automation role, the jobs lease, the features' shared tables).
 *
 * Its peers have their own files (default `DATA_DIR/worker`, never the server's `DATA_DIR/peer`:
 * each process's projection and job queue are its own). It refuses to start while another live
 * process holds the jobs lease — two runners would each do every piece of work.
 */

export class WorkerRefused extends Error {}

export interface RunningWorker {
  host: PeerHost;
  close(): Promise<void>;
}

/** `SYNC_URL` (http(s):// or ws(s)://, with or without /sync) → the multiplexed endpoint. */
export function syncEndpoint(raw: string): string {
  const url = new URL(raw);
  if (url.protocol === "http:") url.protocol = "ws:";
  else if (url.protocol === "https:") url.protocol = "wss:";
  else if (url.protocol !== "ws:" && url.protocol !== "wss:")
    throw new WorkerRefused(`SYNC_URL must be an http(s) or ws(s) URL, got ${raw}`);
  if (!url.pathname.endsWith("/sync")) url.pathname = `${url.pathname.replace(/\/$/, "")}/sync`;
  return url.toString();
}

export async function startWorker(env: NodeJS.ProcessEnv = process.env, logger?: Logger): Promise<RunningWorker> {
  const log = logger ?? jsonLogger(process.stdout, parseLogLevel(env.LOG_LEVEL));
  const dataDir = resolve(env.DATA_DIR || "./data");
  if (!existsSync(join(dataDir, "crm.sqlite")))
    throw new WorkerRefused(`no database in ${dataDir}: start the server (crm-server serve) on this DATA_DIR first`);
  const settings = peerSettingsFromEnv(env);
  if (!settings.enabled) throw new WorkerRefused("PEER=off: there is no automation peer to run");
  const syncUrl = syncEndpoint(env.SYNC_URL || `http://127.0.0.1:${env.PORT || 8787}`);
  const dir = resolve(env.WORKER_DIR || join(dataDir, "worker"));
  mkdirSync(dir, { recursive: true });

  const store = new AuthStore(dataDir);
  const lease = new JobsLease(store, "worker");
  const taken = lease.take();
  if (!taken.ok) {
    store.close();
    throw new WorkerRefused(
      `another process runs the jobs of ${dataDir} (${taken.holder}); start the server with PEER_JOBS=off, ` +
        "stop the other worker, or wait 30 s after it died",
    );
  }
  const host = startPeerHost(
    store,
    { ...settings, mail: mailConfigFromEnv(env), runJobs: true, dir },
    log,
    syncUrl,
    "worker",
    () => lease.release(),
  );
  log.info("worker started", { dataDir, dir, syncUrl, pid: process.pid });
  let closed: Promise<void> | undefined;
  return {
    host,
    close: () => {
      closed ??= host.close().finally(() => store.close());
      return closed;
    },
  };
}

/** The `worker` command: runs until SIGTERM/SIGINT, then closes its peers and exits 0. */
export async function workerFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const logger = jsonLogger(process.stdout, parseLogLevel(env.LOG_LEVEL));
  process.on("unhandledRejection", (reason) => {
    logger.error("unhandled rejection", { error: errorMessage(reason) });
  });
  // The handlers are in place before "worker started" is logged: whoever waits for that line may
  // stop the worker at once, and must get a clean stop (the lease released), not a killed process.
  const started = startWorker(env, logger);
  const stop = (signal: string) => {
    logger.info("stopping", { signal });
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    started
      .then((worker) => worker.close())
      .then(
        () => {
          logger.info("stopped");
          process.exit(0);
        },
        (err) => {
          logger.error("shutdown failed", { error: errorMessage(err) });
          process.exit(1);
        },
      );
  };
  const onTerm = () => stop("SIGTERM");
  const onInt = () => stop("SIGINT");
  process.once("SIGTERM", onTerm);
  process.once("SIGINT", onInt);
  try {
    await started;
  } catch (err) {
    process.off("SIGTERM", onTerm);
    process.off("SIGINT", onInt);
    throw err;
  }
}
