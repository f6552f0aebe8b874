import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * `imports` entry that makes the server the next release's: its protocol one version newer, no
 * longer speaking this one (nextProtocol.mjs) — what an installed copy of the app meets after an
 * upgrade.
 */
export const NEXT_PROTOCOL = "./tests/support/nextProtocol.mjs";

/** A free TCP port on 127.0.0.1, so a restarted server can come back on the same address. */
export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once("error", fail);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => ok(port));
    });
  });
}

/**
 * The real sync server as its own process (`tsx sync-server/src/main.ts`) on 127.0.0.1 with a
 * private data directory; it can be stopped, killed and started again on the same port and data.
 */
export class ServerProcess {
  private child: ChildProcess | null = null;
  private constructor(
    readonly port: number,
    readonly dataDir: string,
    private readonly ownsDir: boolean,
    private readonly env: Record<string, string>,
    private readonly imports: string[],
  ) {}

  /**
   * `port`: a given one (a browser profile's IndexedDB belongs to its origin), else a free one.
   * `env`: extra settings (PUBLIC_URL, limits, …). `imports`: modules node preloads (`--import`),
   * e.g. NEXT_PROTOCOL.
   */
  static async start(
    options: { dataDir?: string; port?: number; env?: Record<string, string>; imports?: string[] } = {},
  ): Promise<ServerProcess> {
    const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "crm-e2e-"));
    const s = new ServerProcess(
      options.port ?? (await freePort()),
      dataDir,
      !options.dataDir,
      options.env ?? {},
      options.imports ?? [],
    );
    await s.start();
    return s;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child !== null;
  }

  /** The server's process id (its memory is read from /proc by the limits test). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(): Promise<void> {
    if (this.child) return;
    const preload = ["tsx", ...this.imports].flatMap((m) => ["--import", m]);
    const child = spawn(process.execPath, [...preload, "sync-server/src/main.ts"], {
      cwd: repoRoot,
      env: {
        ...process.env,
        PORT: String(this.port),
        HOST: "127.0.0.1",
        DATA_DIR: this.dataDir,
        LOG_LEVEL: "warn",
        ...this.env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child = child;
    let output = "";
    child.stdout?.on("data", (d) => (output += d));
    child.stderr?.on("data", (d) => (output += d));
    child.once("exit", () => {
      if (this.child === child) this.child = null;
    });
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      if (!this.child) throw new Error(`server exited while starting:\n${output}`);
      try {
        const res = await fetch(`${this.url}/healthz`);
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    child.kill("SIGKILL");
    throw new Error(`server did not become healthy within 20 s:\n${output}`);
  }

  /** SIGTERM and wait for exit (or SIGKILL when `signal` says so). */
  async stop(signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
    const child = this.child;
    if (!child) return;
    const exited = new Promise<void>((r) => child.once("exit", () => r()));
    child.kill(signal);
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
    this.child = null;
  }

  async dispose(): Promise<void> {
    await this.stop("SIGKILL");
    if (this.ownsDir) rmSync(this.dataDir, { recursive: true, force: true });
  }
}
