import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { Duplex } from "node:stream";
import { fileURLToPath } from "node:url";
import { type MailConfig, mailConfigFromEnv, mailer, type PeerHost } from "@crm/peer";
import { CloseCode } from "@crm/protocol";
import { serve } from "@hono/node-server";
import { WebSocketServer } from "ws";
import { createApi } from "./api/index.js";
import { type AuthConfig, defaultAuthConfig } from "./auth/gate.js";
import { AuthStore } from "./auth/store.js";
import { Connection } from "./connection.js";
import { errorMessage } from "./errors.js";
import { createHttpApp, type Readiness } from "./http.js";
import { type Logger, silentLogger } from "./logger.js";
import { Metrics } from "./metrics.js";
import { PublicHosts } from "./origins.js";
import { type PeerSettings, serverPeers } from "./peerHost.js";
import { removePidFile, writePidFile } from "./pidfile.js";
import { contactPrivacy } from "./privacy.js";
import { DEFAULT_DOC_LIMITS, DOC_LIMIT_ENV, type DocLimits, DocQuotas } from "./quotas.js";
import { Rooms } from "./rooms.js";
import { MemoryStorage } from "./storage/memory.js";
import { SqliteStorage } from "./storage/sqlite.js";
import type { DocStorage } from "./storage/types.js";
import { gateUpgrade, routeUpgrade } from "./upgrade.js";

export const DEFAULT_STATIC_DIR = fileURLToPath(new URL("../../web/dist", import.meta.url));
export const DEFAULT_MAX_FRAME_BYTES = 16 * 1024 * 1024;
/** A records shard of the big workspace is ~1.6 MB, a long note well under 1 MB: 64 MiB is room. */
export const DEFAULT_MAX_DOC_BYTES = 64 * 1024 * 1024;
export const DEFAULT_ROOM_IDLE_MS = 30_000;
/**
 * A fresh device uploading a big workspace sends ~250 MB of record shards at once: the 10 s burst
 * (320 MiB) takes that; a flood beyond it is closed (4029) instead of decoded.
 */
export const DEFAULT_MAX_BYTES_PER_SECOND = 32 * 1024 * 1024;
/** Presence is a name, a colour and a caret (~200 bytes) a few times a second per open note. */
export const DEFAULT_MAX_AWARENESS_BYTES_PER_SECOND = 64 * 1024;

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
  /** Messages per second per connection (see ConnectionOptions); default env MAX_MESSAGES_PER_SECOND or 500. */
  maxMessagesPerSecond?: number;
  /** Frame bytes per second per connection (bursts of 10 s worth); default env MAX_BYTES_PER_SECOND or 32 MiB. */
  maxBytesPerSecond?: number;
  /** Awareness bytes per second per connection; default env MAX_AWARENESS_BYTES_PER_SECOND or 64 KiB. */
  maxAwarenessBytesPerSecond?: number;
  /** Largest document (encoded); default env MAX_DOC_BYTES or 64 MiB. */
  maxDocBytes?: number;
  /** Largest accepted frame; default env MAX_FRAME_BYTES or 16 MiB. */
  maxFrameBytes?: number;
  /**
   * Documents open per connection and per principal, and created per principal per hour; default
   * env MAX_DOCS_PER_CONNECTION (1000), MAX_DOCS_PER_PRINCIPAL (4000), MAX_NEW_DOCS_PER_HOUR (2000).
   */
  docLimits?: Partial<DocLimits>;
  /** How long a room stays loaded after its last peer left; default env ROOM_IDLE_MS or 30 s. */
  roomIdleMs?: number;
  /** Keepalive ping interval; default 30 s. */
  pingIntervalMs?: number;
  /**
   * Where people open the app (comma-separated origins): `/api` and WebSockets answer only to these
   * names, plus loopback names (origins.ts); default env PUBLIC_URL, else the listen address.
   */
  publicUrl?: string;
  /** Serve `/metrics` (with process metrics); default env METRICS, on unless `0`/`false`/`off`/`no`. */
  metrics?: boolean;
  /**
   * On close, answer `/readyz` with 503 (and refuse new WebSockets) this long before closing
   * anything, so a load balancer stops routing here first; default env SHUTDOWN_DELAY_MS or 0.
   */
  shutdownDelayMs?: number;
  /**
   * Sign-in and access control (default: on, with the people and sessions stored next to the
   * documents). "off" serves every document to anyone — only for tests of the sync protocol itself.
   */
  auth?: "off" | { store?: AuthStore; config?: Partial<AuthConfig> };
  /**
   * The automation peer (@crm/peer) in this process, one per workspace, and the REST API over
   * records at `/api/v1` it serves (needs sign-in on). Off unless given; `serve` turns it on unless PEER=off
   * (env PEER, PEER_JOBS, PEER_DIR). `dir` defaults to `<dataDir>/peer`.
   */
  peer?: PeerSettings;
  /**
   * Outgoing mail (invites, password reset; the peer's mail subsystem): default `peer.mail`, else
   * the environment (SMTP_URL, MAIL_FROM, DKIM_*, MAIL_RATE_PER_SEC). Sent by the process that
   * runs jobs.
   */
  mail?: MailConfig;
}

