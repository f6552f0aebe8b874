import type Database from "better-sqlite3";

/*
 * What the rules keep in the server's shared database (features.ts `FeatureEnv.shared`), seen by
 * every process of the installation — the server answering `GET /api/v1/rules/runs` and a worker
 * running the rules:
 *   - `rules_runs`: the run log, one row per rule job (keyed by the job's key, so a job run
 *     again after a crash updates its row, not a second one), the newest RUNS_KEPT per rule;
 *   - `rules_rotation` / `rules_assigned`: round-robin assignment — the next person of each
 *     (rule, action), and who each firing got, so a job run again gives the same person and
 *     moves the rotation once.
 * All SQL of the feature's shared state is here (issue 14 moves it behind an async interface).
 */

export type RunStatus = "done" | "error" | "skipped" | "waiting";

export interface RunAction {
  type: string;
  /** What it did, in words for the log ("set stage = won on opportunities/…"). */
  detail: string;
}

export interface RuleRun {
  key: string;
  ruleId: string;
  at: number;
  collection: string;
  recordId: string;
  status: RunStatus;
  /** What fired it: "created", "changed status", "date dueAt 2026-…", "schedule …", "sla breached". */
  cause: string;
  actions: RunAction[];
  error: string | null;
}

export const RUNS_KEPT = 200;

export class RuleStore {
  private readonly st;

  constructor(private readonly db: Database.Database) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS rules_runs (
        workspace_id TEXT NOT NULL,
        job_key TEXT NOT NULL,
        rule_id TEXT NOT NULL,
        at INTEGER NOT NULL,
        collection TEXT NOT NULL,
        record_id TEXT NOT NULL,
        status TEXT NOT NULL,
        cause TEXT NOT NULL,
        actions TEXT NOT NULL,
        error TEXT,
        PRIMARY KEY (workspace_id, job_key)
      );
      CREATE INDEX IF NOT EXISTS rules_runs_by_rule ON rules_runs (workspace_id, rule_id, at);
      CREATE TABLE IF NOT EXISTS rules_rotation (
        workspace_id TEXT NOT NULL,
        rule_id TEXT NOT NULL,
        action INTEGER NOT NULL,
        next INTEGER NOT NULL,
        PRIMARY KEY (workspace_id, rule_id, action)
      );
      CREATE TABLE IF NOT EXISTS rules_assigned (
        workspace_id TEXT NOT NULL,
        job_key TEXT NOT NULL,
        action INTEGER NOT NULL,
        person TEXT NOT NULL,
        at INTEGER NOT NULL,
        PRIMARY KEY (workspace_id, job_key, action)
      );
    `);
    this.st = {
      upsert: db.prepare(
        `INSERT INTO rules_runs (workspace_id, job_key, rule_id, at, collection, record_id, status, cause, actions, error)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (workspace_id, job_key) DO UPDATE SET at = excluded.at, status = excluded.status,
           actions = excluded.actions, error = excluded.error`,
      ),
      trim: db.prepare(
        `DELETE FROM rules_runs WHERE workspace_id = ? AND rule_id = ? AND job_key NOT IN (
           SELECT job_key FROM rules_runs WHERE workspace_id = ? AND rule_id = ? ORDER BY at DESC LIMIT ?)`,
      ),
      list: db.prepare(
        "SELECT * FROM rules_runs WHERE workspace_id = ? AND rule_id = ? ORDER BY at DESC, job_key DESC LIMIT ?",
      ),
      assigned: db.prepare("SELECT person FROM rules_assigned WHERE workspace_id = ? AND job_key = ? AND action = ?"),
      rotation: db.prepare("SELECT next FROM rules_rotation WHERE workspace_id = ? AND rule_id = ? AND action = ?"),
      setRotation: db.prepare(
        `INSERT INTO rules_rotation (workspace_id, rule_id, action, next) VALUES (?, ?, ?, ?)
         ON CONFLICT (workspace_id, rule_id, action) DO UPDATE SET next = excluded.next`,
      ),
      assign: db.prepare(
        "INSERT INTO rules_assigned (workspace_id, job_key, action, person, at) VALUES (?, ?, ?, ?, ?)",
      ),
      pruneAssigned: db.prepare("DELETE FROM rules_assigned WHERE at < ?"),
    };
  }

  /** Records (or updates) the run of one job, and keeps the newest RUNS_KEPT of the rule. */
  record(workspace: string, run: RuleRun): void {
    this.db.transaction(() => {
      this.st.upsert.run(
        workspace,
        run.key,
        run.ruleId,
        run.at,
        run.collection,
        run.recordId,
        run.status,
        run.cause,
        JSON.stringify(run.actions),
        run.error,
      );
      this.st.trim.run(workspace, run.ruleId, workspace, run.ruleId, RUNS_KEPT);
    })();
  }

  runs(workspace: string, ruleId: string, limit = RUNS_KEPT): RuleRun[] {
    return (this.st.list.all(workspace, ruleId, limit) as Record<string, unknown>[]).map((r) => ({
      key: String(r.job_key),
      ruleId: String(r.rule_id),
      at: Number(r.at),
      collection: String(r.collection),
      recordId: String(r.record_id),
      status: r.status as RunStatus,
      cause: String(r.cause),
      actions: JSON.parse(String(r.actions)) as RunAction[],
      error: r.error == null ? null : String(r.error),
    }));
  }

  /**
   * The person the `action`-th action of the job `jobKey` assigns, in turn among `people`: chosen
   * once (and the rotation moved once) per job and action, whatever number of times it runs.
   */
  nextInRotation(workspace: string, ruleId: string, action: number, jobKey: string, people: readonly string[]): string {
    return this.db.transaction(() => {
      const known = this.st.assigned.pluck().get(workspace, jobKey, action) as string | undefined;
      if (known !== undefined) return known;
      const next = (this.st.rotation.pluck().get(workspace, ruleId, action) as number | undefined) ?? 0;
      const person = people[next % people.length]!;
      this.st.setRotation.run(workspace, ruleId, action, (next + 1) % people.length);
      this.st.assign.run(workspace, jobKey, action, person, Date.now());
      return person;
    })();
  }

  /** Forgets who old firings got (their jobs are long done). */
  prune(olderThanMs: number, now = Date.now()): void {
    this.st.pruneAssigned.run(now - olderThanMs);
  }
}
