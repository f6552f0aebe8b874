/*
 * Where the startup time goes: a V8 CPU profile of one page load (CDP `Profiler`), summarised by
 * self time and inclusive time per function and per script, and the cost of the list's queries
 * alone. Diagnostic only: the benchmark's figures come from the runs, not from here.
 */
import type { Page } from "@playwright/test";
import { table } from "./stats.js";

interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

export interface CpuProfile {
  nodes: CpuProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface ProfileSummary {
  totalMs: number;
  /** Self time by script (file name) or V8 bucket: (program), (garbage collector), (idle). */
  byScript: { script: string; selfMs: number }[];
  /** Functions by self time. */
  topSelf: { fn: string; selfMs: number }[];
  /** Functions by inclusive time (each sample counted once per function on its stack). */
  topInclusive: { fn: string; totalMs: number }[];
}

const scriptName = (url: string) => url.replace(/^.*\//, "").replace(/[?#].*$/, "") || "(native)";

function frameKey(node: CpuProfileNode): string {
  const { functionName, url, lineNumber, columnNumber } = node.callFrame;
  if (!url) return functionName || "(anonymous)";
  return `${functionName || "(anonymous)"} ${scriptName(url)}:${lineNumber + 1}:${columnNumber + 1}`;
}

export function summarise(profile: CpuProfile, top = 25): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const scripts = new Map<string, number>();
  let total = 0;
  for (let i = 0; i < samples.length; i++) {
    // timeDeltas[i] precedes sample i: the time until the next sample is spent where sample i was.
    const us = deltas[i + 1] ?? 0;
    const node = byId.get(samples[i]!);
    if (!node) continue;
    total += us;
    const key = frameKey(node);
    self.set(key, (self.get(key) ?? 0) + us);
    const script = node.callFrame.url ? scriptName(node.callFrame.url) : node.callFrame.functionName || "(native)";
    scripts.set(script, (scripts.get(script) ?? 0) + us);
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const k = frameKey(byId.get(id)!);
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + us);
    }
  }
  const ms = (us: number) => Math.round(us / 100) / 10;
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]);
  return {
    totalMs: ms(total),
    byScript: sorted(scripts).map(([script, us]) => ({ script, selfMs: ms(us) })),
    topSelf: sorted(self)
      .slice(0, top)
      .map(([fn, us]) => ({ fn, selfMs: ms(us) })),
    topInclusive: sorted(inclusive)
      .filter(([fn]) => fn !== "(root)")
      .slice(0, top)
      .map(([fn, us]) => ({ fn, totalMs: ms(us) })),
  };
}

/** Runs the in-page search (see inPage.ts) under the CPU profiler. */
export async function profileSearch(page: Page, query: string, timeoutMs: number): Promise<CpuProfile> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send("Profiler.enable");
    await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
    await cdp.send("Profiler.start");
    await page.evaluate(
      ([q, ms]) =>
        (window as unknown as { __benchSearch(q: string, ms: number): Promise<unknown> }).__benchSearch(q, ms),
      [query, timeoutMs] as const,
    );
    const { profile } = (await cdp.send("Profiler.stop")) as unknown as { profile: CpuProfile };
    return profile;
  } finally {
    await cdp.detach().catch(() => {});
  }
}

/** Loads `url` in `page` under the CPU profiler until the app marks its first rows. */
export async function profileLoad(page: Page, url: string, timeoutMs: number): Promise<CpuProfile> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send("Profiler.enable");
    await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
    await cdp.send("Profiler.start");
    await page.goto(url, { waitUntil: "commit", timeout: timeoutMs });
    await page.waitForFunction(() => performance.getEntriesByName("crm:first-rows").length > 0, undefined, {
      timeout: timeoutMs,
      polling: "raf",
    });
    const { profile } = (await cdp.send("Profiler.stop")) as unknown as { profile: CpuProfile };
    return profile;
  } finally {
    await cdp.detach().catch(() => {});
  }
}

export interface QueryTimings {
  /** Each query alone, repeated; ms medians over `repeat` tries (and the first try apart). */
  [what: string]: { first: number; median: number };
}

