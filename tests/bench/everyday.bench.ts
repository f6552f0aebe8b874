/*
 * Everyday benchmark: with the `big` workspace stored locally (20,000 accounts, 50,000 contacts,
 * 250,000 orders…) and the server down, in a running browser:
 *   - the customer 360: SPA navigation from the accounts list to an account page until its key
 *     figures, orders, cases, contacts and timeline are painted (target ≤ 150 ms); reference: the
 *     same reads raw through the app's Dexie, in the same tab, next to each run;
 *   - search-as-you-type over 50,000 contacts: a name typed letter by letter (Playwright keyboard,
 *     a delay between keys), each keystroke's input event → that query's rows painted (target
 *     ≤ 30 ms a keystroke); reference: the index scan + row reads of 200 matches per prefix;
 *   - scrolling the 50,000 contacts and the 250,000 orders by mouse wheel through thousands of
 *     rows, observing long tasks and long animation frames (target: no task over 50 ms);
 *     reference: the same wheel sequence over the simplest virtual list (plain DOM, rows from memory).
 * Each figure is a median over runs with its reference from the same run and the ratio; the load
 * average is printed with each, the machine being shared.
 *
 *   npx tsx tests/bench/everyday.bench.ts
 *   BENCH_RUNS=5            runs per account (360), typing runs, scroll runs (default 5, 5, 3)
 *   BENCH_NAME="grace hopper"  the contact name typed
 *   BENCH_SCROLL_ROWS=5000  rows scrolled through per list
 *   BENCH_PROFILE=1         also CPU profiles (CDP Profiler) of one 360 opening and one typing run
 *   BENCH_KEEP=/tmp/dir     keep the seeded profile and reuse it next time (see bigWorkspace.ts)
 *   BENCH_DIST, BENCH_BUILD, BENCH_OUT  as in openList.bench.ts
 *
 * Writes tests/bench/results/everyday.json (and git-ignored *.cpuprofile files beside it).
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import type { BrowserContext, Page } from "@playwright/test";
import { repoRoot } from "../support/serverProcess.js";
import {
  bigWorkspace,
  closeContext,
  ensureBuild,
  launch,
  launchArgs,
  loadAverage,
  log,
  machine,
  positiveInt,
  sleep,
  T,
  waitForRuntime,
  writeResults,
} from "./bigWorkspace.js";
import {
  goList,
  type Keystroke,
  type LongTasks,
  type Open360,
  open360,
  type PickedAccount,
  pickAccounts,
  plainListHtml,
  prefixReads,
  read360,
  readKeystrokeLog,
  readLongTasks,
  startKeystrokeLog,
  startLongTasks,
} from "./everydayPage.js";
import { type CpuProfile, type ProfileSummary, printProfile, summarise } from "./profile.js";
import { round, type Stats, stats, table } from "./stats.js";

/** How much of each CPU profile is printed. */
const EVERYDAY_TOP = { scripts: 8, self: 12, inclusive: 15 };
const RUNS = positiveInt(process.env.BENCH_RUNS, 5);
const SCROLL_RUNS = positiveInt(process.env.BENCH_SCROLL_RUNS, 3);
const NAME = (process.env.BENCH_NAME ?? "margaret hamilton").toLocaleLowerCase();
const SCROLL_ROWS = positiveInt(process.env.BENCH_SCROLL_ROWS, 5000);
const KEY_DELAY_MS = 150;
const WHEEL_PX = 1200;
const ROW_PX = 48;
const PROFILE = process.env.BENCH_PROFILE === "1";
const TARGET = { open360: 150, keystroke: 30, longTask: 50 };

const outFile = resolve(repoRoot, process.env.BENCH_OUT ?? "tests/bench/results/everyday.json");

const p95 = (xs: number[]) => {
  const v = xs.filter(Number.isFinite).sort((a, b) => a - b);
  return v.length ? round(v[Math.min(v.length - 1, Math.ceil(v.length * 0.95) - 1)]!) : Number.NaN;
};

