import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

/*
 * Child processes of the benchmark: the two servers and the load generator, each pinned to a core
 * with `taskset` when it exists, and what /proc says about them (CPU ticks, RSS). Every child is
 * registered so that `killAll` (from `finally` and on SIGINT/SIGTERM) leaves nothing behind.
 */

export const HAS_TASKSET = spawnSync("taskset", ["-c", "0", "true"]).status === 0;
const CLK_TCK = Number(spawnSync("getconf", ["CLK_TCK"]).stdout?.toString().trim()) || 100;
const children = new Set<ChildProcess>();

export function killAll(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
  children.clear();
}

/** Spawns `argv` pinned to `core` (when taskset exists). `taskset` execs, so the pid is the program's. */
export function spawnPinned(
  core: number,
  argv: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; ipc?: boolean },
): ChildProcess {
  const [cmd, ...args] = HAS_TASKSET ? ["taskset", "-c", String(core), ...argv] : argv;
  const child = spawn(cmd!, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: options.ipc ? ["ignore", "inherit", "inherit", "ipc"] : ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
export async function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
}

export { freePort } from "../../support/serverProcess.js";

/** Polls `url` until it answers (any HTTP status), the child exits, or `timeoutMs` passes. */
export async function waitHttp(url: string, child: ChildProcess, output: () => string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`exited while starting:\n${output()}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms:\n${output()}`);
}

/** utime + stime of a process, in seconds. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}

function status(pid: number, key: string): string | undefined {
  const line = readFileSync(`/proc/${pid}/status`, "utf8")
    .split("\n")
    .find((l) => l.startsWith(`${key}:`));
  return line?.slice(key.length + 1).trim();
}

/** Resident set size in bytes (VmRSS). */
export function rssBytes(pid: number): number {
  return Number.parseInt(status(pid, "VmRSS") ?? "0", 10) * 1024;
}

export function allowedCpus(pid: number): string {
  return status(pid, "Cpus_allowed_list") ?? "?";
}

/** CPU% and RSS of one process over a window: `start()`, then `stop()`; RSS sampled every 250 ms. */
export class Sampler {
  private cpu0 = 0;
  private t0 = 0;
  private readonly rss: number[] = [];
  private timer: NodeJS.Timeout | undefined;
  constructor(private readonly pid: number) {}

  start(): this {
    this.cpu0 = cpuSeconds(this.pid);
    this.t0 = performance.now();
    this.rss.push(rssBytes(this.pid));
    this.timer = setInterval(() => this.rss.push(rssBytes(this.pid)), 250);
    return this;
  }

  stop(): { cpuPercent: number; rssMeanMiB: number; rssMaxMiB: number } {
    clearInterval(this.timer);
    const seconds = (performance.now() - this.t0) / 1000;
    const cpu = cpuSeconds(this.pid) - this.cpu0;
    this.rss.push(rssBytes(this.pid));
    const mean = this.rss.reduce((a, b) => a + b, 0) / this.rss.length;
    return {
      cpuPercent: Math.round((cpu / seconds) * 1000) / 10,
      rssMeanMiB: mib(mean),
      rssMaxMiB: mib(Math.max(...this.rss)),
    };
  }
}

export const mib = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;

/**
 * Diagnostic: a full garbage collection in a process started with `--inspect=127.0.0.1:<port>`,
 * through the DevTools protocol (HeapProfiler.collectGarbage). Tells memory that is garbage but
 * not yet collected (an idle V8 heap is not collected by itself) from memory that is still held.
 */
export async function forceGc(inspectPort: number, timeoutMs = 10_000): Promise<boolean> {
  const { WebSocket } = await import("ws");
  try {
    const res = await fetch(`http://127.0.0.1:${inspectPort}/json/list`, { signal: AbortSignal.timeout(timeoutMs) });
    const [target] = (await res.json()) as { webSocketDebuggerUrl: string }[];
    if (!target) return false;
    const ws = new WebSocket(target.webSocketDebuggerUrl);
    try {
      return await new Promise<boolean>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("inspector timeout")), timeoutMs);
        ws.on("error", reject);
        ws.on("message", (data) => {
          if ((JSON.parse(String(data)) as { id?: number }).id === 2) {
            clearTimeout(timer);
            resolve(true);
          }
        });
        ws.on("open", () => {
          ws.send(JSON.stringify({ id: 1, method: "HeapProfiler.enable" }));
          ws.send(JSON.stringify({ id: 2, method: "HeapProfiler.collectGarbage" }));
        });
      });
    } finally {
      ws.terminate();
    }
  } catch {
    return false;
  }
}
