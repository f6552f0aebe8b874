import { type ChildProcess, spawn } from "node:child_process";
import { createServer as createNetServer } from "node:net";
import { fileURLToPath } from "node:url";
import { waitUntil } from "./clients.js";

/*
 * Real `crm-server` processes for tests (the worker, the SIGKILL tests of the job machinery).
 * `node --import tsx src/cli.ts` runs the command in ONE process: the `tsx` CLI would fork a
 * child that a SIGKILL of the parent leaves running.
 */

const REPO = fileURLToPath(new URL("../../..", import.meta.url));
const CLI = fileURLToPath(new URL("../cli.ts", import.meta.url));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createNetServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface CrmProcess {
  child: ChildProcess;
  /** Everything written so far. */
  out(): string;
  err(): string;
  /** The first JSON log line with this `msg`, parsed. */
  line(msg: string): Record<string, unknown> | undefined;
}

/** Starts `crm-server <command>` and resolves once it logged `readyMsg` (or exited). */
export async function startCrm(
  command: "serve" | "worker",
  env: Record<string, string>,
  readyMsg: string,
  timeoutMs = 30_000,
  nodeArgs: string[] = [],
): Promise<CrmProcess> {
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", CLI, command], {
    cwd: REPO,
    env: { ...process.env, HOST: "127.0.0.1", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout!.on("data", (d) => {
    out += d;
  });
  child.stderr!.on("data", (d) => {
    err += d;
  });
  const proc: CrmProcess = {
    child,
    out: () => out,
    err: () => err,
    line: (msg) => {
      for (const l of out.split("\n")) {
        if (!l.includes(`"msg":${JSON.stringify(msg)}`)) continue;
        try {
          return JSON.parse(l) as Record<string, unknown>;
        } catch {
          // a line still being written
        }
      }
      return undefined;
    },
  };
  try {
    await waitUntil(
      `crm-server ${command} to log "${readyMsg}"`,
      () => !!proc.line(readyMsg) || child.exitCode !== null,
      timeoutMs,
    );
  } catch (e) {
    child.kill("SIGKILL");
    throw new Error(`${String(e)}\nstdout: ${out}\nstderr: ${err}`);
  }
  return proc;
}

export async function exited(
  child: ChildProcess,
  timeoutMs = 15_000,
): Promise<{ code: number | null; signal: string | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return { code: child.exitCode, signal: child.signalCode };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error("the process did not exit"));
    }, timeoutMs);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    });
  });
}

export interface ServedCrm extends CrmProcess {
  /** http://127.0.0.1:<port> */
  url: string;
}

/**
 * `crm-server serve` on `port` with its data in `dataDir` (the SIGKILL tests start it again and
 * again on the same ones); resolves once it listens, throws when it exited instead.
 */
export async function serveCrm(port: number, dataDir: string, env: Record<string, string> = {}): Promise<ServedCrm> {
  const proc = await startCrm("serve", { PORT: String(port), DATA_DIR: dataDir, ...env }, "listening");
  if (proc.child.exitCode !== null) throw new Error(`crm-server serve exited ${proc.child.exitCode}: ${proc.err()}`);
  return { ...proc, url: `http://127.0.0.1:${port}` };
}

/** SIGKILL, and resolves once the process is gone (at once when it already is). */
export async function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((r) => child.once("exit", r));
  child.kill("SIGKILL");
  await gone;
}
