import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * `<DATA_DIR>/crm-server.pid`: written by a server that opened the data directory's database,
 * removed when it closes cleanly. `crm-server restore` refuses to run while that process lives.
 */
export const PID_FILE = "crm-server.pid";

export function pidFilePath(dataDir: string): string {
  return join(dataDir, PID_FILE);
}

export function writePidFile(dataDir: string, pid = process.pid): string {
  const file = pidFilePath(dataDir);
  writeFileSync(file, `${pid}\n`);
  return file;
}

/** Removes the pid file if it still names `pid` (another server may have taken over since). */
export function removePidFile(dataDir: string, pid = process.pid): void {
  if (readPid(dataDir) === pid) rmSync(pidFilePath(dataDir), { force: true });
}

/** The pid in the file, or undefined when there is none (or it is not a number). */
export function readPid(dataDir: string): number | undefined {
  let text: string;
  try {
    text = readFileSync(pidFilePath(dataDir), "utf8");
  } catch {
    return undefined;
  }
  const pid = Number(text.trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The pid of a live server on `dataDir`, or undefined (no pid file, or a stale one). */
export function runningServerPid(dataDir: string): number | undefined {
  const pid = readPid(dataDir);
  return pid !== undefined && isAlive(pid) ? pid : undefined;
}
