import { newId } from "@crm/schema";
import type Database from "better-sqlite3";

/*
 * Webhook endpoints, their secrets and the delivery log, in the server's shared database
 * (FeatureEnv.shared): the server answering `/api/v1/webhooks` and whichever process runs the
 * delivery jobs (the server, or a `crm-server worker`) must see the same rows. All SQL of the
 * feature is in this class, so moving it behind an async interface (PostgreSQL, issue 14) is
 * mechanical.
 */

export type EndpointSource = "api" | "rest-hook";

export interface Endpoint {
  id: string;
  workspace: string;
  url: string;
  events: string[];
  secret: string;
  description: string;
  source: EndpointSource;
  enabled: boolean;
  /** Why it was disabled ("gone": answered 410; "failing"; "admin"), null while enabled. */
  disabledReason: string | null;
  disabledAt: number | null;
  consecutiveFailures: number;
  /** The first failure since the last success (ms), null when the last attempt succeeded. */
  failingSince: number | null;
  lastSuccessAt: number | null;
  createdAt: number;
  createdBy: string;
}

export interface DeliveryAttempt {
  id: string;
  endpointId: string;
  /** The Standard Webhooks `webhook-id`: the same for every attempt of one message. */
  webhookId: string;
  event: string;
  /** The job's attempt number, or 0 for a manual redelivery. */
  attempt: number;
  trigger: "auto" | "redeliver";
  at: number;
  durationMs: number;
  request: { url: string; headers: Record<string, string>; body: string };
  response: { status: number; headers: Record<string, string>; body: string } | null;
  error: string | null;
  ok: boolean;
}

type Row = Record<string, unknown>;

const json = <T>(v: unknown, fallback: T): T => (v == null ? fallback : (JSON.parse(String(v)) as T));

function toEndpoint(r: Row): Endpoint {
  return {
    id: String(r.id),
    workspace: String(r.workspace_id),
    url: String(r.url),
    events: json<string[]>(r.events, []),
    secret: String(r.secret),
    description: String(r.description ?? ""),
    source: r.source as EndpointSource,
    enabled: r.enabled === 1,
    disabledReason: r.disabled_reason == null ? null : String(r.disabled_reason),
    disabledAt: r.disabled_at == null ? null : Number(r.disabled_at),
    consecutiveFailures: Number(r.consecutive_failures),
    failingSince: r.failing_since == null ? null : Number(r.failing_since),
    lastSuccessAt: r.last_success_at == null ? null : Number(r.last_success_at),
    createdAt: Number(r.created_at),
    createdBy: String(r.created_by),
  };
}

function toAttempt(r: Row): DeliveryAttempt {
  return {
    id: String(r.id),
    endpointId: String(r.endpoint_id),
    webhookId: String(r.webhook_id),
    event: String(r.event),
    attempt: Number(r.attempt),
    trigger: r.trigger as DeliveryAttempt["trigger"],
    at: Number(r.at),
    durationMs: Number(r.duration_ms),
    request: json(r.request, { url: "", headers: {}, body: "" }),
    response: json(r.response, null),
    error: r.error == null ? null : String(r.error),
    ok: r.ok === 1,
  };
}

export class WebhookStore {
  constructor(
    private readonly db: Database.Database,
    /** Attempts kept per endpoint (the oldest go first). */
    readonly logCap = 200,
  ) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS webhooks_endpoints (
        id TEXT PRIMARY KEY,
        workspace_id TEXT NOT NULL,
        url TEXT NOT NULL,
        events TEXT NOT NULL,
        secret TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL,
        enabled INTEGER NOT NULL,
        disabled_reason TEXT,
        disabled_at INTEGER,
        consecutive_failures INTEGER NOT NULL DEFAULT 0,
        failing_since INTEGER,
        last_success_at INTEGER,
        created_at INTEGER NOT NULL,
        created_by TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS webhooks_endpoints_ws ON webhooks_endpoints (workspace_id);
      CREATE TABLE IF NOT EXISTS webhooks_deliveries (
        id TEXT PRIMARY KEY,
        workspace_id TEXT NOT NULL,
        endpoint_id TEXT NOT NULL,
        webhook_id TEXT NOT NULL,
        event TEXT NOT NULL,
        attempt INTEGER NOT NULL,
        trigger TEXT NOT NULL,
        at INTEGER NOT NULL,
        duration_ms INTEGER NOT NULL,
        request TEXT NOT NULL,
        response TEXT,
        error TEXT,
        ok INTEGER NOT NULL
      );
      CREATE INDEX IF NOT EXISTS webhooks_deliveries_endpoint ON webhooks_deliveries (endpoint_id, at);
    `);
  }

  create(input: {
    workspace: string;
    url: string;
    events: string[];
    secret: string;
    description?: string;
    source: EndpointSource;
    createdBy: string;
    now?: number;
  }): Endpoint {
    const id = `wh_${newId()}`;
    this.db
      .prepare(
        `INSERT INTO webhooks_endpoints (id, workspace_id, url, events, secret, description, source, enabled, created_at, created_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
      )
      .run(
        id,
        input.workspace,
        input.url,
        JSON.stringify(input.events),
        input.secret,
        input.description ?? "",
        input.source,
        input.now ?? Date.now(),
        input.createdBy,
      );
    return this.get(input.workspace, id)!;
  }

  get(workspace: string, id: string): Endpoint | undefined {
    const r = this.db
      .prepare("SELECT * FROM webhooks_endpoints WHERE workspace_id = ? AND id = ?")
      .get(workspace, id) as Row | undefined;
    return r ? toEndpoint(r) : undefined;
  }

