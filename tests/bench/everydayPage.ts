/*
 * In-page code of the everyday benchmark (everyday.bench.ts), run through `page.evaluate`: every
 * time is taken inside the page against `performance.now()`, from the event a person causes to a
 * `performance.mark` the app sets one frame after it rendered the answer (web/src/ui/paintMark.ts):
 * `crm:account-360` {id} and `crm:list-rows` {collection, query, rows}.
 *
 * Serialized with `Function.prototype.toString()`: nothing here may close over this module.
 */

type Keys = { keys(): Promise<string[]> };
type Coll = Keys & { toArray(): Promise<unknown[]>; limit(n: number): Coll; primaryKeys(): Promise<string[]> };
type Table = {
  get(id: string): Promise<unknown>;
  orderBy(index: string): Keys;
  where(index: string): {
    equals(v: string): Coll & { sortBy(k: string): Promise<unknown[]> };
    startsWith(p: string): Coll;
  };
  bulkGet(keys: string[]): Promise<unknown[]>;
  toCollection(): Coll;
};
type Db = Record<string, Table>;

export interface PickedAccount {
  id: string;
  name: string;
  why: string;
  orders: number;
  cases: number;
  contacts: number;
  activities: number;
}

/** Accounts to open: most orders, most cases, a typical buyer, and one with no orders at all. */
export async function pickAccounts(): Promise<PickedAccount[]> {
  const db = (window as unknown as { __crm: { db: Db } }).__crm.db;
  const tally = async (table: string) => {
    const m = new Map<string, number>();
    for (const k of await db[table]!.orderBy("accountId").keys()) m.set(k, (m.get(k) ?? 0) + 1);
    return m;
  };
  const [orders, cases, contacts, activities] = await Promise.all(
    ["orders", "cases", "contacts", "activities"].map(tally),
  );
  const byCount = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const ordered = byCount(orders!);
  const picks: [string, string][] = [
    [ordered[0]![0], "most orders"],
    [byCount(cases!)[0]![0], "most cases"],
    [ordered[ordered.length >> 1]![0], "median buyer"],
  ];
  const accountKeys = await db.accounts!.toCollection().primaryKeys();
  const noOrders = accountKeys.find((id) => !orders!.has(id));
  if (noOrders) picks.push([noOrders, "no orders"]);
  const out: PickedAccount[] = [];
  for (const [id, why] of picks) {
    if (out.some((p) => p.id === id)) continue;
    const a = (await db.accounts!.get(id)) as { name: string } | undefined;
    out.push({
      id,
      name: a?.name ?? "?",
      why,
      orders: orders!.get(id) ?? 0,
      cases: cases!.get(id) ?? 0,
      contacts: contacts!.get(id) ?? 0,
      activities: activities!.get(id) ?? 0,
    });
  }
  return out;
}