async function appPage(ctx: BrowserContext, url: string, path: string): Promise<Page> {
  const page = await ctx.newPage();
  await page.goto(`${url}${path}`, { waitUntil: "commit" });
  await waitForRuntime(page);
  await page.waitForFunction(() => performance.getEntriesByName("crm:list-rows").length > 0, undefined, {
    timeout: T.page,
    polling: "raf",
  });
  // Background decoding done (offline it only subscribes): a person's everyday, not startup.
  await page.waitForFunction(
    () => (window as unknown as { __bench?: { shardsDone?: number } }).__bench?.shardsDone !== undefined,
    undefined,
    { timeout: T.shards, polling: 100 },
  );
  return page;
}

async function withProfile<R>(page: Page, run: () => Promise<R>): Promise<{ result: R; profile: CpuProfile }> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send("Profiler.enable");
    await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
    await cdp.send("Profiler.start");
    const result = await run();
    const { profile } = (await cdp.send("Profiler.stop")) as unknown as { profile: CpuProfile };
    return { result, profile };
  } finally {
    await cdp.detach().catch(() => {});
  }
}

// ── the customer 360 ────────────────────────────────────────────────────────────────────────

interface Run360 {
  account: string;
  app: number;
  ref: number;
  load: string;
}

async function bench360(ctx: BrowserContext, url: string, accounts: PickedAccount[]) {
  const page = await appPage(ctx, url, "/accounts");
  const runs: Run360[] = [];
  try {
    // One untimed visit of each account first: its first opening pays for code and caches once.
    for (const a of accounts) {
      await page.evaluate(goList, { path: "/accounts", collection: "accounts", timeoutMs: T.page });
      const shown: Open360 = await page.evaluate(open360, { id: a.id, timeoutMs: T.page });
      if (shown.title !== a.name) throw new Error(`account page shows "${shown.title}", expected "${a.name}"`);
      log(`360 warm-up ${a.why} "${a.name}": ${round(shown.ms)} ms (${shown.ordersShown} orders shown)`);
    }
    for (let i = 0; i < RUNS; i++) {
      for (const a of accounts) {
        const order = (i + accounts.indexOf(a)) % 2 === 0 ? ["ref", "app"] : ["app", "ref"];
        let app = Number.NaN;
        let ref = Number.NaN;
        for (const kind of order) {
          await page.evaluate(goList, { path: "/accounts", collection: "accounts", timeoutMs: T.page });
          await sleep(200); // the list settles (its count query) before the click
          if (kind === "app") app = (await page.evaluate(open360, { id: a.id, timeoutMs: T.page })).ms;
          else ref = (await page.evaluate(read360, { id: a.id })).ms;
        }
        runs.push({ account: a.id, app: round(app), ref: round(ref), load: loadAverage() });
      }
      const last = runs.slice(-accounts.length);
      log(
        `360 run ${i + 1}/${RUNS}: ${last.map((r) => `${r.app}/${r.ref}`).join(", ")} ms app/ref | load ${loadAverage()}`,
      );
    }
    let profile: ProfileSummary | undefined;
    if (PROFILE) {
      const heavy = accounts[0]!;
      await page.evaluate(goList, { path: "/accounts", collection: "accounts", timeoutMs: T.page });
      const { result, profile: p } = await withProfile(page, () =>
        page.evaluate(open360, { id: heavy.id, timeoutMs: T.page }),
      );
      saveProfile(".open360.cpuprofile", p);
      profile = summarise(p);
      log(`profiled 360 of "${heavy.name}": ${round(result.ms)} ms`);
    }
    return { runs, profile };
  } finally {
    await page.close();
  }
}

// ── search as you type ──────────────────────────────────────────────────────────────────────

interface TypingRun {
  keystrokes: Keystroke[];
  ref: number[];
  load: string;
}