/**
 * The list's queries on their own, in an app page that has finished loading (nothing else
 * running), each timed in-page: what Dexie and IndexedDB cost without React or Yjs around.
 */
export async function queryTimings(page: Page, query: string, repeat: number): Promise<QueryTimings> {
  return page.evaluate(
    async ({ query, repeat }) => {
      type Coll = {
        toArray(): Promise<unknown[]>;
        primaryKeys(): Promise<string[]>;
        limit(n: number): Coll;
        distinct(): Coll;
        count(): Promise<number>;
      };
      type Table = {
        orderBy(k: string): Coll;
        count(): Promise<number>;
        where(k: string): { startsWith(p: string): Coll };
        bulkGet(keys: string[]): Promise<unknown[]>;
      };
      const crm = (window as unknown as { __crm: { db: { accounts: Table; constructor: unknown; name: string } } })
        .__crm;
      const dbName = crm.db.name;
      const accounts = crm.db.accounts;
      const DbClass = crm.db.constructor as new (name: string) => { open(): Promise<unknown>; close(): void };
      const cases: [string, () => Promise<unknown>][] = [
        ["dexie orderBy(sortKey).limit(200).toArray()", () => accounts.orderBy("sortKey").limit(200).toArray()],
        ["dexie accounts.count()", () => accounts.count()],
        [
          `dexie where(terms).startsWith("${query}").distinct().limit(500).toArray()`,
          () => accounts.where("terms").startsWith(query).distinct().limit(500).toArray(),
        ],
        [
          `dexie where(terms).startsWith("${query}").limit(1000).primaryKeys() → dedupe → bulkGet(≤500)`,
          async () => {
            const keys = await accounts.where("terms").startsWith(query).limit(1000).primaryKeys();
            return accounts.bulkGet([...new Set(keys)].slice(0, 500));
          },
        ],
        [
          "raw IDB index(sortKey).getAll(null, 200) (open db each time)",
          () =>
            new Promise((resolve, reject) => {
              const req = indexedDB.open(dbName);
              req.onerror = () => reject(req.error);
              req.onsuccess = () => {
                const db = req.result;
                const get = db.transaction("accounts").objectStore("accounts").index("sortKey").getAll(null, 200);
                get.onsuccess = () => {
                  db.close();
                  resolve(get.result);
                };
                get.onerror = () => reject(get.error);
              };
            }),
        ],
        [
          "dexie: a second CrmDatabase open() + close()",
          async () => {
            const db = new DbClass(dbName);
            await db.open();
            db.close();
          },
        ],
      ];
      const out: Record<string, { first: number; median: number }> = {};
      for (const [name, run] of cases) {
        const times: number[] = [];
        for (let i = 0; i < repeat; i++) {
          const t0 = performance.now();
          await run();
          times.push(performance.now() - t0);
        }
        const rest = times.slice(1).sort((a, b) => a - b);
        out[name] = {
          first: Math.round(times[0]! * 10) / 10,
          median: Math.round((rest[rest.length >> 1] ?? times[0]!) * 10) / 10,
        };
      }
      return out;
    },
    { query, repeat },
  );
}

/** Prints a summary: the top scripts, and the top functions by self and by inclusive time. */
export function printProfile(
  title: string,
  p: ProfileSummary,
  top: { scripts: number; self: number; inclusive: number } = { scripts: 10, self: 15, inclusive: 20 },
): void {
  process.stdout.write(`\n${title}: ${p.totalMs} ms sampled\n`);
  const byScript = p.byScript.slice(0, top.scripts).map((r) => [r.script, r.selfMs]);
  process.stdout.write(`${table(["script / bucket", "self ms"], byScript)}\n\n`);
  const self = p.topSelf.slice(0, top.self).map((r) => [r.fn, r.selfMs]);
  process.stdout.write(`${table(["function (self)", "ms"], self)}\n\n`);
  const inclusive = p.topInclusive.slice(0, top.inclusive).map((r) => [r.fn, r.totalMs]);
  process.stdout.write(`${table(["function (inclusive)", "ms"], inclusive)}\n`);
}