/** SPA navigation to `path` (what a Link click does: wouter listens to pushState). */
export async function goList(args: { path: string; collection: string; timeoutMs: number }): Promise<number> {
  if (location.pathname === args.path) return 0; // already there: nothing re-renders
  const t0 = performance.now();
  history.pushState(null, "", args.path);
  const wait = (name: string, match: (d: Record<string, unknown>) => boolean, since: number, ms: number) =>
    new Promise<PerformanceMark>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${name} mark within ${ms} ms`)), ms);
      const poll = () => {
        const m = (performance.getEntriesByName(name, "mark") as PerformanceMark[]).find(
          (e) => e.startTime >= since && match((e.detail ?? {}) as Record<string, unknown>),
        );
        if (m) {
          clearTimeout(timer);
          resolve(m);
        } else requestAnimationFrame(poll);
      };
      poll();
    });
  const m = await wait("crm:list-rows", (d) => d.collection === args.collection && d.query === "", t0, args.timeoutMs);
  return m.startTime - t0;
}

export interface Open360 {
  ms: number;
  /** What the page shows, to check it is the right account's data. */
  title: string;
  ordersShown: number;
  contactsShown: number;
}

/** From the current page, navigates to the account's page; ms until its 360 is painted. */
export async function open360(args: { id: string; timeoutMs: number }): Promise<Open360> {
  const t0 = performance.now();
  history.pushState(null, "", `/accounts/${args.id}`);
  const m = await new Promise<PerformanceMark>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`account ${args.id}: no crm:account-360 mark`)), args.timeoutMs);
    const poll = () => {
      const e = (performance.getEntriesByName("crm:account-360", "mark") as PerformanceMark[]).find(
        (x) => x.startTime >= t0 && (x.detail as { id?: string } | null)?.id === args.id,
      );
      if (e) {
        clearTimeout(timer);
        resolve(e);
      } else requestAnimationFrame(poll);
    };
    poll();
  });
  return {
    ms: m.startTime - t0,
    title: document.querySelector("#record-title")?.textContent ?? "",
    ordersShown: document.querySelectorAll('[aria-labelledby="c360-orders"] li').length,
    contactsShown: document.querySelectorAll('[aria-labelledby="contacts-title"] li').length,
  };
}

/** The reference: the same reads as the 360 page, raw through the app's Dexie, all at once. */
export async function read360(args: { id: string }): Promise<{ ms: number; rows: number }> {
  const db = (window as unknown as { __crm: { db: Db } }).__crm.db;
  const t0 = performance.now();
  const by = (t: string) => db[t]!.where("accountId").equals(args.id).toArray();
  const parts = await Promise.all([
    db.accounts!.get(args.id).then((a) => [a]),
    db.contacts!.where("accountId").equals(args.id).sortBy("sortKey"),
    ...["orders", "cases", "opportunities", "quotes", "activities", "surveyResponses"].map(by),
  ]);
  return { ms: performance.now() - t0, rows: parts.reduce((n, p) => n + p.length, 0) };
}

/** Starts recording each input event of the list's search box and each `crm:list-rows` mark. */
export function startKeystrokeLog(): void {
  const w = window as unknown as { __keys?: { inputs: { value: string; t: number }[] } };
  const log = { inputs: [] as { value: string; t: number }[] };
  w.__keys = log;
  document.addEventListener(
    "input",
    (e) => {
      const el = e.target as HTMLInputElement;
      if (el.matches?.("input[data-search]")) log.inputs.push({ value: el.value, t: e.timeStamp });
    },
    { capture: true },
  );
}

export interface Keystroke {
  value: string;
  /** Input event → rows of this value (or of a later one, when typing overtook it) painted. */
  ms: number;
  /** Whether this value's own rows were ever painted (false: a later keystroke's came first). */
  own: boolean;
  rows: number;
}

export function readKeystrokeLog(args: { collection: string }): Keystroke[] {
  const log = (window as unknown as { __keys: { inputs: { value: string; t: number }[] } }).__keys;
  const marks = (performance.getEntriesByName("crm:list-rows", "mark") as PerformanceMark[])
    .map((m) => ({ t: m.startTime, ...(m.detail as { collection: string; query: string; rows: number }) }))
    .filter((m) => m.collection === args.collection);
  return log.inputs.map((input, i) => {
    const later = new Set(log.inputs.slice(i).map((x) => x.value));
    const own = marks.find((m) => m.t >= input.t && m.query === input.value);
    const any = marks.find((m) => m.t >= input.t && later.has(m.query));
    const hit = own && (!any || own.t <= any.t) ? own : any;
    return {
      value: input.value,
      ms: hit ? hit.t - input.t : Number.NaN,
      own: hit === own && !!own,
      rows: hit?.rows ?? 0,
    };
  });
}

/** The reference per prefix: the index scan and row reads of 200 matches, nothing else. */
export async function prefixReads(args: { collection: string; values: string[] }): Promise<number[]> {
  const db = (window as unknown as { __crm: { db: Db } }).__crm.db;
  const out: number[] = [];
  for (const v of args.values) {
    const words = v.trim().toLocaleLowerCase().split(/\s+/).filter(Boolean);
    const longest = [...words].sort((a, b) => b.length - a.length)[0];
    if (!longest) continue;
    const t0 = performance.now();
    const keys = await db[args.collection]!.where("terms").startsWith(longest).limit(200).primaryKeys();
    await db[args.collection]!.bulkGet(keys);
    out.push(performance.now() - t0);
  }
  return out;
}

export interface LongTasks {
  longtasks: number[];
  /** Long animation frames: duration and blocking duration, with the longest script's source. */
  frames: { duration: number; blocking: number; script: string }[];
  loafSupported: boolean;
}

/** Starts observing long tasks and long animation frames (from now on, nothing buffered). */
export function startLongTasks(): void {
  const w = window as unknown as { __long?: LongTasks };
  const supported = PerformanceObserver.supportedEntryTypes ?? [];
  const out: LongTasks = { longtasks: [], frames: [], loafSupported: supported.includes("long-animation-frame") };
  w.__long = out;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) out.longtasks.push(e.duration);
  }).observe({ type: "longtask" });
  if (out.loafSupported)
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        const f = e as PerformanceEntry & {
          blockingDuration: number;
          scripts: { duration: number; sourceFunctionName: string; sourceURL: string; invoker: string }[];
        };
        const top = [...(f.scripts ?? [])].sort((a, b) => b.duration - a.duration)[0];
        out.frames.push({
          duration: f.duration,
          blocking: f.blockingDuration,
          script: top
            ? `${top.invoker} ${top.sourceFunctionName || "?"} ${(top.sourceURL ?? "").replace(/^.*\//, "")} ${Math.round(top.duration)} ms`
            : "",
        });
      }
    }).observe({ type: "long-animation-frame" });
}

