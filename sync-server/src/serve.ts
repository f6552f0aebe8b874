import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { mailConfigFromEnv } from "@crm/peer";
import { createServer, type RunningServer } from "./app.js";
import { errorMessage } from "./errors.js";
import { jsonLogger, type Logger, parseLogLevel } from "./logger.js";
import { peerSettingsFromEnv } from "./peerHost.js";

/**
 * `crm-server serve` / `tsx sync-server/src/main.ts`: configuration from the environment (see
 * `ENVIRONMENT` in cli.ts). Logs JSON lines on stdout; SIGTERM/SIGINT turn `/readyz` to 503,
 * wait SHUTDOWN_DELAY_MS, stop accepting, close the sockets and the database, and exit 0.
 */
export async function serveFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<RunningServer> {
  const logger: Logger = jsonLogger(process.stdout, parseLogLevel(env.LOG_LEVEL));
  process.on("uncaughtException", (err) => {
    logger.error("uncaught exception", { error: errorMessage(err), stack: err.stack });
  });
  process.on("unhandledRejection", (reason) => {
    logger.error("unhandled rejection", { error: errorMessage(reason) });
  });

  const port = env.PORT ? Number(env.PORT) : 8787;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, got ${env.PORT}`);
  const host = env.HOST || "127.0.0.1";
  const dataDir = resolve(env.DATA_DIR || "./data");
  mkdirSync(dataDir, { recursive: true });

  const server = await createServer({
    port,
    host,
    dataDir,
    logger,
    // The automation peer runs in this process unless PEER=off (PEER_JOBS=off leaves its jobs to
    // another process holding the jobs lease).
    peer: peerSettingsFromEnv(env),
    mail: mailConfigFromEnv(env),
    ...(env.STATIC_DIR ? { staticDir: resolve(env.STATIC_DIR) } : {}),
  });
  logger.info("listening", { url: server.url, dataDir, pid: process.pid });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info("stopping", { signal });
    const force = setTimeout(
      () => {
        logger.error("shutdown took too long; exiting");
        process.exit(1);
      },
      10_000 + (Number(env.SHUTDOWN_DELAY_MS) || 0),
    );
    force.unref();
    server.close().then(
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
  process.once("SIGTERM", () => stop("SIGTERM"));
  process.once("SIGINT", () => stop("SIGINT"));
  return server;
}
