import type { IncomingMessage } from "node:http";
import { hostname } from "node:os";
import { resolve } from "node:path";
import {
  apiExtensions,
  attachFeatures,
  type ChatLimits,
  createChatEndpoint,
  type InboundListener,
  type InboundSettings,
  inboundSettingsFromEnv,
  inboundSpool,
  loggingAddresses,
  loggingTokenOf,
  logMailConfig,
  type MailConfig,
  mailConfigFromEnv,
  mailer,
  PeerHost,
  startInboundListener,
} from "@crm/peer";
import { type ApiCaller, createRestApi, ProblemException } from "@crm/peer/api";
import { createMcpEndpoint } from "@crm/peer/mcp";
import { AUTOMATION_ROLE, documentNumber } from "@crm/schema";
import type { Context, Hono } from "hono";
import { getCookie } from "hono/cookie";
import { type AuthConfig, originAllowed, resolvePrincipal, SESSION_COOKIE } from "./auth/gate.js";
import { clientAddress } from "./auth/ratelimit.js";
import type { AuthStore } from "./auth/store.js";
import type { Logger } from "./logger.js";
import { NumberSequences } from "./sequences.js";

/*
 * Where the server meets the automation peer (@crm/peer): the peers' service identity (tokens of
 * the `automation` role, minted through the auth store like any token), the REST API's caller
 * (a service token or the session cookie) and the quote/order numbers it hands out. Used by
 * `createServer` (the peer in-process, the default of `npm start`) and by `crm-server worker`
 * (the peer as its own process).
 */

export interface PeerSettings {
  /** Run peers at all: on by default (`PEER=off` runs the sync server alone). */
  enabled: boolean;
  /** Run jobs in them; off when a `crm-server worker` runs the jobs. */
  runJobs: boolean;
  /** Their files; default `<DATA_DIR>/peer`. */
  dir?: string;
  /** `PEER_TEST_JOBS`: register the test job kind with this delay (tests only). */
  testJobsDelayMs?: number;
  /** Requests per caller per minute on `/api/v1`; default env API_RATE_LIMIT or 600. */
  apiRateLimit?: number;
  /** `PEER_HOT_MIB`: decoded shards a peer keeps in memory (MiB; the peer's default otherwise). */
  hotMiB?: number;
  /** The mail subsystem's settings (`mailConfigFromEnv`: SMTP_URL, MAIL_FROM, DKIM_*, MAIL_RATE_PER_SEC); default: this process's environment. */
  mail?: MailConfig;
  /** Inbound mail (`INBOUND_*`): the SMTP listener runs where the jobs run, when a port is set. */
  inbound?: InboundSettings;
  /** PUBLIC_URL: where links in mail (surveys) point; default the server's own address. */
  publicUrl?: string;
  /** The features' clock (surveys' 24 h window); tests inject one. Default Date.now. */
  clock?: () => number;
  /** The chat widget's limits (`CHAT_MESSAGES_PER_MINUTE`, `CHAT_STARTS_PER_HOUR`); defaults 20 and 5. */
  chatLimits?: Partial<ChatLimits>;
}