async function typeOnce(page: Page): Promise<Keystroke[]> {
  const box = page.locator("input[data-search]");
  await box.fill("");
  await page.waitForFunction(
    () =>
      (performance.getEntriesByName("crm:list-rows", "mark") as PerformanceMark[]).some(
        (m) => (m.detail as { query?: string }).query === "",
      ),
    undefined,
    { timeout: T.page, polling: "raf" },
  );
  await sleep(300);
  await page.evaluate(() => performance.clearMarks("crm:list-rows"));
  await page.evaluate(startKeystrokeLog);
  await box.focus();
  await page.keyboard.type(NAME, { delay: KEY_DELAY_MS });
  await page.waitForFunction(
    (name) =>
      (performance.getEntriesByName("crm:list-rows", "mark") as PerformanceMark[]).some(
        (m) => (m.detail as { query?: string }).query === name,
      ),
    NAME,
    { timeout: T.search, polling: "raf" },
  );
  await sleep(300);
  return page.evaluate(readKeystrokeLog, { collection: "contacts" });
}

async function benchSearch(ctx: BrowserContext, url: string) {
  const page = await appPage(ctx, url, "/contacts");
  const runs: TypingRun[] = [];
  const prefixes = [...NAME].map((_, i) => NAME.slice(0, i + 1));
  try {
    await typeOnce(page); // warm-up, not counted
    for (let i = 0; i < RUNS; i++) {
      const refFirst = i % 2 === 0;
      const ref1 = refFirst ? await page.evaluate(prefixReads, { collection: "contacts", values: prefixes }) : [];
      const keystrokes = await typeOnce(page);
      const ref2 = refFirst ? [] : await page.evaluate(prefixReads, { collection: "contacts", values: prefixes });
      const ref = [...ref1, ...ref2].map((x) => round(x));
      if (keystrokes.length !== NAME.length)
        throw new Error(`${keystrokes.length} input events for ${NAME.length} keys typed`);
      runs.push({ keystrokes: keystrokes.map((k) => ({ ...k, ms: round(k.ms) })), ref, load: loadAverage() });
      const ms = keystrokes.map((k) => k.ms);
      log(
        `typing run ${i + 1}/${RUNS}: median ${stats(ms)?.median} ms, worst ${round(Math.max(...ms))} ms ("${
          keystrokes[ms.indexOf(Math.max(...ms))]?.value
        }"), ${keystrokes.filter((k) => !k.own).length} overtaken | reference median ${stats(ref)?.median} ms | load ${loadAverage()}`,
      );
    }
    let profile: ProfileSummary | undefined;
    if (PROFILE) {
      const { profile: p } = await withProfile(page, () => typeOnce(page));
      saveProfile(".typing.cpuprofile", p);
      profile = summarise(p);
    }
    return { runs, profile };
  } finally {
    await page.close();
  }
}

// ── scrolling ───────────────────────────────────────────────────────────────────────────────

interface ScrollRun {
  rowsReached: number;
  seconds: number;
  longestTask: number;
  tasksOver50: number;
  longestFrame: number;
  framesOver50: number;
  worstFrameScript: string;
  load: string;
}

/** Wheels the scroller under the mouse through SCROLL_ROWS rows, observing long tasks. */
async function wheelThrough(page: Page, scroller: string, rowsNow: () => Promise<number>): Promise<ScrollRun> {
  const box = await page.locator(scroller).boundingBox();
  if (!box) throw new Error(`no ${scroller} on the page`);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.evaluate(startLongTasks);
  const t0 = Date.now();
  const steps = Math.ceil((SCROLL_ROWS * ROW_PX) / WHEEL_PX);
  for (let i = 0; i < steps; i++) {
    await page.mouse.wheel(0, WHEEL_PX);
    await sleep(16);
  }
  await sleep(1000); // what the last wheel started (more rows read) finishes
  const seconds = (Date.now() - t0) / 1000;
  const long: LongTasks = await page.evaluate(readLongTasks);
  const worst = [...long.frames].sort((a, b) => b.duration - a.duration)[0];
  return {
    rowsReached: await rowsNow(),
    seconds: round(seconds),
    longestTask: round(Math.max(0, ...long.longtasks)),
    tasksOver50: long.longtasks.filter((d) => d > TARGET.longTask).length,
    longestFrame: round(worst?.duration ?? 0),
    framesOver50: long.frames.filter((f) => f.blocking > 0).length,
    worstFrameScript: worst?.script ?? "",
    load: loadAverage(),
  };
}

