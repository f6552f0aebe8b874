/*
 * What the browser benchmarks share: the build they serve, the headless Chromium they drive, and
 * the `big` demo workspace stored in that browser's IndexedDB the way a person gets it (signed in
 * online, "Load demo data" through `__crm.loadDemo('big')`), after which the server is stopped and
 * everything runs offline from the service worker.
 *
 * Seeding takes minutes. `BENCH_KEEP=<dir>` keeps the seeded browser profile, the server's data
 * and its port in <dir> and reuses them on the next run (IndexedDB belongs to the origin, so the
 * server comes back on the same port); the service worker and its caches are dropped then, so the
 * pages are those of the current build and only the stored data is reused.
 */
import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import { join, relative, resolve } from "node:path";
import { type BrowserContext, chromium, type Page } from "@playwright/test";
import playwrightConfig from "../playwright.config.js";
import { repoRoot, ServerProcess } from "../support/serverProcess.js";
import { createTeam } from "../support/team.js";
import { INIT_SCRIPT } from "./inPage.js";

/** The stored counts that say the big workspace is complete (demo.ts, `demoSizes.big`). */
export const EXPECTED = { accounts: 20_000, contacts: 50_000, orders: 250_000 } as const;

/** Bounds on every wait. */
export const T = {
  seed: 15 * 60_000,
  count: 2 * 60_000,
  page: 60_000,
  search: 30_000,
  shards: 5 * 60_000,
  launch: 60_000,
  close: 30_000,
};

export const baseArgs: string[] = [...(playwrightConfig.use?.launchOptions?.args ?? [])];
export const launchArgs = [...baseArgs, "--enable-precise-memory-info"];

