import { afterAll, beforeAll, expect, it } from "vitest";
import { TestDevice, until } from "./support/clients.js";
import { ServerProcess } from "./support/serverProcess.js";
import { createTeam } from "./support/team.js";

/*
 * "Synced" is a promise: once a client shows it, the server has the data on disk. Kill the
 * server process with SIGKILL right then; a brand-new device must find every record after restart.
 */

let server: ServerProcess;
let workspace: string;
let token: string;
beforeAll(async () => {
  server = await ServerProcess.start();
  const team = await createTeam(server.url);
  workspace = team.workspace;
  token = await team.token("editor");
}, 30_000);
afterAll(async () => server?.dispose());

it("SIGKILL after the client says Synced loses nothing", { timeout: 90_000 }, async () => {
  const wsUrl = `ws://127.0.0.1:${server.port}/sync?token=${token}`;
  const writer = new TestDevice(wsUrl, workspace);
  const rt = await writer.open();
  const names: string[] = [];
  for (let round = 0; round < 3; round++) {
    for (let i = 0; i < 40; i++) {
      const name = `Crash ${round}-${i}`;
      const res = await rt.store.create("accounts", { name, phone: `+4930${round}${i}000` });
      expect(res.ok).toBe(true);
      names.push(name);
    }
    await until(() => rt.sync.status === "synced", 15_000, "writer synced");
    await server.stop("SIGKILL");
    await server.start();
    await until(() => rt.sync.status === "synced", 15_000, "writer reconnected");
  }
  writer.close();

  const fresh = new TestDevice(wsUrl, workspace);
  const rf = await fresh.open();
  await until(async () => (await rf.db.accounts.count()) === names.length, 20_000, "fresh device has every record");
  const got = (await rf.db.accounts.toArray()).map((a) => a.name).sort();
  expect(got).toEqual([...names].sort());
  fresh.close();
});
