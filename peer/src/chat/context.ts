import type Database from "better-sqlite3";
import type { Context } from "hono";
import type { ApiCaller } from "../api/app.js";
import type { Logger } from "../logger.js";
import type { WorkspacePeer } from "../peer.js";
import { ChatHub } from "./hub.js";
import { WindowLimiter } from "./limits.js";
import { ChatStore } from "./store.js";

export interface ChatLimits {
  /** A visitor's messages per conversation per minute (default 20). */
  messagesPerMinute: number;
  /** New chats per client address per hour (default 5). */
  chatsPerHour: number;
  /** Answer searches per client address per minute (default 60). */
  searchesPerMinute: number;
}

export interface ChatOptions {
  peer(workspace: string): WorkspacePeer | undefined;
  /** The member calling the agent routes (`/api/v1`'s authenticator: session cookie or service token). */
  authenticate(c: Context): ApiCaller | undefined;
  /** The server's shared database. */
  shared: Database.Database;
  /** The client's address (behind trusted proxies, their X-Forwarded-For). */
  ipOf(c: Context): string;
  /** A member's display name, for their chat replies. */
  nameOf?(userId: string): string | undefined;
  limits?: Partial<ChatLimits>;
  logger?: Logger;
  now?: () => number;
  /** How often an open stream re-checks whether agents are online; default 10 s. */
  presencePollMs?: number;
}

export class ChatError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** What the visitor and agent routes share. */
export class ChatContext {
  readonly hub = new ChatHub();
  readonly store: ChatStore;
  readonly limits: ChatLimits;
  readonly messages: WindowLimiter;
  readonly typing: WindowLimiter;
  readonly searches: WindowLimiter;
  readonly now: () => number;
  private keyCache: Buffer | undefined;

  constructor(readonly o: ChatOptions) {
    this.store = new ChatStore(o.shared);
    this.now = o.now ?? Date.now;
    this.limits = { messagesPerMinute: 20, chatsPerHour: 5, searchesPerMinute: 60, ...o.limits };
    this.messages = new WindowLimiter(this.limits.messagesPerMinute, 60_000, this.now);
    this.typing = new WindowLimiter(60, 60_000, this.now);
    this.searches = new WindowLimiter(this.limits.searchesPerMinute, 60_000, this.now);
  }

  key(): Buffer {
    this.keyCache ??= this.store.key();
    return this.keyCache;
  }

  async peerOf(workspace: string): Promise<WorkspacePeer> {
    const peer = this.o.peer(workspace);
    if (!peer) throw new ChatError(404, "not-found", "no such workspace");
    try {
      await peer.ready(10_000);
    } catch {
      throw new ChatError(
        503,
        "unavailable",
        "the chat is starting: try again in a moment",
        {},
        { "Retry-After": "5" },
      );
    }
    return peer;
  }

  agentsOnline(workspace: string): boolean {
    return this.store.agentsOnline(workspace, this.now()) > 0;
  }
}

export function limited(taken: { ok: true } | { ok: false; retryAfterMs: number }, what: string): void {
  if (taken.ok) return;
  const seconds = Math.max(1, Math.ceil(taken.retryAfterMs / 1000));
  throw new ChatError(
    429,
    "rate-limited",
    `too many ${what}: try again in ${seconds} s`,
    { retryAfter: seconds },
    {
      "Retry-After": String(seconds),
    },
  );
}

export async function jsonBody(c: Context): Promise<Record<string, unknown>> {
  if (!/^application\/json\b/i.test(c.req.header("content-type") ?? ""))
    throw new ChatError(415, "not-json", "send the body as application/json");
  let body: unknown;
  try {
    body = JSON.parse(await c.req.text());
  } catch {
    throw new ChatError(400, "bad-json", "the body is not valid JSON");
  }
  if (!body || typeof body !== "object" || Array.isArray(body))
    throw new ChatError(400, "bad-json", "the body must be a JSON object");
  return body as Record<string, unknown>;
}