  list(workspace: string): Endpoint[] {
    return (
      this.db
        .prepare("SELECT * FROM webhooks_endpoints WHERE workspace_id = ? ORDER BY created_at, id")
        .all(workspace) as Row[]
    ).map(toEndpoint);
  }

  /** Enabled endpoints of a workspace (what the outbox fans out to). */
  enabled(workspace: string): Endpoint[] {
    return this.list(workspace).filter((e) => e.enabled);
  }

  update(workspace: string, id: string, patch: { url?: string; events?: string[]; description?: string }): void {
    const sets: string[] = [];
    const args: unknown[] = [];
    if (patch.url !== undefined) sets.push("url = ?") && args.push(patch.url);
    if (patch.events !== undefined) sets.push("events = ?") && args.push(JSON.stringify(patch.events));
    if (patch.description !== undefined) sets.push("description = ?") && args.push(patch.description);
    if (!sets.length) return;
    this.db
      .prepare(`UPDATE webhooks_endpoints SET ${sets.join(", ")} WHERE workspace_id = ? AND id = ?`)
      .run(...args, workspace, id);
  }

  /** Enables (clearing the failure count) or disables with a reason; true when the state changed. */
  setEnabled(workspace: string, id: string, enabled: boolean, reason = "admin", now = Date.now()): boolean {
    const st = enabled
      ? this.db.prepare(
          `UPDATE webhooks_endpoints SET enabled = 1, disabled_reason = NULL, disabled_at = NULL,
             consecutive_failures = 0, failing_since = NULL WHERE workspace_id = ? AND id = ? AND enabled = 0`,
        )
      : this.db.prepare(
          `UPDATE webhooks_endpoints SET enabled = 0, disabled_reason = ?, disabled_at = ?
           WHERE workspace_id = ? AND id = ? AND enabled = 1`,
        );
    return (enabled ? st.run(workspace, id) : st.run(reason, now, workspace, id)).changes === 1;
  }

  delete(workspace: string, id: string): boolean {
    return this.db.transaction(() => {
      this.db.prepare("DELETE FROM webhooks_deliveries WHERE workspace_id = ? AND endpoint_id = ?").run(workspace, id);
      return (
        this.db.prepare("DELETE FROM webhooks_endpoints WHERE workspace_id = ? AND id = ?").run(workspace, id)
          .changes === 1
      );
    })();
  }

  /** Records an attempt and its effect on the endpoint's health; drops attempts beyond the cap. */
  record(workspace: string, attempt: Omit<DeliveryAttempt, "id">): DeliveryAttempt {
    const id = `dl_${newId()}`;
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO webhooks_deliveries (id, workspace_id, endpoint_id, webhook_id, event, attempt, trigger, at,
             duration_ms, request, response, error, ok) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          id,
          workspace,
          attempt.endpointId,
          attempt.webhookId,
          attempt.event,
          attempt.attempt,
          attempt.trigger,
          attempt.at,
          attempt.durationMs,
          JSON.stringify(attempt.request),
          attempt.response ? JSON.stringify(attempt.response) : null,
          attempt.error,
          attempt.ok ? 1 : 0,
        );
      if (attempt.ok)
        this.db
          .prepare(
            `UPDATE webhooks_endpoints SET consecutive_failures = 0, failing_since = NULL, last_success_at = ?
             WHERE workspace_id = ? AND id = ?`,
          )
          .run(attempt.at, workspace, attempt.endpointId);
      else
        this.db
          .prepare(
            `UPDATE webhooks_endpoints SET consecutive_failures = consecutive_failures + 1,
               failing_since = COALESCE(failing_since, ?) WHERE workspace_id = ? AND id = ?`,
          )
          .run(attempt.at, workspace, attempt.endpointId);
      this.db
        .prepare(
          `DELETE FROM webhooks_deliveries WHERE endpoint_id = ? AND id NOT IN
             (SELECT id FROM webhooks_deliveries WHERE endpoint_id = ? ORDER BY at DESC, rowid DESC LIMIT ?)`,
        )
        .run(attempt.endpointId, attempt.endpointId, this.logCap);
    })();
    return { id, ...attempt };
  }

  /** An endpoint's attempts, newest first. */
  deliveries(workspace: string, endpointId: string, limit = 100): DeliveryAttempt[] {
    return (
      this.db
        .prepare(
          `SELECT * FROM webhooks_deliveries WHERE workspace_id = ? AND endpoint_id = ?
           ORDER BY at DESC, rowid DESC LIMIT ?`,
        )
        .all(workspace, endpointId, limit) as Row[]
    ).map(toAttempt);
  }

  delivery(workspace: string, endpointId: string, id: string): DeliveryAttempt | undefined {
    const r = this.db
      .prepare("SELECT * FROM webhooks_deliveries WHERE workspace_id = ? AND endpoint_id = ? AND id = ?")
      .get(workspace, endpointId, id) as Row | undefined;
    return r ? toAttempt(r) : undefined;
  }

  /** The workspace's owners and admins (whom a disabled endpoint is reported to). */
  admins(workspace: string): string[] {
    try {
      return this.db
        .prepare(
          "SELECT user_id FROM auth_members WHERE workspace_id = ? AND role IN ('owner', 'admin') ORDER BY user_id",
        )
        .pluck()
        .all(workspace) as string[];
    } catch {
      // a shared database without the auth tables (a unit test's)
      return [];
    }
  }
}