/** The peer settings from the environment (documented in cli.ts and the README). */
export function peerSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): PeerSettings {
  const flag = (name: string, fallback: boolean) => {
    const raw = env[name]?.trim().toLowerCase();
    if (!raw) return fallback;
    if (["1", "on", "true", "yes"].includes(raw)) return true;
    if (["0", "off", "false", "no"].includes(raw)) return false;
    throw new Error(`${name} must be on or off, got ${env[name]}`);
  };
  const int = (name: string) => {
    const raw = env[name];
    if (raw === undefined || raw === "") return undefined;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got ${raw}`);
    return n;
  };
  const testJobs = int("PEER_TEST_JOBS");
  const rate = int("API_RATE_LIMIT");
  const hot = int("PEER_HOT_MIB");
  const chatMessages = int("CHAT_MESSAGES_PER_MINUTE");
  const chatStarts = int("CHAT_STARTS_PER_HOUR");
  return {
    enabled: flag("PEER", true),
    runJobs: flag("PEER_JOBS", true),
    ...(env.PEER_DIR ? { dir: resolve(env.PEER_DIR) } : {}),
    ...(testJobs !== undefined ? { testJobsDelayMs: testJobs } : {}),
    ...(rate !== undefined ? { apiRateLimit: rate } : {}),
    ...(hot !== undefined ? { hotMiB: hot } : {}),
    inbound: inboundSettingsFromEnv(env),
    ...(chatMessages !== undefined || chatStarts !== undefined
      ? {
          chatLimits: {
            ...(chatMessages !== undefined ? { messagesPerMinute: chatMessages } : {}),
            ...(chatStarts !== undefined ? { chatsPerHour: chatStarts } : {}),
          },
        }
      : {}),
  };
}

/** Every workspace's id, from the auth store. */
export function workspaceIds(store: AuthStore): string[] {
  return (store.db.prepare("SELECT id FROM auth_workspaces ORDER BY id").pluck().all() as string[]).filter(Boolean);
}

/**
 * Tokens of the `automation` role, one per workspace and process kind (`label`: "server" or
 * "worker"), minted when first needed and again when the server refused the last one. The token
 * a previous run of the same label left behind is revoked when a new one is minted, so the Team
 * page lists one per label, named for it.
 */
export function automationTokens(store: AuthStore, label: string) {
  const tokens = new Map<string, string>();
  const name = `Automation peer (${label} on ${hostname()})`;
  return (workspace: string, fresh: boolean): string => {
    const known = tokens.get(workspace);
    if (known && !fresh) return known;
    for (const t of store.tokens(workspace))
      if (t.role === AUTOMATION_ROLE && t.name === name && !t.revokedAt) store.revokeToken(workspace, t.id);
    const { token } = store.mintToken({ workspaceId: workspace, role: AUTOMATION_ROLE, name, createdBy: "system" });
    tokens.set(workspace, token);
    return token;
  };
}

/**
 * The caller of an `/api/v1` request: `Authorization: Bearer crm_…` (a service token: its
 * workspace and role), or the session cookie (the app; the workspace from the `CRM-Workspace`
 * header, or the person's only workspace). Requests from another origin are refused as on `/api`.
 */
export function apiAuthenticator(store: AuthStore, config: AuthConfig) {
  return (c: Context): ApiCaller | undefined => {
    if (!originAllowed(c.req.header("origin"), c.req.header("host"), config.allowedOrigins))
      throw new ProblemException(403, "forbidden", "requests from this origin are not allowed (ALLOWED_ORIGINS)");
    const header = c.req.header("authorization");
    if (header !== undefined) {
      const bearer = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
      const p = bearer ? resolvePrincipal(store, { token: bearer }) : undefined;
      if (p?.kind !== "token")
        throw new ProblemException(401, "unauthorized", "the token is unknown, expired or revoked");
      return { workspace: p.workspaceId, role: p.role, actor: `token:${p.tokenId}`, key: `token:${p.tokenId}` };
    }
    const secret = getCookie(c, SESSION_COOKIE);
    if (!secret) return undefined;
    const p = resolvePrincipal(store, { sessionSecret: secret });
    if (p?.kind !== "user") throw new ProblemException(401, "unauthorized", "the session has ended: sign in again");
    let workspace = c.req.header("crm-workspace");
    if (!workspace) {
      const memberships = store.memberships(p.userId);
      if (memberships.length !== 1)
        throw new ProblemException(400, "bad-request", "name the workspace in the CRM-Workspace header", [
          { field: "CRM-Workspace", code: "required", message: "the id of one of your workspaces" },
        ]);
      workspace = memberships[0]!.workspaceId;
    }
    const role = store.roleOf(p.userId, workspace);
    if (!role) throw new ProblemException(404, "not-found", "no such workspace");
    return { workspace, role, actor: p.userId, key: `user:${p.userId}` };
  };
}

export interface ServerPeers {
  host: PeerHost;
  api: Hono;
}

/** The peer host, `/api/v1` and `/mcp` of a server; `syncUrl` is known once it listens (`start`). */
export function serverPeers(
  store: AuthStore,
  config: AuthConfig,
  settings: PeerSettings & { dir: string },
  logger: Logger,
): { api: Hono; mcp: Hono; chat: Hono; start(syncUrl: string): PeerHost } {
  let host: PeerHost | undefined;
  const sequences = new NumberSequences(store.db);
  const authenticate = apiAuthenticator(store, config);
  const api = createRestApi({
    peer: (ws) => host?.peer(ws),
    authenticate,
    logger,
    extensions: apiExtensions({
      shared: store.db,
      logger,
      roleOf: (user, ws) => store.roleOf(user, ws),
      ...(settings.mail ? { mail: settings.mail } : {}),
      ...(settings.inbound ? { inbound: settings.inbound } : {}),
      ...(settings.clock ? { clock: settings.clock } : {}),
    }),
    ...(settings.apiRateLimit ? { rateLimitPerMinute: settings.apiRateLimit } : {}),
    allocateNumber: (ws, collection) => {
      const kind = collection === "quotes" ? "quote" : "order";
      const { first } = sequences.allocate(ws, kind, { count: 1, atLeast: 0 });
      return documentNumber(kind === "quote" ? "Q" : "O", first);
    },
  });
  const mcp = createMcpEndpoint({
    rest: api,
    peer: (ws) => host?.peer(ws),
    authenticate,
    logger,
    ...(settings.apiRateLimit ? { rateLimitPerMinute: settings.apiRateLimit } : {}),
  });
  const chat = createChatEndpoint({
    peer: (ws) => host?.peer(ws),
    authenticate,
    shared: store.db,
    ipOf: (c) =>
      clientAddress(
        (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.socket.remoteAddress,
        c.req.header("x-forwarded-for"),
        config.trustedProxies,
      ),
    nameOf: (userId) => store.user(userId)?.name,
    logger,
    ...(settings.chatLimits ? { limits: settings.chatLimits } : {}),
  });
  return {
    api,
    mcp,
    chat,
    start(syncUrl) {
      let runJobs = settings.runJobs;
      const lease = new JobsLease(store, "server");
      if (runJobs) {
        const taken = lease.take();
        if (!taken.ok) {
          runJobs = false;
          logger.warn("not running jobs: another process runs them", { holder: taken.holder });
        }
      }
      host = startPeerHost(store, { ...settings, runJobs }, logger, syncUrl, "server", () => lease.release());
      return host;
    },
  };
}

/** A started PeerHost for every workspace of the store. */
export function startPeerHost(
  store: AuthStore,
  settings: PeerSettings & { dir: string },
  logger: Logger,
  syncUrl: string,
  label: string,
  onClosed?: () => void,
): PeerHost {
  // Mail is sent by the process that runs jobs (the queue is the shared database's: the server
  // enqueues invites and resets whichever process sends them).
  const mail = mailer(store.db, settings.mail ?? mailConfigFromEnv());
  if (settings.runJobs) logMailConfig(mail.config, logger);
  const sender = settings.runJobs ? mail.startSending({ logger }) : null;
  // Only the process running the jobs listens for mail: it is the one that files it.
  let listener: Promise<InboundListener | undefined> | undefined;
  const inbound = settings.inbound;
  if (settings.runJobs && inbound?.port !== undefined) {
    const port = inbound.port;
    listener = startInboundListener({
      settings: { ...inbound, port },
      spool: inboundSpool(store.db),
      workspaceExists: (ws) => workspaceIds(store).includes(ws),
      loggingWorkspace: (address) => {
        const token = loggingTokenOf(address, inbound.domain);
        const found = token ? loggingAddresses(store.db).lookup(token) : undefined;
        return found && store.roleOf(found.userId, found.workspace) ? found.workspace : undefined;
      },
      logger,
    }).catch((err) => {
      logger.error("inbound smtp could not listen", { port, error: String(err) });
      return undefined;
    });
  }
  const closed = () => {
    const done = listener ? listener.then((l) => l?.close()) : Promise.resolve();
    return done.finally(() => onClosed?.());
  };
  const host = new PeerHost({
    onClosed: () => {
      void closed();
    },
    ...(sender ? { onClosing: () => sender.stop() } : {}),
    dir: settings.dir,
    syncUrl,
    token: automationTokens(store, label),
    workspaces: () => workspaceIds(store),
    runJobs: settings.runJobs,
    newWorkspaces: { isNew: (ws) => store.isNewToPeer(ws), done: (ws) => store.seenByPeer(ws) },
    logger,
    ...(settings.hotMiB !== undefined ? { peerOptions: { hotBudgetBytes: settings.hotMiB * 2 ** 20 } } : {}),
    onPeer: (peer) =>
      attachFeatures(peer, {
        shared: store.db,
        roleOf: (user, ws) => store.roleOf(user, ws),
        runJobs: settings.runJobs,
        logger,
        mail: mail.config,
        ...(inbound ? { inbound } : {}),
        publicUrl: settings.publicUrl ?? process.env.PUBLIC_URL ?? syncUrl.replace(/^ws/, "http"),
        ...(settings.clock ? { clock: settings.clock } : {}),
        ...(settings.testJobsDelayMs !== undefined ? { testJobsDelayMs: settings.testJobsDelayMs } : {}),
      }),
  });
  host.start();
  return host;
}

/**
 * A holder on this machine whose process no longer exists (killed, crashed): its lease is free at
 * once — otherwise a server restarted after a SIGKILL would find its own previous life holding
 * the lease and run no jobs. Holders on other machines expire after LEASE_MS.
 */
export function holderIsGone(holder: string): boolean {
  const m = /^\S+ (.+) pid (\d+)$/.exec(holder);
  if (!m || m[1] !== hostname()) return false;
  const pid = Number(m[2]);
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "ESRCH";
  }
}

const LEASE_KEY = "jobs-runner";

const LEASE_MS = 30_000;

/**
 * Who runs the jobs of this data directory: the server's peers or a `crm-server worker`, never
 * both — each keeps its own queue, so two runners would do every piece of work twice. A lease
 * in the shared database (`auth_meta`), renewed every 10 s, expiring after 30 s (at once when its
 * holder was a process of this machine that is gone): a process that finds it held by another
 * live one does not run jobs (a worker refuses to start).
 */
export class JobsLease {
  private timer: ReturnType<typeof setInterval> | null = null;
  readonly holder: string;

  constructor(
    private readonly store: AuthStore,
    label: string,
  ) {
    this.holder = `${label} ${hostname()} pid ${process.pid}`;
  }

  /** Takes the lease if free (or expired, or ours); returns the other holder when it is not. */
  take(now = Date.now()): { ok: true } | { ok: false; holder: string } {
    const db = this.store.db;
    const result = db
      .transaction(() => {
        const raw = db.prepare("SELECT value FROM auth_meta WHERE key = ?").pluck().get(LEASE_KEY) as
          | string
          | undefined;
        const held = raw ? (JSON.parse(raw) as { holder: string; at: number }) : null;
        if (held && held.holder !== this.holder && held.at > now - LEASE_MS && !holderIsGone(held.holder))
          return { ok: false as const, holder: held.holder };
        db.prepare(
          "INSERT INTO auth_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        ).run(LEASE_KEY, JSON.stringify({ holder: this.holder, at: now }));
        return { ok: true as const };
      })
      .immediate();
    if (result.ok && !this.timer) {
      this.timer = setInterval(() => {
        try {
          this.take();
        } catch {
          // the next beat
        }
      }, 10_000);
      this.timer.unref?.();
    }
    return result;
  }

  release(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    try {
      const db = this.store.db;
      if (!db.open) return;
      const raw = db.prepare("SELECT value FROM auth_meta WHERE key = ?").pluck().get(LEASE_KEY) as string | undefined;
      if (raw && (JSON.parse(raw) as { holder: string }).holder === this.holder)
        db.prepare("DELETE FROM auth_meta WHERE key = ?").run(LEASE_KEY);
    } catch {
      // it expires by itself
    }
  }
}
