import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import { WebSocketServer } from "ws";
import { Connection, type Endpoint } from "./connection.js";
import { errorMessage } from "./errors.js";
import { createHttpApp, type Readiness } from "./http.js";
import { type Logger, silentLogger } from "./logger.js";
import { Metrics } from "./metrics.js";
import { removePidFile, writePidFile } from "./pidfile.js";
import { Rooms } from "./rooms.js";
import { MemoryStorage } from "./storage/memory.js";
import { SqliteStorage } from "./storage/sqlite.js";
import type { DocStorage } from "./storage/types.js";

export const DEFAULT_STATIC_DIR = fileURLToPath(new URL("../../web/dist", import.meta.url));
export const DEFAULT_MAX_FRAME_BYTES = 16 * 1024 * 1024;
export const DEFAULT_ROOM_IDLE_MS = 30_000;

export interface ServerOptions {
  /** 0 picks a free port. */
  port: number;
  host: string;
  /** SQLite file `<dataDir>/crm.sqlite`. Ignored when `storage` is given; neither → in-memory storage. */
  dataDir?: string;
  /** Storage to use; the caller keeps ownership (the server does not close it). */
  storage?: DocStorage;
  /** The built SPA; default `<repo>/web/dist`. */
  staticDir?: string;
  /** Default: silent. */
  logger?: Logger;
  /** Largest accepted frame; default env MAX_FRAME_BYTES or 16 MiB. */
  maxFrameBytes?: number;
  /** How long a room stays loaded after its last peer left; default env ROOM_IDLE_MS or 30 s. */
  roomIdleMs?: number;
  /** Keepalive ping interval; default 30 s. */
  pingIntervalMs?: number;
  /** Serve `/metrics` (with process metrics); default env METRICS, on unless `0`/`false`/`off`/`no`. */
  metrics?: boolean;
  /**
   * On close, answer `/readyz` with 503 (and refuse new WebSockets) this long before closing
   * anything, so a load balancer stops routing here first; default env SHUTDOWN_DELAY_MS or 0.
   */
  shutdownDelayMs?: number;
}

export interface RunningServer {
  /** `http://host:port` */
  url: string;
  /** `ws://host:port/sync`: the multiplexed endpoint; per-document sockets are `${wsUrl}/<docName>`. */
  wsUrl: string;
  port: number;
  storage: DocStorage;
  rooms: Rooms;
  /** Always counted; exposed on `/metrics` unless disabled. */
  metrics: Metrics;
  /** What `/readyz` answers. */
  readiness(): Readiness;
  /** Stops accepting, closes every socket (1001), unloads rooms, closes storage it opened. */
  close(): Promise<void>;
}

