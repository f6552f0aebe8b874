import type Database from "better-sqlite3";

/*
 * Who the members of a workspace are, read from the server's database (FeatureEnv.shared, the auth
 * store's file): a notification goes to members only (never into an inbox document for an id
 * that is nobody, like a demo owner), and a mention names its author. The SQL stays in this one
 * class (issue 14 moves the shared database behind an async interface).
 */

export class MemberDirectory {
  private readonly st;

  constructor(db: Database.Database) {
    this.st = {
      member: db.prepare("SELECT 1 FROM auth_members WHERE workspace_id = ? AND user_id = ?").pluck(),
      name: db.prepare("SELECT name FROM auth_users WHERE id = ?").pluck(),
    };
  }

  isMember(workspace: string, userId: string): boolean {
    return this.st.member.get(workspace, userId) !== undefined;
  }

  /** The members among `ids`, in order. */
  members(workspace: string, ids: readonly string[]): string[] {
    return ids.filter((id) => this.isMember(workspace, id));
  }

  name(userId: string): string | undefined {
    return (this.st.name.get(userId) as string | undefined) ?? undefined;
  }
}
