import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { provisionWorkspace } from "../../../sync-server/src/testing/clients.js";
import { allowedCpus, freePort, spawnPinned, stopChild, waitHttp } from "./processes.js";

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
export const SERVER_CORE = 0;
export const LOADGEN_CORE = 1;

export type ServerKind = "ours" | "reference";

export interface ServerConfig {
  /** Ours: rooms unload this long after their last peer left. */
  roomIdleMs: number;
  /** Extra node flags for our server (e.g. `--cpu-prof`), from BENCH_OURS_NODE_FLAGS. */
  oursNodeFlags: string[];
  /** Extra environment of our server, as deployed (BENCH_OURS_ENV; default: the glibc malloc setting of CONTEXT.md). */
  oursEnv: Record<string, string>;
  /** Our server's entry point (default sync-server/src/main.ts), e.g. a candidate build elsewhere. */
  oursMain?: string;
  /** Opens the inspector on this port (for `forceGc`). */
  inspectPort?: number;
}

/** One server process on 127.0.0.1, pinned to the server core. */
export class BenchServer {
  private constructor(
    readonly kind: ServerKind,
    readonly child: ChildProcess,
    readonly port: number,
    private readonly dataDir: string | undefined,
    readonly cpus: string,
  ) {}

  get pid(): number {
    return this.child.pid!;
  }

  /** Service token of our server's `bench` workspace (our server requires sign-in). */
  token: string | undefined;

  /** Per-document y-websocket endpoint: `{doc}` is replaced by the document's name. */
  get wsBase(): string {
    return this.kind === "ours"
      ? `ws://127.0.0.1:${this.port}/sync/{doc}?token=${this.token}`
      : `ws://127.0.0.1:${this.port}/{doc}`;
  }

  static async start(kind: ServerKind, config: ServerConfig): Promise<BenchServer> {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, HOST: "127.0.0.1", PORT: String(port) };
    delete env.YPERSISTENCE; // the reference stays in memory
    delete env.NODE_OPTIONS;
    const inspect = config.inspectPort ? [`--inspect=127.0.0.1:${config.inspectPort}`] : [];
    let argv: string[];
    let dataDir: string | undefined;
    let health: string;
    let token: string | undefined;
    if (kind === "ours") {
      dataDir = mkdtempSync(join(tmpdir(), "crm-bench-sync-"));
      // The documents are `bench/records/…`: an editor token of a workspace with that id. The
      // token is checked once per connection, at the upgrade, as in production.
      token = (await provisionWorkspace(dataDir, "editor", "bench")).token;
      Object.assign(env, config.oursEnv, {
        DATA_DIR: dataDir,
        ROOM_IDLE_MS: String(config.roomIdleMs),
        LOG_LEVEL: "warn",
      });
      const main = config.oursMain ?? "sync-server/src/main.ts";
      argv = [process.execPath, ...inspect, ...config.oursNodeFlags, "--import", "tsx", main];
      health = `http://127.0.0.1:${port}/healthz`;
    } else {
      argv = [process.execPath, ...inspect, "node_modules/@y/websocket-server/src/server.js"];
      health = `http://127.0.0.1:${port}/`;
    }
    const child = spawnPinned(SERVER_CORE, argv, { cwd: repoRoot, env });
    let output = "";
    const keep = (d: Buffer) => {
      output = (output + d.toString()).slice(-4000);
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    try {
      await waitHttp(health, child, () => output);
    } catch (err) {
      await stopChild(child, 1000);
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
      throw new Error(`${kind} server: ${err instanceof Error ? err.message : String(err)}`);
    }
    const server = new BenchServer(kind, child, port, dataDir, allowedCpus(child.pid!));
    server.token = token;
    server.inspectPort = config.inspectPort;
    server.output = () => output;
    return server;
  }

  output: () => string = () => "";
  inspectPort: number | undefined;

  async stop(): Promise<void> {
    await stopChild(this.child);
    if (this.dataDir) rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/** The load-generator process and its request/response channel. */
export class LoadGen {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  /** CPUs the process may run on (Cpus_allowed_list). */
  cpus = "?";
  private constructor(readonly child: ChildProcess) {
    child.on("message", (msg: { id: number; ok: boolean; result?: unknown; error?: string }) => {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.ok) p.resolve(msg.result);
      else p.reject(new Error(`loadgen: ${msg.error}`));
    });
    child.once("exit", (code, signal) => {
      for (const p of this.pending.values()) p.reject(new Error(`loadgen exited (${code ?? signal})`));
      this.pending.clear();
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  static async start(): Promise<LoadGen> {
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.NODE_OPTIONS;
    const child = spawnPinned(
      LOADGEN_CORE,
      [process.execPath, "--max-old-space-size=4096", "--import", "tsx", "tests/bench/sync/loadgen.ts"],
      { cwd: repoRoot, env, ipc: true },
    );
    const gen = new LoadGen(child);
    await gen.call("prepare", { kind: "entries", size: 1 }, 30_000); // the process is up and answering
    gen.cpus = allowedCpus(child.pid!);
    return gen;
  }

  call<T>(cmd: string, args: object, timeoutMs: number): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`loadgen ${cmd} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v as T);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.child.send({ id, cmd, args });
    });
  }

  async stop(): Promise<void> {
    if (this.child.connected) this.child.disconnect();
    await stopChild(this.child, 3000);
  }
}