export interface RunningServer {
  /** `http://host:port` */
  url: string;
  /** `ws://host:port/sync`: the multiplexed endpoint; per-document sockets are `${wsUrl}/<docName>`. */
  wsUrl: string;
  port: number;
  storage: DocStorage;
  rooms: Rooms;
  /** People, workspaces, sessions, tokens and the audit log; absent with `auth: "off"`. */
  auth?: AuthStore;
  /** The workspaces' automation peers, when the server runs them (`options.peer`). */
  peers?: PeerHost;
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

/** The document quotas from the environment (quotas.ts); each at least 1. */
export function docLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): DocLimits {
  const limit = (key: keyof DocLimits) => {
    const name = DOC_LIMIT_ENV[key];
    const raw = env[name];
    if (raw === undefined || raw === "") return DEFAULT_DOC_LIMITS[key];
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got ${raw}`);
    return n;
  };
  return {
    perConnection: limit("perConnection"),
    perPrincipal: limit("perPrincipal"),
    newPerHour: limit("newPerHour"),
  };
}

function envBool(name: string, fallback: boolean): boolean {
  const raw = process.env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === "") return fallback;
  if (["1", "true", "on", "yes"].includes(raw)) return true;
  if (["0", "false", "off", "no"].includes(raw)) return false;
  throw new Error(`${name} must be on or off (1/0, true/false), got ${process.env[name]}`);
}

/** The access-control settings from the environment (documented in cli.ts and the README). */
export function authConfigFromEnv(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  /** An env var in hours, as milliseconds. */
  const hours = (name: string, fallbackMs: number) => {
    const raw = env[name];
    if (raw === undefined || raw === "") return fallbackMs;
    const n = Number(raw);
    if (!(n > 0)) throw new Error(`${name} must be a positive number of hours, got ${raw}`);
    return n * 3600_000;
  };
  const secure = env.COOKIE_SECURE?.trim().toLowerCase();
  return {
    sessionTtlMs: hours("SESSION_TTL_HOURS", defaultAuthConfig.sessionTtlMs),
    inviteTtlMs: hours("INVITE_TTL_HOURS", defaultAuthConfig.inviteTtlMs),
    trustedProxies: envInt("TRUST_PROXY", 0),
    allowedOrigins: (env.ALLOWED_ORIGINS ?? "")
      .split(",")
      .map((o) => o.trim().replace(/\/$/, ""))
      .filter(Boolean),
    secureCookies: !secure || secure === "auto" ? "auto" : envBool("COOKIE_SECURE", true),
    loginLimitPerAccount: envInt("LOGIN_LIMIT_PER_ACCOUNT", defaultAuthConfig.loginLimitPerAccount),
    loginLimitPerAddress: envInt("LOGIN_LIMIT_PER_IP", defaultAuthConfig.loginLimitPerAddress),
    loginWindowMs: defaultAuthConfig.loginWindowMs,
  };
}

function urlHost(host: string): string {
  if (host === "0.0.0.0" || host === "") return "127.0.0.1";
  if (host === "::") return "[::1]";
  return host.includes(":") ? `[${host}]` : host;
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
    maxDocBytes: options.maxDocBytes ?? envInt("MAX_DOC_BYTES", DEFAULT_MAX_DOC_BYTES),
  });
  metrics.countLoadedDocuments(() => rooms.loaded().length);
  const authOptions = options.auth === "off" ? undefined : (options.auth ?? {});
  const ownsAuth = authOptions !== undefined && !authOptions.store;
  const auth = authOptions ? (authOptions.store ?? new AuthStore(options.dataDir)) : undefined;
  const authConfig: AuthConfig = { ...authConfigFromEnv(), ...(authOptions?.config ?? {}) };
  const connectionOptions = {
    rooms,
    logger,
    metrics,
    maxFrameBytes,
    maxBufferedBytes: Math.max(64 * 1024 * 1024, 4 * maxFrameBytes),
    maxMessagesPerSecond: options.maxMessagesPerSecond ?? envInt("MAX_MESSAGES_PER_SECOND", 500),
    maxBytesPerSecond: options.maxBytesPerSecond ?? envInt("MAX_BYTES_PER_SECOND", DEFAULT_MAX_BYTES_PER_SECOND),
    maxAwarenessBytesPerSecond:
      options.maxAwarenessBytesPerSecond ??
      envInt("MAX_AWARENESS_BYTES_PER_SECOND", DEFAULT_MAX_AWARENESS_BYTES_PER_SECOND),
    quotas: new DocQuotas({ ...docLimitsFromEnv(), ...options.docLimits }),
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
  const hosts = new PublicHosts(options.publicUrl ?? process.env.PUBLIC_URL);
  const peerSettings = auth && options.peer?.enabled ? options.peer : undefined;
  const peerDir = peerSettings && (peerSettings.dir ?? (options.dataDir ? join(options.dataDir, "peer") : undefined));
  if (peerSettings && !peerDir) throw new Error("the automation peer needs a directory: peer.dir or dataDir");
  const mailConfig = options.mail ?? options.peer?.mail ?? mailConfigFromEnv();
  const mail = auth ? mailer(auth.db, mailConfig) : undefined;
  const peers =
    peerSettings && auth
      ? serverPeers(
          auth,
          authConfig,
          {
            ...peerSettings,
            mail: mailConfig,
            dir: peerDir!,
            ...((options.publicUrl ?? process.env.PUBLIC_URL)
              ? { publicUrl: options.publicUrl ?? process.env.PUBLIC_URL }
              : {}),
          },
          logger,
        )
      : null;
  const app = createHttpApp(options.staticDir ?? DEFAULT_STATIC_DIR, {
    ...(peers ? { apiV1: peers.api, mcp: peers.mcp, chat: peers.chat } : {}),
    readiness,
    hosts,
    trustedProxies: authConfig.trustedProxies,
    ...(metricsEnabled ? { metrics } : {}),
    ...(auth
      ? {
          api: createApi(auth, authConfig, {
            privacy: contactPrivacy(storage, rooms),
            ...(mail ? { mail: { mailer: mail, publicUrl: options.publicUrl ?? process.env.PUBLIC_URL } } : {}),
          }),
        }
      : {}),
  });

  // Access changes reach open sockets at once: signed out or token revoked → 4401; removed from a
  // workspace → 4403; another role → 4100, and the client reconnects with its new rights.
  auth?.onAccessChange((change) => {
    for (const conn of connections) {
      const p = conn.access?.principal;
      if (!p) continue;
      if (change.kind === "session-revoked" && p.kind === "user" && p.sessionHash === change.sessionHash)
        conn.close(CloseCode.unauthorized, "signed out");
      else if (change.kind === "token-revoked" && p.kind === "token" && p.tokenId === change.tokenId)
        conn.close(CloseCode.unauthorized, "token revoked");
      else if (change.kind === "member-changed" && p.kind === "user" && p.userId === change.userId) {
        if (auth.roleOf(p.userId, change.workspaceId))
          conn.close(CloseCode.accessChanged, "your role changed; reconnect");
        else if (conn.usesWorkspace(change.workspaceId)) conn.close(CloseCode.forbidden, "removed from the workspace");
        else conn.recheck();
      }
    }
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
  hosts.listening(options.host, port);
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
      const route = routeUpgrade(req.url);
      if (!route || closing) {
        metrics.refused(closing ? "shutting-down" : "not-found");
        socket.end(`HTTP/1.1 ${closing ? "503 Service Unavailable" : "404 Not Found"}\r\nConnection: close\r\n\r\n`);
        return;
      }
      const { endpoint, version } = route;
      const gate = gateUpgrade(req, endpoint, version, { hosts, ...(auth ? { auth } : {}), authConfig });
      const refusal = "refusal" in gate ? gate.refusal : undefined;
      const access = "access" in gate ? gate.access : undefined;
      wss.handleUpgrade(req, socket, head, (ws) => {
        if (refusal) {
          metrics.refused(refusal.metric);
          ws.close(refusal.code, refusal.reason);
          return;
        }
        metrics.connectionOpened(endpoint.kind);
        const conn = new Connection(ws, endpoint, connectionOptions, access);
        connections.add(conn);
        const expiresAt = access?.principal.expiresAt;
        const expiry =
          expiresAt != null
            ? setTimeout(
                () => conn.close(CloseCode.unauthorized, "session expired"),
                Math.min(Math.max(expiresAt - Date.now(), 0), 2 ** 31 - 1),
              )
            : undefined;
        expiry?.unref();
        ws.on("close", () => {
          clearTimeout(expiry);
          connections.delete(conn);
          metrics.connectionClosed(endpoint.kind);
        });
      });
    } catch (err) {
      logger.error("upgrade failed", { error: errorMessage(err) });
      socket.destroy();
    }
  });

  const base = `${urlHost(options.host)}:${port}`;
  // The peer is a client of this server like any other, over a real socket (see @crm/peer).
  const peerHost = peers?.start(`ws://${base}/sync`);

  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closed ??= (async () => {
      closing = true; // from here on /readyz answers 503 and new WebSockets are refused
      if (shutdownDelayMs > 0) {
        logger.info("draining before shutdown", { ms: shutdownDelayMs });
        await new Promise((r) => setTimeout(r, shutdownDelayMs));
      }
      // The peers first: their writes in flight are answered while the server still runs.
      await peerHost?.close();
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
      if (ownsAuth) auth?.close();
      if (pidDir) removePidFile(pidDir);
    })();
    return closed;
  };

  return {
    url: `http://${base}`,
    wsUrl: `ws://${base}/sync`,
    port,
    storage,
    rooms,
    ...(auth ? { auth } : {}),
    ...(peerHost ? { peers: peerHost } : {}),
    metrics,
    readiness,
    close,
  };
}
