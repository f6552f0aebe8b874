import { randomBytes } from "node:crypto";
import type Database from "better-sqlite3";

/*
 * What every process of the installation must agree on, in the server's shared database: the key
 * visitor tokens are signed with (made once), the chats started per client address (the per-IP
 * limit survives restarts and holds across processes) and which members are at their desk
 * (`chat_agents`: the app's heartbeat, web/src/chat/useChatPresence.ts).
 */

export const AGENT_ONLINE_MS = 60_000;

export class ChatStore {
  constructor(private readonly db: Database.Database) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS chat_keys (id INTEGER PRIMARY KEY CHECK (id = 1), secret BLOB NOT NULL);
      CREATE TABLE IF NOT EXISTS chat_starts (ip TEXT NOT NULL, workspace TEXT NOT NULL, at INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS chat_starts_ip ON chat_starts (ip, at);
      CREATE TABLE IF NOT EXISTS chat_agents (
        workspace TEXT NOT NULL, user TEXT NOT NULL, seen_at INTEGER NOT NULL, PRIMARY KEY (workspace, user)
      );
    `);
  }

  /** The installation's token key: the first process to ask makes it. */
  key(): Buffer {
    this.db.prepare("INSERT OR IGNORE INTO chat_keys (id, secret) VALUES (1, ?)").run(randomBytes(32));
    return (this.db.prepare("SELECT secret FROM chat_keys WHERE id = 1").get() as { secret: Buffer }).secret;
  }

  startsFrom(ip: string, since: number): number {
    return (
      this.db.prepare("SELECT count(*) AS n FROM chat_starts WHERE ip = ? AND at > ?").get(ip, since) as { n: number }
    ).n;
  }

  recordStart(ip: string, workspace: string, at: number): void {
    this.db.prepare("INSERT INTO chat_starts (ip, workspace, at) VALUES (?, ?, ?)").run(ip, workspace, at);
    // Nothing older than a day is ever counted.
    this.db.prepare("DELETE FROM chat_starts WHERE at < ?").run(at - 24 * 60 * 60_000);
  }

  agentSeen(workspace: string, user: string, at: number): void {
    this.db
      .prepare(
        "INSERT INTO chat_agents (workspace, user, seen_at) VALUES (?, ?, ?) ON CONFLICT (workspace, user) DO UPDATE SET seen_at = excluded.seen_at",
      )
      .run(workspace, user, at);
  }

  agentGone(workspace: string, user: string): void {
    this.db.prepare("DELETE FROM chat_agents WHERE workspace = ? AND user = ?").run(workspace, user);
  }

  agentsOnline(workspace: string, now: number): number {
    return (
      this.db
        .prepare("SELECT count(*) AS n FROM chat_agents WHERE workspace = ? AND seen_at > ?")
        .get(workspace, now - AGENT_ONLINE_MS) as { n: number }
    ).n;
  }
}