function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got ${raw}`);
  return n;
}

function envBool(name: string, fallback: boolean): boolean {
  const raw = process.env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === "") return fallback;
  if (["1", "true", "on", "yes"].includes(raw)) return true;
  if (["0", "false", "off", "no"].includes(raw)) return false;
  throw new Error(`${name} must be on or off (1/0, true/false), got ${process.env[name]}`);
}

function urlHost(host: string): string {
  if (host === "0.0.0.0" || host === "") return "127.0.0.1";
  if (host === "::") return "[::1]";
  return host.includes(":") ? `[${host}]` : host;
}

/** Where an upgrade request goes: the mux endpoint, one document, or nowhere (null). */
export function routeUpgrade(rawUrl: string | undefined): Endpoint | null {
  let url: URL;
  try {
    url = new URL(rawUrl ?? "/", "http://localhost");
  } catch {
    return null;
  }
  if (url.pathname === "/sync" || url.pathname === "/sync/") return { kind: "mux" };
  if (!url.pathname.startsWith("/sync/")) return null;
  let docName: string;
  try {
    docName = decodeURIComponent(url.pathname.slice("/sync/".length));
  } catch {
    docName = url.pathname.slice("/sync/".length);
  }
  return { kind: "doc", docName, ext: url.searchParams.get("ext") === "1" };
}

export async function createServer(options: ServerOptions): Promise<RunningServer> {
  const logger = options.logger ?? silentLogger;
  const maxFrameBytes = options.maxFrameBytes ?? envInt("MAX_FRAME_BYTES", DEFAULT_MAX_FRAME_BYTES);
  const metricsEnabled = options.metrics ?? envBool("METRICS", true);
  const shutdownDelayMs = options.shutdownDelayMs ?? envInt("SHUTDOWN_DELAY_MS", 0);
  const ownsStorage = !options.storage;
  const storage = options.storage ?? (options.dataDir ? new SqliteStorage(options.dataDir) : new MemoryStorage());
  // The pid file marks the data directory as in use (restore refuses); only when we opened it.
  const pidDir = ownsStorage ? options.dataDir : undefined;
  const metrics = new Metrics({ processMetrics: metricsEnabled });
  const rooms = new Rooms({
    storage,
    logger,
    metrics,
    idleMs: options.roomIdleMs ?? envInt("ROOM_IDLE_MS", DEFAULT_ROOM_IDLE_MS),
  });
  metrics.countLoadedDocuments(() => rooms.loaded().length);
  const connectionOptions = {
    rooms,
    logger,
    metrics,
    maxFrameBytes,
    maxBufferedBytes: Math.max(64 * 1024 * 1024, 4 * maxFrameBytes),
    pingIntervalMs: options.pingIntervalMs ?? 30_000,
  };
  const connections = new Set<Connection>();
  // ws refuses frames above maxPayload itself (close 1009, no `error` message); leave room above
  // our own limit so that clients get the `too-large` error and the permanent 4413.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 2 * maxFrameBytes + 1024 });
  let closing = false;
  const readiness = (): Readiness => {
    if (closing) return { ready: false, reason: "shutting down" };
    try {
      storage.ping();
    } catch (err) {
      return { ready: false, reason: `storage: ${errorMessage(err)}` };
    }
    return { ready: true };
  };
  const app = createHttpApp(options.staticDir ?? DEFAULT_STATIC_DIR, {
    readiness,
    ...(metricsEnabled ? { metrics } : {}),
  });

  let server: Server;
  const port = await new Promise<number>((resolve, reject) => {
    server = serve({ fetch: app.fetch, port: options.port, hostname: options.host }, (info: AddressInfo) =>
      resolve(info.port),
    ) as Server;
    server.once("error", reject);
  }).catch((err) => {
    if (ownsStorage) storage.close();
    throw err;
  });
  server!.on("error", (err) => logger.error("http server error", { error: errorMessage(err) }));
  if (pidDir) {
    try {
      writePidFile(pidDir);
    } catch (err) {
      logger.warn("could not write the pid file", { dataDir: pidDir, error: errorMessage(err) });
    }
  }

  server!.on("upgrade", (req, socket: Duplex, head: Buffer) => {
    socket.on("error", (err) => logger.warn("upgrade socket error", { error: errorMessage(err) }));
    try {
      const endpoint = routeUpgrade(req.url);
      if (!endpoint || closing) {
        metrics.refused(closing ? "shutting-down" : "not-found");
        socket.end(`HTTP/1.1 ${closing ? "503 Service Unavailable" : "404 Not Found"}\r\nConnection: close\r\n\r\n`);
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => {
        metrics.connectionOpened(endpoint.kind);
        const conn = new Connection(ws, endpoint, connectionOptions);
        connections.add(conn);
        ws.on("close", () => {
          connections.delete(conn);
          metrics.connectionClosed(endpoint.kind);
        });
      });
    } catch (err) {
      logger.error("upgrade failed", { error: errorMessage(err) });
      socket.destroy();
    }
  });

  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closed ??= (async () => {
      closing = true; // from here on /readyz answers 503 and new WebSockets are refused
      if (shutdownDelayMs > 0) {
        logger.info("draining before shutdown", { ms: shutdownDelayMs });
        await new Promise((r) => setTimeout(r, shutdownDelayMs));
      }
      const httpClosed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const conn of connections) conn.close(1001, "server shutting down");
      // Give clients a moment to answer the close handshake, then cut whatever is left.
      const deadline = Date.now() + 1000;
      while (connections.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await httpClosed;
      rooms.unloadAll();
      if (ownsStorage) storage.close();
      if (pidDir) removePidFile(pidDir);
    })();
    return closed;
  };

  const base = `${urlHost(options.host)}:${port}`;
  return { url: `http://${base}`, wsUrl: `ws://${base}/sync`, port, storage, rooms, metrics, readiness, close };
}