async function benchScroll(ctx: BrowserContext, url: string, path: string, label: string) {
  const app: ScrollRun[] = [];
  const ref: ScrollRun[] = [];
  for (let i = 0; i < SCROLL_RUNS; i++) {
    const order = i % 2 === 0 ? ["app", "ref"] : ["ref", "app"];
    for (const kind of order) {
      if (kind === "app") {
        const page = await appPage(ctx, url, path);
        try {
          await sleep(500);
          app.push(
            await wheelThrough(page, ".record-list-scroll", () =>
              page.evaluate((l) => {
                const rows = [...document.querySelectorAll(`ul[aria-label="${l}"] > li`)];
                return Math.max(0, ...rows.map((r) => Number(r.getAttribute("aria-posinset") ?? 0)));
              }, label),
            ),
          );
        } finally {
          await page.close();
        }
      } else {
        const page = await ctx.newPage();
        try {
          await page.setContent(plainListHtml(SCROLL_ROWS + 20));
          await page.evaluate("globalThis.__name ??= (f) => f");
          const r = await wheelThrough(page, "#s", () =>
            page.evaluate(() => Math.floor((document.querySelector("#s")!.scrollTop + 600) / 48)),
          );
          // The longest draw, when no task passed the 50 ms a long task is reported from.
          const draw = await page.evaluate(() => (window as unknown as { __maxDraw: number }).__maxDraw);
          ref.push({ ...r, longestTask: round(Math.max(r.longestTask, draw)) });
        } finally {
          await page.close();
        }
      }
    }
    const a = app.at(-1)!;
    const r = ref.at(-1)!;
    log(
      `scroll ${path} ${i + 1}/${SCROLL_RUNS}: ${a.rowsReached} rows in ${a.seconds} s, longest task ${a.longestTask} ms, ${a.tasksOver50} over 50 ms, longest frame ${a.longestFrame} ms (${a.worstFrameScript}) | bare virtual list: longest task ${r.longestTask} ms | load ${loadAverage()}`,
    );
  }
  return { app, ref };
}

// ── output ──────────────────────────────────────────────────────────────────────────────────

const profileFiles: string[] = [];
function saveProfile(suffix: string, p: CpuProfile): void {
  const file = outFile.replace(/\.json$/, "") + suffix;
  writeFileSync(file, JSON.stringify(p));
  profileFiles.push(relative(repoRoot, file));
}

const col = (s: Stats | null): (string | number)[] => (s ? [s.median, s.min, s.max, s.n] : ["–", "–", "–", 0]);