export function positiveInt(value: string | undefined, fallback: number): number {
  const n = Number.parseInt(value ?? "", 10);
  return Number.isFinite(n) && n > 0 ? n : fallback;
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

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The load average, printed with every figure: the machine is shared and timings follow it. */
export function loadAverage(): string {
  try {
    return readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
  } catch {
    return os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(" ");
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

export interface Build {
  /** The directory served. */
  dir: string;
  /** A private build made for this run, to delete afterwards (null when an existing one is served). */
  privateDir: string | null;
  /** How the build is described in the results. */
  label: string;
}

/**
 * The build to serve: BENCH_DIST if given; web/dist when it is newer than every source file;
 * otherwise (missing, stale, or BENCH_BUILD=1) a private build in a temp directory, so the figures
 * are those of the working tree and the shared web/dist is never rewritten under anyone's feet.
 * Sets STATIC_DIR, which the server process inherits.
 */
export function ensureBuild(): Build {
  const given = process.env.BENCH_DIST;
  const distDir = resolve(given ?? join(repoRoot, "web/dist"));
  if (given) {
    if (!existsSync(join(distDir, "index.html"))) throw new Error(`BENCH_DIST=${distDir} has no index.html`);
    process.env.STATIC_DIR = distDir;
    return { dir: distDir, privateDir: null, label: relative(repoRoot, distDir) || distDir };
  }
  const index = join(distDir, "index.html");
  const source = newestSource();
  const built = existsSync(index) ? statSync(index).mtimeMs : 0;
  if (built > source.mtime && process.env.BENCH_BUILD !== "1") {
    log(`using ${relative(repoRoot, distDir)} (built ${new Date(built).toISOString()}, newer than every source)`);
    return { dir: distDir, privateDir: null, label: relative(repoRoot, distDir) };
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
  return { dir: outDir, privateDir: outDir, label: "private build of the working tree" };
}

/** Headless Debian Chromium with the project's flags, the bench init script in every document. */
export async function launch(userDataDir: string): Promise<BrowserContext> {
  const ctx = await chromium.launchPersistentContext(userDataDir, {
    executablePath: "/usr/bin/chromium",
    args: launchArgs,
    viewport: { width: 1280, height: 800 },
    locale: "en-US",
    timeout: T.launch,
  });
  ctx.setDefaultTimeout(T.page);
  ctx.setDefaultNavigationTimeout(T.page);
  await ctx.addInitScript({ content: INIT_SCRIPT });
  return ctx;
}

export async function closeContext(ctx: BrowserContext | null): Promise<void> {
  if (!ctx) return;
  await withTimeout(ctx.close(), T.close, "closing the browser").catch((e) => log(`close failed: ${e}`));
}

export async function waitForServiceWorker(page: Page): Promise<void> {
  await withTimeout(
    page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller) {
        await new Promise<void>((r) =>
          navigator.serviceWorker.addEventListener("controllerchange", () => r(), { once: true }),
        );
      }
    }),
    T.page,
    "service worker taking control",
  );
}

/** Waits until the runtime (`window.__crm`) of the app page is there. */
export async function waitForRuntime(page: Page): Promise<void> {
  await page.waitForFunction(() => "__crm" in window && (window as unknown as { __crm?: unknown }).__crm, undefined, {
    timeout: T.page,
  });
}

export async function counts(page: Page): Promise<{ accounts: number; contacts: number; orders: number }> {
  return page.evaluate(async () => {
    const { db } = (window as unknown as { __crm: { db: Record<string, { count(): Promise<number> }> } }).__crm;
    return {
      accounts: await db.accounts!.count(),
      contacts: await db.contacts!.count(),
      orders: await db.orders!.count(),
    };
  });
}

const complete = (c: { accounts: number; contacts: number; orders: number }) =>
  c.accounts === EXPECTED.accounts && c.contacts === EXPECTED.contacts && c.orders === EXPECTED.orders;

export interface Seeding {
  loadDemoMs: number;
  waitMs: number;
}

/** Opens the app with the server up, lets the service worker take over and writes the big demo. */
export async function seed(ctx: BrowserContext, url: string): Promise<Seeding> {
  const page = await ctx.newPage();
  await page.goto(`${url}/accounts`, { waitUntil: "load" });
  await waitForServiceWorker(page);
  await waitForRuntime(page);
  const before = await counts(page);
  if (before.accounts || before.contacts) throw new Error(`fresh profile already holds ${JSON.stringify(before)}`);
  log("seeding: __crm.loadDemo('big') — 20,000 accounts, 50,000 contacts, 250,000 orders… (allow minutes)");
  const t0 = Date.now();
  await withTimeout(
    page.evaluate(() => (window as unknown as { __crm: { loadDemo(s: string): Promise<void> } }).__crm.loadDemo("big")),
    T.seed,
    "loadDemo('big')",
  );
  const loadDemoMs = Date.now() - t0;
  const deadline = Date.now() + T.count;
  let now = await counts(page);
  while (!complete(now)) {
    if (Date.now() > deadline) throw new Error(`stored counts stuck at ${JSON.stringify(now)}`);
    await sleep(500);
    now = await counts(page);
  }
  const waitMs = Date.now() - t0 - loadDemoMs;
  log(`seeded in ${(loadDemoMs / 1000).toFixed(1)} s (+${waitMs} ms until the counts matched): ${JSON.stringify(now)}`);
  await page.close();
  return { loadDemoMs, waitMs };
}

/** Drops the service worker and its caches (not IndexedDB), then lets the served build install. */
async function renewShell(ctx: BrowserContext, url: string): Promise<void> {
  const page = await ctx.newPage();
  await page.goto(`${url}/icon.svg`, { waitUntil: "load" });
  await page.evaluate(async () => {
    for (const r of await navigator.serviceWorker.getRegistrations()) await r.unregister();
    for (const k of await caches.keys()) await caches.delete(k);
  });
  await page.close();
  const app = await ctx.newPage();
  await app.goto(`${url}/accounts`, { waitUntil: "load" });
  await waitForServiceWorker(app);
  await waitForRuntime(app);
  const stored = await counts(app);
  if (!complete(stored)) throw new Error(`the kept profile holds ${JSON.stringify(stored)}, not the big workspace`);
  await app.close();
}

export interface BigWorkspace {
  url: string;
  userDataDir: string;
  chromium: string;
  /** Null when a kept, already seeded profile was reused. */
  seeding: Seeding | null;
  /** Deletes what this run made (not a BENCH_KEEP directory) and stops the server. */
  dispose(): Promise<void>;
}

interface Kept {
  port: number;
}

/**
 * A browser profile holding the big workspace, its server stopped (every measurement is offline).
 * The returned browser is closed: each benchmark launches its own contexts on `userDataDir`.
 */
export async function bigWorkspace(): Promise<BigWorkspace> {
  const keep = process.env.BENCH_KEEP ? resolve(process.env.BENCH_KEEP) : null;
  const statePath = keep ? join(keep, "state.json") : null;
  const kept: Kept | null = statePath && existsSync(statePath) ? JSON.parse(readFileSync(statePath, "utf8")) : null;
  if (keep) mkdirSync(keep, { recursive: true });
  const userDataDir = keep ? join(keep, "profile") : mkdtempSync(join(os.tmpdir(), "crm-bench-profile-"));
  const serverDir = keep ? join(keep, "server") : undefined;
  if (serverDir) mkdirSync(serverDir, { recursive: true });
  const server = await ServerProcess.start({ dataDir: serverDir, port: kept?.port });
  const url = server.url;
  let ctx: BrowserContext | null = null;
  const dispose = async () => {
    await server.dispose();
    if (!keep) rmSync(userDataDir, { recursive: true, force: true });
  };
  try {
    ctx = await launch(userDataDir);
    const version = ctx.browser()?.version() ?? "unknown";
    let seeding: Seeding | null = null;
    if (kept) {
      log(`reusing the seeded profile in ${keep} (server on ${url}); renewing the app shell`);
      await renewShell(ctx, url);
    } else {
      // Signed in once, online; the offline runs open from the remembered session.
      const { owner } = await createTeam(url);
      await ctx.addCookies([{ name: "crm_session", value: owner.session, url }]);
      seeding = await seed(ctx, url);
      if (statePath) writeFileSync(statePath, JSON.stringify({ port: server.port } satisfies Kept));
    }
    await closeContext(ctx);
    ctx = null;
    await server.stop();
    const down = await fetch(`${url}/healthz`).then(
      () => false,
      () => true,
    );
    if (!down) throw new Error("the server still answers after stop()");
    log("server stopped: everything from here runs offline, the shell coming from the service worker");
    return { url, userDataDir, chromium: version, seeding, dispose };
  } catch (e) {
    await closeContext(ctx);
    await dispose();
    throw e;
  }
}

/** Writes results as JSON, formatted as the repository's formatter wants (so `npm run check` stays clean). */
export function writeResults(file: string, out: unknown): void {
  writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  try {
    execFileSync("npx", ["biome", "format", "--write", file], { cwd: repoRoot, stdio: "ignore", timeout: 60_000 });
  } catch {
    log("biome format of the results failed (the JSON is written all the same)");
  }
}

export function machine(chromiumVersion: string) {
  return {
    cpu: os.cpus()[0]?.model ?? "unknown",
    cores: os.cpus().length,
    totalMemoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    chromium: chromiumVersion,
  };
}