export function readLongTasks(): LongTasks {
  return (window as unknown as { __long: LongTasks }).__long;
}

/**
 * The scroll reference: the simplest virtual list there is — no React, no IndexedDB, rows made
 * from an array in memory on every scroll event (the rows in view plus 12 either side, five cells
 * each, like the app's). Its longest task is what this machine, now, costs for the bare work.
 */
export function plainListHtml(rows: number): string {
  const script = `
    const ROW = 48, N = ${rows}, s = document.getElementById("s"), ul = s.firstElementChild;
    ul.style.height = N * ROW + "px";
    function draw() {
      const first = Math.max(0, Math.floor(s.scrollTop / ROW) - 12);
      const last = Math.min(N, Math.ceil((s.scrollTop + s.clientHeight) / ROW) + 12);
      ul.textContent = "";
      for (let i = first; i < last; i++) {
        const li = document.createElement("li");
        li.style.cssText = "position:absolute;left:0;right:0;height:48px;display:grid;grid-template-columns:2fr 1fr 1fr 1fr 1fr;transform:translateY(" + i * ROW + "px)";
        for (const text of ["Contact " + i, "Title", "Account " + (i % 997), "c" + i + "@example.test", "+44 20 " + i]) {
          const span = document.createElement(text.startsWith("Contact") ? "a" : "span");
          span.textContent = text;
          li.appendChild(span);
        }
        ul.appendChild(li);
      }
    }
    // Long tasks are only reported over 50 ms: the longest draw is kept as well.
    window.__maxDraw = 0;
    s.addEventListener("scroll", () => {
      const t0 = performance.now();
      draw();
      window.__maxDraw = Math.max(window.__maxDraw, performance.now() - t0);
    });
    draw();`;
  return `<!doctype html><html><body style="margin:0"><div id="s" style="height:600px;overflow:auto"><ul style="margin:0;padding:0;list-style:none;position:relative"></ul></div><script>${script}</script></body></html>`;
}