async function main(): Promise<void> {
  const build = ensureBuild();
  mkdirSync(dirname(outFile), { recursive: true });
  const started = Date.now();
  const ws = await bigWorkspace();
  let ctx: BrowserContext | null = null;
  try {
    ctx = await launch(ws.userDataDir);
    log(`offline on ${ws.url}; ${RUNS} runs; typing "${NAME}"; load ${loadAverage()}`);
    const picker = await appPage(ctx, ws.url, "/accounts");
    const accounts = await picker.evaluate(pickAccounts);
    await picker.close();
    for (const a of accounts)
      log(
        `account ${a.why}: "${a.name}" ${a.orders} orders, ${a.cases} cases, ${a.contacts} contacts, ${a.activities} activities`,
      );

    const c360 = await bench360(ctx, ws.url, accounts);
    const search = await benchSearch(ctx, ws.url);
    const scrollContacts = await benchScroll(ctx, ws.url, "/contacts", "Contacts");
    const scrollOrders = await benchScroll(ctx, ws.url, "/orders", "Orders");

    // ── summaries
    const per360 = accounts.map((a) => {
      const rs = c360.runs.filter((r) => r.account === a.id);
      return {
        account: a,
        app: stats(rs.map((r) => r.app)),
        ref: stats(rs.map((r) => r.ref)),
        ratio: stats(rs.map((r) => round(r.app / r.ref, 2))),
      };
    });
    const all360 = {
      app: stats(c360.runs.map((r) => r.app)),
      ref: stats(c360.runs.map((r) => r.ref)),
      ratio: stats(c360.runs.map((r) => round(r.app / r.ref, 2))),
    };
    const keys = search.runs.flatMap((r) => r.keystrokes);
    const keyMs = keys.map((k) => k.ms);
    const byPrefixLen = [...NAME].map((_, i) => {
      const v = search.runs.map((r) => r.keystrokes[i]?.ms ?? Number.NaN);
      return { value: NAME.slice(0, i + 1), ...stats(v)! };
    });
    const worstKey = keys.reduce((w, k) => (k.ms > w.ms ? k : w), keys[0]!);
    const refKeys = search.runs.flatMap((r) => r.ref);
    const searchSummary = {
      keystroke: stats(keyMs),
      p95: p95(keyMs),
      worst: worstKey,
      overtaken: keys.filter((k) => !k.own).length,
      ref: stats(refKeys),
      ratioOfMedians: round((stats(keyMs)?.median ?? Number.NaN) / (stats(refKeys)?.median ?? Number.NaN), 2),
      byPrefix: byPrefixLen,
    };
    const scrollSummary = (s: { app: ScrollRun[]; ref: ScrollRun[] }) => ({
      longestTask: stats(s.app.map((r) => r.longestTask)),
      tasksOver50: stats(s.app.map((r) => r.tasksOver50)),
      longestFrame: stats(s.app.map((r) => r.longestFrame)),
      rowsReached: stats(s.app.map((r) => r.rowsReached)),
      refLongestTask: stats(s.ref.map((r) => r.longestTask)),
      ratio: stats(s.app.map((r, i) => round(r.longestTask / Math.max(1, s.ref[i]?.longestTask ?? 1), 2))),
    });
    const scroll = { contacts: scrollSummary(scrollContacts), orders: scrollSummary(scrollOrders) };

    // ── table
    const header = ["figure", "median", "min", "max", "n"];
    const rows: (string | number)[][] = [
      ["360: navigation → painted, all accounts (ms)", ...col(all360.app)],
      ["360: reference, same reads raw in Dexie (ms)", ...col(all360.ref)],
      ["360: ratio app / reference (paired)", ...col(all360.ratio)],
      ...per360.flatMap((p) => [
        [
          `  360 "${p.account.name}" (${p.account.why}: ${p.account.orders} orders, ${p.account.cases} cases) ms`,
          ...col(p.app),
        ],
        ["    reference (ms)", ...col(p.ref)],
      ]),
      [`search: keystroke → rows painted, "${NAME}" (ms)`, ...col(searchSummary.keystroke)],
      ["search: reference, prefix scan + 200 rows (ms)", ...col(searchSummary.ref)],
      ...byPrefixLen.slice(0, 4).map((b) => [`  search "${b.value}" (ms)`, b.median, b.min, b.max, b.n]),
      ["scroll contacts: longest task (ms)", ...col(scroll.contacts.longestTask)],
      ["scroll contacts: tasks over 50 ms", ...col(scroll.contacts.tasksOver50)],
      ["scroll contacts: longest animation frame (ms)", ...col(scroll.contacts.longestFrame)],
      ["scroll contacts: reference bare virtual list, longest task (ms)", ...col(scroll.contacts.refLongestTask)],
      ["scroll contacts: ratio longest task app / reference (paired)", ...col(scroll.contacts.ratio)],
      ["scroll orders: longest task (ms)", ...col(scroll.orders.longestTask)],
      ["scroll orders: tasks over 50 ms", ...col(scroll.orders.tasksOver50)],
      ["scroll orders: longest animation frame (ms)", ...col(scroll.orders.longestFrame)],
      ["scroll orders: reference bare virtual list, longest task (ms)", ...col(scroll.orders.refLongestTask)],
      ["scroll orders: ratio longest task app / reference (paired)", ...col(scroll.orders.ratio)],
    ];
    process.stdout.write(`\n${table(header, rows)}\n\n`);
    process.stdout.write(
      `search: p95 ${searchSummary.p95} ms, worst ${round(worstKey.ms)} ms at "${worstKey.value}", ${searchSummary.overtaken} of ${keys.length} keystrokes overtaken by the next; ratio of medians ${searchSummary.ratioOfMedians}\n`,
    );
    const verdict = (what: string, v: number | undefined, target: number) =>
      `${what}: ${v} vs target ≤ ${target} → ${v !== undefined && v <= target ? "met" : "NOT met"} on this machine`;
    process.stdout.write(`${verdict("360 median (ms)", all360.app?.median, TARGET.open360)}\n`);
    process.stdout.write(`${verdict("keystroke median (ms)", searchSummary.keystroke?.median, TARGET.keystroke)}\n`);
    process.stdout.write(
      `${verdict("scroll contacts, longest task median (ms)", scroll.contacts.longestTask?.median, TARGET.longTask)}\n`,
    );
    process.stdout.write(
      `${verdict("scroll orders, longest task median (ms)", scroll.orders.longestTask?.median, TARGET.longTask)}\n`,
    );
    process.stdout.write(`load average now ${loadAverage()}\n`);
    if (c360.profile) printProfile("CPU profile: opening the heaviest account's 360", c360.profile, EVERYDAY_TOP);
    if (search.profile) printProfile(`CPU profile: typing "${NAME}"`, search.profile, EVERYDAY_TOP);
    if (profileFiles.length) process.stdout.write(`\nprofiles: ${profileFiles.join(", ")}\n`);

    const out = {
      benchmark: "everyday",
      date: new Date().toISOString(),
      machine: machine(ws.chromium),
      config: {
        runs: RUNS,
        scrollRuns: SCROLL_RUNS,
        typed: NAME,
        keyDelayMs: KEY_DELAY_MS,
        scrollRows: SCROLL_ROWS,
        wheelPx: WHEEL_PX,
        dist: build.label,
        launchArgs,
        targets: TARGET,
      },
      seeding: ws.seeding,
      open360: { ...all360, perAccount: per360, runs: c360.runs, profile: c360.profile },
      search: { ...searchSummary, runs: search.runs, profile: search.profile },
      scroll: { contacts: { ...scroll.contacts, ...scrollContacts }, orders: { ...scroll.orders, ...scrollOrders } },
      targets: {
        open360MedianMet: (all360.app?.median ?? Number.POSITIVE_INFINITY) <= TARGET.open360,
        keystrokeMedianMet: (searchSummary.keystroke?.median ?? Number.POSITIVE_INFINITY) <= TARGET.keystroke,
        scrollContactsMet: (scroll.contacts.longestTask?.median ?? Number.POSITIVE_INFINITY) <= TARGET.longTask,
        scrollOrdersMet: (scroll.orders.longestTask?.median ?? Number.POSITIVE_INFINITY) <= TARGET.longTask,
      },
      loadAverageAtEnd: loadAverage(),
      totalSeconds: round((Date.now() - started) / 1000),
    };
    writeResults(outFile, out);
    log(`wrote ${relative(repoRoot, outFile)} (${out.totalSeconds} s in all)`);
  } finally {
    await closeContext(ctx);
    await ws.dispose();
    if (build.privateDir) rmSync(build.privateDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
