/*
 * Code that runs inside the benchmarked pages. `installBench` is injected as an init script
 * (`(${installBench})()`) into every document of the benchmark's browser context, before any
 * page script, so everything here is timed in-page against `performance.timeOrigin` (navigation
 * start) and no Playwright round-trip is ever counted.
 *
 * These functions are serialized with `Function.prototype.toString()`: they must not close over
 * anything from this module. tsx (esbuild, keepNames) wraps named inner functions in `__name(…)`,
 * which does not exist in the page: `INIT_SCRIPT` defines a no-op one first.
 */

/** What the init script records in `window.__bench`; all times are ms since navigation start. */
export interface BenchState {
  /** First `indexedDB.open()` of the document: called, and its success event. */
  idbOpenStart?: number;
  idbOpenEnd?: number;
  /** `window.__crm` assigned: the runtime (Dexie open, identity read) is ready. */
  runtimeReady?: number;
  /** `performance.mark("crm:first-rows")` called, and `usedJSHeapSize` at that moment (bytes). */
  firstRows?: number;
  heapFirstRows?: number;
  /** Background decoding of record documents: total shards, when the last one finished, heap then. */
  shardsTotal?: number;
  /** Shards decoded so far. */
  shardsProgress?: number;
  shardsDone?: number;
  heapShardsDone?: number;
  /** The raw-IndexedDB reference (only on `…#bench-reference` pages). */
  ref?: { opened?: number; done?: number; rows?: number; first?: string; error?: string };
}

export interface SearchResult {
  /** Input event dispatched → a frame after the first row shows a match (like `crm:first-rows`). */
  ms: number;
  /** Input event dispatched → the DOM first holds a matching first row. */
  committedMs: number;
  rows: number;
  first: string;
}

export interface PageTimings {
  bench: BenchState;
  nav: { fetchStart: number; workerStart: number; responseEnd: number; domContentLoaded: number } | null;
  firstRowsEntry: number | null;
  heapNow: number;
  controlled: boolean;
}

export function installBench(): void {
  type Crm = { onShardProgress(cb: (done: number, total: number) => void): () => void };
  const w = window as unknown as {
    __bench?: BenchState;
    __benchSearch?: (query: string, timeoutMs: number) => Promise<SearchResult>;
  };
  if (w.__bench) return;
  const b: BenchState = {};
  w.__bench = b;
  const heap = (): number =>
    (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? -1;

  // When the page first opens IndexedDB (Dexie for the app, the reference's own open).
  const factory = IDBFactory.prototype;
  const open = factory.open;
  factory.open = function (this: IDBFactory, ...args: Parameters<IDBFactory["open"]>) {
    const req = open.apply(this, args);
    if (b.idbOpenStart === undefined) {
      b.idbOpenStart = performance.now();
      req.addEventListener("success", () => {
        b.idbOpenEnd ??= performance.now();
      });
    }
    return req;
  };

  // The heap at the very moment the app marks its first rows.
  const mark = performance.mark.bind(performance);
  performance.mark = (name: string, options?: PerformanceMarkOptions) => {
    const entry = mark(name, options);
    if (name === "crm:first-rows" && b.firstRows === undefined) {
      b.firstRows = entry.startTime;
      b.heapFirstRows = heap();
    }
    return entry;
  };

  // The runtime's arrival, and the end of background decoding of every record document.
  let crm: Crm | undefined;
  Object.defineProperty(window, "__crm", {
    configurable: true,
    enumerable: true,
    get: () => crm,
    set: (value: Crm) => {
      crm = value;
      b.runtimeReady = performance.now();
      value.onShardProgress((done, total) => {
        b.shardsTotal = total;
        b.shardsProgress = done;
        if (done >= total && b.shardsDone === undefined) {
          b.shardsDone = performance.now();
          b.heapShardsDone = heap();
        }
      });
    },
  });

  // Search: set the box's value as a person typing it at once would, time until the list answers.
  w.__benchSearch = (query, timeoutMs) =>
    new Promise<SearchResult>((resolve, reject) => {
      const input = document.querySelector<HTMLInputElement>("input[data-search]");
      if (!input) {
        reject(new Error("no input[data-search] on the page"));
        return;
      }
      const q = query.toLocaleLowerCase();
      const list = () => document.querySelector('ul[aria-label="Accounts"]');
      const firstLink = () => list()?.querySelector("li a")?.textContent ?? "";
      let t0 = 0;
      let committed = -1;
      const check = () => {
        if (committed >= 0 || !firstLink().toLocaleLowerCase().includes(q)) return;
        committed = performance.now();
        observer.disconnect();
        clearTimeout(timer);
        requestAnimationFrame(() =>
          resolve({
            ms: performance.now() - t0,
            committedMs: committed - t0,
            rows: list()?.children.length ?? 0,
            first: firstLink(),
          }),
        );
      };
      const observer = new MutationObserver(check);
      observer.observe(document.body, { subtree: true, childList: true, characterData: true });
      const timer = setTimeout(() => {
        observer.disconnect();
        reject(new Error(`search "${query}" not answered in ${timeoutMs} ms; first row: "${firstLink()}"`));
      }, timeoutMs);
      const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value")!.set!;
      input.focus();
      t0 = performance.now();
      // React tracks the value it last rendered: the native setter plus an input event is what
      // it sees when a person types (a plain `input.value = …` would be ignored).
      setValue.call(input, query);
      input.dispatchEvent(new Event("input", { bubbles: true }));
      check();
    });

  // The reference: raw IndexedDB, first 100 accounts by sortKey through a cursor, nothing else.
  if (location.hash === "#bench-reference") {
    const ref: NonNullable<BenchState["ref"]> = {};
    b.ref = ref;
    // The app's database of the workspace it last opened (web/src/runtime/api.ts, local/db.ts).
    const dbName = `crm-${localStorage.getItem("crm.workspace") ?? "default"}`;
    const req = indexedDB.open(dbName);
    req.onupgradeneeded = () => {
      ref.error = `database ${dbName} does not exist`;
      req.transaction?.abort();
    };
    req.onerror = () => {
      ref.error ??= String(req.error);
    };
    req.onsuccess = () => {
      const db = req.result;
      ref.opened = performance.now();
      const rows: { name?: string }[] = [];
      const cursor = db.transaction("accounts", "readonly").objectStore("accounts").index("sortKey").openCursor();
      cursor.onerror = () => {
        ref.error = String(cursor.error);
      };
      cursor.onsuccess = () => {
        const c = cursor.result;
        if (c && rows.length < 100) {
          rows.push(c.value);
          c.continue();
          return;
        }
        ref.done = performance.now();
        ref.rows = rows.length;
        ref.first = rows[0]?.name;
        db.close();
      };
    };
  }
}

/** Read back after a run (evaluated in the page). */
export function readTimings(): PageTimings {
  const w = window as unknown as { __bench?: BenchState };
  const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
  return {
    bench: { ...(w.__bench ?? {}) },
    nav: nav
      ? {
          fetchStart: nav.fetchStart,
          workerStart: nav.workerStart,
          responseEnd: nav.responseEnd,
          domContentLoaded: nav.domContentLoadedEventEnd,
        }
      : null,
    firstRowsEntry: performance.getEntriesByName("crm:first-rows")[0]?.startTime ?? null,
    heapNow: (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? -1,
    controlled: navigator.serviceWorker?.controller != null,
  };
}

export const INIT_SCRIPT = `globalThis.__name ??= (f) => f;\n(${installBench.toString()})();`;
