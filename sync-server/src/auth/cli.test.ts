import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { parseDuration } from "./cli.js";
import { AuthStore } from "./store.js";

const REPO = fileURLToPath(new URL("../../..", import.meta.url));
const CLI = fileURLToPath(new URL("../cli.ts", import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), "crm-cli-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function run(args: string[], input = "") {
  const r = spawnSync(process.execPath, ["--import", "tsx", CLI, ...args], {
    cwd: REPO,
    env: { ...process.env, DATA_DIR: dataDir },
    input,
    encoding: "utf8",
    timeout: 30_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("crm-server create-admin and token", () => {
  it("creates the first admin with a workspace, mints a token for it, and explains bad input", () => {
    const weak = run(["create-admin", "--email", "ada@example.test", "--name", "Ada"], "password1234\n");
    expect(weak.code).toBe(1);
    expect(weak.err).toContain("password: Choose a stronger password: this one is among the most common passwords.");
    expect(run(["create-admin", "--name", "Ada"]).err).toContain("--email");

    const made = run(
      ["create-admin", "--email", "ada@example.test", "--name", "Ada", "--workspace", "Acme"],
      "violet-harbour-kettle-42\n",
    );
    expect(made.code).toBe(0);
    const { workspace } = JSON.parse(made.out) as { workspace: { id: string; name: string } };
    expect(workspace.name).toBe("Acme");

    const badRole = run(["token", "--workspace", workspace.id, "--role", "god"]);
    expect(badRole.code).toBe(2);
    expect(badRole.err).toContain("--role must be one of owner, admin, editor, support, viewer");
    expect(run(["token", "--workspace", workspace.id, "--role", "viewer", "--expires", "soon"]).err).toContain(
      "--expires",
    );

    const minted = run(["token", "--workspace", workspace.id, "--role", "viewer", "--expires", "1h"]);
    expect(minted.code).toBe(0);
    const token = minted.out.trim();
    const store = new AuthStore(dataDir);
    try {
      const info = store.tokenFor(token);
      expect(info).toMatchObject({ workspaceId: workspace.id, role: "viewer" });
      expect(info!.expiresAt! - Date.now()).toBeGreaterThan(3500_000);
      expect(store.userByEmail("ada@example.test")?.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      expect(store.roleOf(store.userByEmail("ada@example.test")!.id, workspace.id)).toBe("owner");
    } finally {
      store.close();
    }
    const listed = run(["workspaces"]);
    expect(JSON.parse(listed.out.trim())).toMatchObject({ id: workspace.id, name: "Acme", members: 1 });

    // member: what it needs, and the last owner stays.
    expect(run(["member", "--workspace", workspace.id, "--email", "ada@example.test"]).err).toContain(
      "give either --role <role> or --remove",
    );
    const stranger = run(["member", "--workspace", workspace.id, "--email", "nobody@example.test", "--remove"]);
    expect(stranger).toMatchObject({ code: 1 });
    expect(stranger.err).toContain(`nobody@example.test is not a member of workspace ${workspace.id}`);
    const lastOwner = run(["member", "--workspace", workspace.id, "--email", "ada@example.test", "--role", "viewer"]);
    expect(lastOwner).toMatchObject({ code: 1 });
    expect(lastOwner.err).toContain("a workspace needs at least one owner");
  }, 120_000);

  it("reads durations", () => {
    expect(parseDuration("90m")).toBe(5_400_000);
    expect(parseDuration("2d")).toBe(172_800_000);
    expect(() => parseDuration("0h")).toThrow(/more than zero/);
  });
});
