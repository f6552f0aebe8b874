import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { allShardDocNames, demoSizes, recordsOf, recordTypes } from "@crm/schema";
import { demoBatches } from "@crm/schema/demo";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type RunningServer } from "./app.js";
import { DemoSeedError, seedDemo } from "./demoSeed.js";
import { MuxClient, provisionWorkspace } from "./testing/clients.js";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const CLI = fileURLToPath(new URL("./cli.ts", import.meta.url));
const run = promisify(execFile);

describe("crm-server demo: the demo workspace written through a running server", () => {
  let dataDir: string;
  let server: RunningServer;
  let workspace: string;
  let editorToken: string;
  let viewerToken: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "crm-demo-"));
    const provisioned = await provisionWorkspace(dataDir, "editor");
    ({ workspace, token: editorToken } = provisioned);
    server = await createServer({ port: 0, host: "127.0.0.1", dataDir });
    viewerToken = server.auth!.mintToken({
      workspaceId: workspace,
      role: "viewer",
      name: "viewer",
      createdBy: provisioned.userId,
    }).token;
  });
  afterAll(async () => {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("writes every demo record; another client then reads the same records the generator made", async () => {
    const progress: number[] = [];
    const result = await seedDemo({
      url: server.url,
      token: editorToken,
      workspace,
      size: "demo",
      seed: 7,
      onProgress: (done) => progress.push(done),
    });
    const total = Object.values(demoSizes.demo).reduce((a, b) => a + b, 0);
    expect(result).toMatchObject({ written: total, cancelled: false });
    expect(progress.at(-1)).toBe(total);

    const reader = await MuxClient.open(`${server.wsUrl}?token=${editorToken}`);
    try {
      const names = allShardDocNames(workspace, recordTypes.accounts);
      for (const name of names) reader.subscribe(name);
      for (const name of names) await reader.waitSynced(name, 10_000);
      const accounts = names.flatMap((n) => [...recordsOf(reader.doc(n)).values()].map((r) => r.toJSON()));
      expect(accounts).toHaveLength(demoSizes.demo.accounts);
      const first = demoBatches("demo", 7).next().value!.records[0]!;
      const stored = accounts.find((a) => a.id === first.id);
      expect(stored).toMatchObject({ name: first.name, createdBy: "demo" });
    } finally {
      await reader.close();
    }
  });

  it("says why when the token may not write, and when it is not valid", async () => {
    await expect(seedDemo({ url: server.url, token: viewerToken, workspace, size: "demo" })).rejects.toThrow(
      /refused .*read-only/,
    );
    await expect(seedDemo({ url: server.url, token: "crm_nope_nope", workspace, size: "demo" })).rejects.toThrow(
      DemoSeedError,
    );
    await expect(seedDemo({ url: "not a url", token: editorToken, workspace, size: "demo" })).rejects.toThrow(
      "--url is not a URL",
    );
  });

  it("runs from the command line, and names what is missing", async () => {
    const missing = await run(process.execPath, ["--import", "tsx", CLI, "demo", "--workspace", workspace], {
      cwd: REPO,
      env: { ...process.env, CRM_TOKEN: "" },
    }).catch((e: { code: number; stderr: string }) => e);
    expect(missing).toMatchObject({ code: 2, stderr: expect.stringContaining("CRM_TOKEN") });
    const refused = await run(
      process.execPath,
      ["--import", "tsx", CLI, "demo", "--workspace", workspace, "--url", server.url],
      { cwd: REPO, env: { ...process.env, CRM_TOKEN: "crm_nope_nope" }, timeout: 30_000 },
    ).catch((e: { code: number; stderr: string }) => e);
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringContaining("refused the token") });
  });
});
