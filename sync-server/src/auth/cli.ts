import { existsSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { isEmailAddress, isRole, type MemberRole, roles } from "@crm/schema";
import { DB_FILE } from "../storage/sqlite.js";
import { hashPassword, passwordProblem } from "./passwords.js";
import { AuthError, AuthStore } from "./store.js";

/*
 * The administration subcommands: `create-admin`, `token`, `member`, `workspaces`. They open
 * DATA_DIR's database directly (also while a server runs on it: SQLite WAL serialises the writers).
 * Revocations, removals and role changes reach a running server through the store's access-change
 * log (accessChanges.ts): its affected sockets close within about a second.
 */

type Fail = (command: string, message: string, code?: number) => number;

/** Flags that take no value. */
const SWITCHES = new Set(["remove"]);

function flags(args: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith("--")) throw new Error(`unexpected argument ${JSON.stringify(a)}`);
    const eq = a.indexOf("=");
    if (eq > 0) out.set(a.slice(2, eq), a.slice(eq + 1));
    else if (SWITCHES.has(a.slice(2))) out.set(a.slice(2), "");
    else {
      const value = args[i + 1];
      if (value === undefined || value.startsWith("--")) throw new Error(`${a} needs a value`);
      out.set(a.slice(2), value);
      i++;
    }
  }
  return out;
}

/** "90m", "12h", "30d" → milliseconds. */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([mhd])$/.exec(text.trim());
  if (!m) throw new Error(`--expires: use minutes, hours or days, like 90m, 12h or 30d (got ${JSON.stringify(text)})`);
  const n = Number(m[1]);
  if (!(n > 0)) throw new Error("--expires must be more than zero");
  return n * { m: 60_000, h: 3600_000, d: 86_400_000 }[m[2] as "m" | "h" | "d"];
}

async function readPassword(): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    let text = "";
    for await (const chunk of stdin) text += chunk;
    return text.replace(/\r?\n$/, "");
  }
  // On a terminal: prompt without echoing what is typed.
  const rl = createInterface({ input: stdin, output: process.stderr, terminal: true });
  const muted = rl as unknown as { _writeToOutput: (s: string) => void };
  process.stderr.write("Password (at least 12 characters): ");
  muted._writeToOutput = () => {};
  const password = await new Promise<string>((resolve) => rl.question("", resolve));
  rl.close();
  process.stderr.write("\n");
  return password;
}

export async function adminCommand(command: string, args: string[], dataDir: string, fail: Fail): Promise<number> {
  let opts: Map<string, string>;
  try {
    opts = flags(args);
  } catch (err) {
    return fail(command, (err as Error).message, 2);
  }
  if (command !== "create-admin" && !existsSync(join(dataDir, DB_FILE)))
    return fail(command, `no database in ${dataDir} (set DATA_DIR, or run crm-server create-admin first)`);
  const store = new AuthStore(dataDir);
  try {
    if (command === "create-admin") {
      const email = opts.get("email")?.trim();
      const name = opts.get("name")?.trim();
      if (!email || !isEmailAddress(email)) return fail(command, "--email: a valid email address is required", 2);
      if (!name) return fail(command, "--name: required", 2);
      const password = await readPassword();
      const problem = passwordProblem(password, [email, name]);
      if (problem) return fail(command, `password: ${problem}`);
      const passwordHash = await hashPassword(password);
      const result = store.db
        .transaction(() => {
          const user = store.createUser({ email, name, passwordHash });
          const workspace = store.createWorkspace(opts.get("workspace")?.trim() || `${name}'s team`, user.id);
          store.audit({ workspaceId: workspace.id, actor: user.id, action: "user-created", target: email, ip: "cli" });
          return { user, workspace };
        })
        .immediate();
      process.stdout.write(
        `${JSON.stringify({ msg: "admin created", user: { id: result.user.id, email, name }, workspace: result.workspace })}\n`,
      );
      return 0;
    }
    if (command === "token") {
      const workspace = opts.get("workspace");
      if (!workspace) return fail(command, "--workspace <id> is required (see crm-server workspaces)", 2);
      const revoke = opts.get("revoke");
      if (revoke) {
        store.revokeToken(workspace, revoke);
        store.audit({ workspaceId: workspace, actor: "cli", action: "token-revoked", target: revoke, ip: "cli" });
        process.stdout.write(`${JSON.stringify({ msg: "token revoked", id: revoke })}\n`);
        return 0;
      }
      const role = opts.get("role");
      if (!isRole(role)) return fail(command, `--role must be one of ${roles.join(", ")}`, 2);
      let ttlMs: number | undefined;
      try {
        ttlMs = opts.has("expires") ? parseDuration(opts.get("expires")!) : undefined;
      } catch (err) {
        return fail(command, (err as Error).message, 2);
      }
      const { token, info } = store.mintToken({
        workspaceId: workspace,
        role,
        name: opts.get("name") ?? "cli token",
        createdBy: "cli",
        ...(ttlMs ? { ttlMs } : {}),
      });
      store.audit({
        workspaceId: workspace,
        actor: "cli",
        action: "token-minted",
        target: info.id,
        ip: "cli",
        detail: { role },
      });
      process.stdout.write(`${token}\n`);
      return 0;
    }
    if (command === "member") return memberCommand(store, opts, fail);
    // workspaces
    const rows = store.db
      .prepare(
        `SELECT w.id, w.name, COUNT(m.user_id) AS members FROM auth_workspaces w
         LEFT JOIN auth_members m ON m.workspace_id = w.id GROUP BY w.id ORDER BY w.created_at`,
      )
      .all();
    for (const r of rows) process.stdout.write(`${JSON.stringify(r)}\n`);
    return 0;
  } catch (err) {
    return fail(command, err instanceof AuthError ? `${err.message}` : String(err));
  } finally {
    store.close();
  }
}

/** `member --workspace <id> --email <e> (--role <role> | --remove)`: what the Team page does. */
function memberCommand(store: AuthStore, opts: Map<string, string>, fail: Fail): number {
  const workspace = opts.get("workspace");
  const email = opts.get("email")?.trim();
  if (!workspace) return fail("member", "--workspace <id> is required (see crm-server workspaces)", 2);
  if (!email) return fail("member", "--email <address> is required", 2);
  const role = opts.get("role");
  const remove = opts.has("remove");
  if (remove === (role !== undefined)) return fail("member", "give either --role <role> or --remove", 2);
  if (role !== undefined && !isRole(role)) return fail("member", `--role must be one of ${roles.join(", ")}`, 2);
  const user = store.userByEmail(email);
  const before = user && store.roleOf(user.id, workspace);
  if (!user || !before) return fail("member", `${email} is not a member of workspace ${workspace}`);
  if (remove) {
    store.removeMember(workspace, user.id);
    store.audit({
      workspaceId: workspace,
      actor: "cli",
      action: "member-removed",
      target: user.id,
      ip: "cli",
      detail: { role: before },
    });
    process.stdout.write(`${JSON.stringify({ msg: "member removed", workspace, email: user.email })}\n`);
    return 0;
  }
  store.setRole(workspace, user.id, role as MemberRole);
  store.audit({
    workspaceId: workspace,
    actor: "cli",
    action: "role-changed",
    target: user.id,
    ip: "cli",
    detail: { from: before, to: role },
  });
  process.stdout.write(`${JSON.stringify({ msg: "role changed", workspace, email: user.email, role })}\n`);
  return 0;
}
