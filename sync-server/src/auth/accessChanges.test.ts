import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { CloseCode } from "@crm/protocol";
import { ContactType, recordDocName } from "@crm/schema";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createServer, type RunningServer } from "../app.js";
import { MuxClient } from "../net/muxClient.js";
import type { AccessChange } from "./accessChanges.js";
import { AuthStore } from "./store.js";
import { person, type TestPerson } from "./testing.js";

/*
 * Access changes made by another process reach a running server's sockets: the real `crm-server`
 * CLI, run as its own process on the server's data directory, revokes a token, changes a role and
 * removes a member; each affected socket closes (4401 / 4100 / 4403) within 5 s of the CLI exiting.
 */

const REPO = fileURLToPath(new URL("../../..", import.meta.url));
const BIN = fileURLToPath(new URL("../../bin/crmServer.js", import.meta.url));

describe("the access-change log between two stores on one database", () => {
  const dir = mkdtempSync(join(tmpdir(), "crm-access-log-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("hands each store the other's changes once, and never its own twice", async () => {
    const a = new AuthStore(dir, { accessPollMs: 0 });
    const b = new AuthStore(dir, { accessPollMs: 0 });
    try {
      const heard: AccessChange[] = [];
      a.onAccessChange((c) => heard.push(c));
      const owner = a.createUser({ email: "o@example.test", name: "O", passwordHash: "x" });
      const ws = a.createWorkspace("W", owner.id).id;
      const ed = a.createUser({ email: "e@example.test", name: "E", passwordHash: "x" });
      a.addMember(ws, ed.id, "editor");
      expect(heard).toEqual([{ kind: "member-changed", userId: ed.id, workspaceId: ws }]);
      expect(a.pollAccessChanges()).toBe(0); // its own change, already heard
      const { info } = b.mintToken({ workspaceId: ws, role: "viewer", name: "t", createdBy: owner.id });
      b.revokeToken(ws, info.id);
      b.setRole(ws, ed.id, "viewer");
      expect(heard).toHaveLength(1); // not yet: another process's changes arrive by polling
      expect(a.pollAccessChanges()).toBe(2);
      expect(heard.slice(1)).toEqual([
        { kind: "token-revoked", tokenId: info.id },
        { kind: "member-changed", userId: ed.id, workspaceId: ws },
      ]);
      expect(a.pollAccessChanges()).toBe(0);
      // A change that fails (the last owner) records nothing.
      expect(() => b.removeMember(ws, owner.id)).toThrow(/owner/);
      expect(a.pollAccessChanges()).toBe(0);
    } finally {
      a.close();
      b.close();
    }
  });
});

describe("the crm-server CLI against a running server's data directory", () => {
  let server: RunningServer;
  let dataDir: string;
  let W: string;
  let DOC: string;
  let owner: TestPerson;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "crm-access-cli-"));
    server = await createServer({ port: 0, host: "127.0.0.1", dataDir });
    owner = await person(server, "Owner");
    W = server.auth!.createWorkspace("Acme", owner.userId).id;
    DOC = recordDocName(W, ContactType, "c1");
  });
  afterAll(async () => {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const clients: MuxClient[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.close();
  });

  /** Runs `crm-server <args>` as its own process; resolves when it has exited (successfully). */
  function cli(args: string[]): Promise<string> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, ...args], {
        cwd: REPO,
        env: { ...process.env, DATA_DIR: dataDir },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let out = "";
      child.stdout.on("data", (d) => (out += d));
      child.stderr.on("data", (d) => (out += d));
      child.once("error", reject);
      child.once("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}: ${out}`))));
    });
  }

  async function connect(credentials: { cookie: string } | { token: string }): Promise<MuxClient> {
    const client =
      "token" in credentials
        ? await MuxClient.open(`${server.wsUrl}?token=${credentials.token}`)
        : await MuxClient.open(server.wsUrl, { Cookie: credentials.cookie });
    clients.push(client);
    client.subscribe(DOC);
    await client.waitSynced(DOC);
    return client;
  }

  /** How the socket closed, and how long after the CLI exited; fails after 5 s. */
  async function closedAfter(client: MuxClient, run: Promise<string>) {
    await run;
    const exited = Date.now();
    const closed = await client.socket.waitClosed(5000);
    return { code: closed.code, ms: Date.now() - exited };
  }

  it("token --revoke closes the token's sockets (4401)", async () => {
    const { token, info } = server.auth!.mintToken({ workspaceId: W, role: "editor", name: "bot", createdBy: "t" });
    const client = await connect({ token });
    const closed = await closedAfter(client, cli(["token", "--revoke", info.id, "--workspace", W]));
    expect(closed.code).toBe(CloseCode.unauthorized);
    expect(closed.ms).toBeLessThan(5000);
  }, 60_000);

  it("member --role reconnects the person's sockets with the new role (4100)", async () => {
    const ed = await person(server, "Edna", { workspaceId: W, role: "editor" });
    const client = await connect({ cookie: ed.cookie });
    const closed = await closedAfter(
      client,
      cli(["member", "--workspace", W, "--email", ed.email, "--role", "viewer"]),
    );
    expect(closed.code).toBe(CloseCode.accessChanged);
    expect(closed.ms).toBeLessThan(5000);
    expect(server.auth!.roleOf(ed.userId, W)).toBe("viewer");
  }, 60_000);

  it("member --remove closes the person's sockets (4403)", async () => {
    const ed = await person(server, "Rémy", { workspaceId: W, role: "editor" });
    const client = await connect({ cookie: ed.cookie });
    const closed = await closedAfter(client, cli(["member", "--workspace", W, "--email", ed.email, "--remove"]));
    expect(closed.code).toBe(CloseCode.forbidden);
    expect(closed.ms).toBeLessThan(5000);
    const log = server.auth!.auditLog(W).find((e) => e.action === "member-removed");
    expect(log).toMatchObject({ actor: "cli", target: ed.userId });
  }, 60_000);
});
