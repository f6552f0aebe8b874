/*
 * What a browser benchmark needs around it: the build it serves, bounded waits, a log line and
 * results formatted like the rest of the repository. (The same rules as open-list.bench.ts: serve
 * web/dist only when it is newer than every source file, else a private build of the tree.)
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import { join, relative, resolve } from "node:path";
import { repoRoot } from "../support/server-process.js";

export function positiveInt(value: string | undefined, fallback: number): number {
  if (value === undefined || value === "") return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`expected a whole number >= 1, got "${value}"`);
  return n;
}

export function log(msg: string): void {
  process.stdout.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
}

export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Newest modification time (ms) of the files the web build is made from. */
function newestSource(): { file: string; mtime: number } {
  let newest = { file: "", mtime: 0 };
  const visit = (path: string) => {
    if (!existsSync(path)) return;
    const st = statSync(path);
    if (st.isDirectory()) {
      for (const name of readdirSync(path)) if (name !== "node_modules" && name !== "dist") visit(join(path, name));
    } else if (st.mtimeMs > newest.mtime) newest = { file: relative(repoRoot, path), mtime: st.mtimeMs };
  };
  for (const p of ["web/src", "web/public", "web/index.html", "schema/src", "vite.config.ts"]) visit(join(repoRoot, p));
  return newest;
}

/**
 * Points the server processes started afterwards (STATIC_DIR) at the build to serve: BENCH_DIST if
 * given; web/dist when newer than every source file; else (or with BENCH_BUILD=1) a private build
 * in a temp directory, so the figures are those of the working tree and the shared web/dist is
 * never rewritten under anyone's feet. Returns a function deleting that private build, if any.
 */
export function ensureBuild(): (() => void) | null {
  const given = process.env.BENCH_DIST;
  if (given) {
    const dir = resolve(given);
    if (!existsSync(join(dir, "index.html"))) throw new Error(`BENCH_DIST=${dir} has no index.html`);
    process.env.STATIC_DIR = dir;
    return null;
  }
  const dist = join(repoRoot, "web/dist");
  const index = join(dist, "index.html");
  const source = newestSource();
  const built = existsSync(index) ? statSync(index).mtimeMs : 0;
  if (built > source.mtime && process.env.BENCH_BUILD !== "1") {
    log(`using web/dist (built ${new Date(built).toISOString()}, newer than every source)`);
    process.env.STATIC_DIR = dist;
    return null;
  }
  const outDir = mkdtempSync(join(os.tmpdir(), "crm-bench-dist-"));
  const why = !built
    ? "web/dist is missing"
    : built <= source.mtime
      ? `${source.file} is newer than web/dist`
      : "BENCH_BUILD=1";
  log(`building the app into ${outDir} (${why})…`);
  const t0 = Date.now();
  try {
    execFileSync("npx", ["vite", "build", "--outDir", outDir, "--emptyOutDir"], {
      cwd: repoRoot,
      stdio: ["ignore", "ignore", "inherit"],
      timeout: 5 * 60_000,
    });
    if (!existsSync(join(outDir, "index.html"))) throw new Error(`vite build wrote no index.html into ${outDir}`);
  } catch (e) {
    rmSync(outDir, { recursive: true, force: true });
    throw e;
  }
  log(`built in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  process.env.STATIC_DIR = outDir;
  return () => rmSync(outDir, { recursive: true, force: true });
}

/** Keeps a results file as the repository's formatter wants it, so `npm run check` stays clean. */
export function formatJson(file: string): void {
  try {
    execFileSync("npx", ["biome", "format", "--write", file], { cwd: repoRoot, stdio: "ignore", timeout: 60_000 });
  } catch {
    log(`biome format of ${relative(repoRoot, file)} failed (the JSON is written all the same)`);
  }
}
