import type { PeerDb } from "../db/open.js";

/*
 * The rule engine's bookkeeping in the peer's own database, next to the job queue it feeds (so a
 * mark and the job it stands for commit in one transaction):
 *   - `rule_marks`: "this rule already fired for this record and this date value" (date
 *     triggers), "for this slot" (schedules), "for this case" (SLA). A restart neither misses a
 *     firing (the scan looks back to `rule_since`) nor repeats one (the mark is there).
 *   - `rule_since`: when the engine first saw a time trigger as it is now: nothing earlier fires
 *     (a new "3 days before close date" rule does not fire for every deal closed last year).
 *   - `rule_echo`: which rule last wrote a record, and how deep in a chain of rules: a change
 *     the engine's own write caused does not fire the same rule again, and a chain of rules
 *     firing each other stops at MAX_DEPTH (rules.ts).
 */

export class RuleMarks {
  private readonly st;

  constructor(db: PeerDb) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS rule_marks (
        rule_id TEXT NOT NULL,
        mark TEXT NOT NULL,
        due INTEGER NOT NULL,
        PRIMARY KEY (rule_id, mark)
      );
      CREATE TABLE IF NOT EXISTS rule_since (rule_id TEXT PRIMARY KEY, trigger TEXT NOT NULL, since INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS rule_echo (
        collection TEXT NOT NULL,
        record_id TEXT NOT NULL,
        rule_id TEXT NOT NULL,
        depth INTEGER NOT NULL,
        at INTEGER NOT NULL,
        PRIMARY KEY (collection, record_id)
      );
    `);
    this.st = {
      mark: db.prepare("INSERT INTO rule_marks (rule_id, mark, due) VALUES (?, ?, ?) ON CONFLICT DO NOTHING"),
      since: db.prepare("SELECT trigger, since FROM rule_since WHERE rule_id = ?"),
      setSince: db.prepare(
        `INSERT INTO rule_since (rule_id, trigger, since) VALUES (?, ?, ?)
         ON CONFLICT (rule_id) DO UPDATE SET trigger = excluded.trigger, since = excluded.since`,
      ),
      echo: db.prepare("SELECT rule_id AS ruleId, depth, at FROM rule_echo WHERE collection = ? AND record_id = ?"),
      setEcho: db.prepare(
        `INSERT INTO rule_echo (collection, record_id, rule_id, depth, at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (collection, record_id) DO UPDATE SET rule_id = excluded.rule_id, depth = excluded.depth, at = excluded.at`,
      ),
      pruneMarks: db.prepare("DELETE FROM rule_marks WHERE due < ? AND mark NOT LIKE 'sla:%'"),
      pruneEcho: db.prepare("DELETE FROM rule_echo WHERE at < ?"),
    };
  }

  /** Marks a firing; false when it was marked before (it fired already). */
  mark(ruleId: string, mark: string, due: number): boolean {
    return this.st.mark.run(ruleId, mark, due).changes === 1;
  }

  /** Since when a time trigger fires: when it was first seen as `trigger` (its JSON). */
  since(ruleId: string, trigger: string, now: number): number {
    const row = this.st.since.get(ruleId) as { trigger: string; since: number } | undefined;
    if (row && row.trigger === trigger) return row.since;
    this.st.setSince.run(ruleId, trigger, now);
    return now;
  }

  /** Who wrote this record last among the rules, if recently (a change arriving later is its echo). */
  echo(collection: string, recordId: string, now: number, withinMs: number): { ruleId: string; depth: number } | null {
    const row = this.st.echo.get(collection, recordId) as { ruleId: string; depth: number; at: number } | undefined;
    return row && now - row.at <= withinMs ? { ruleId: row.ruleId, depth: row.depth } : null;
  }

  setEcho(collection: string, recordId: string, ruleId: string, depth: number, now: number): void {
    this.st.setEcho.run(collection, recordId, ruleId, depth, now);
  }

  prune(marksBefore: number, echoBefore: number): void {
    this.st.pruneMarks.run(marksBefore);
    this.st.pruneEcho.run(echoBefore);
  }
}
