import { CrmDatabase, databaseName } from "../local/db.js";
import type { Runtime } from "./runtime.js";

/**
 * The other workspaces on this device whose databases hold changes the server has not stored
 * (typed there offline, then the person switched workspace). Each gets a background runtime
 * that subscribes only those documents (no record shards, no screens) and is closed once it says
 * "synced" — so that the open workspace's indicator, which waits for them (`busy`), means what it
 * says: the server has stored every change made on this device.
 */
export class OtherWorkspaces {
  private checking = true;
  private readonly flushing = new Map<string, Runtime>();
  private destroyed = false;

  constructor(
    workspaces: readonly string[],
    private readonly options: {
      dexieOptions?: ConstructorParameters<typeof CrmDatabase>[1];
      /** A runtime for `workspace` that syncs only its dirty documents. */
      open(workspace: string): Promise<Runtime>;
      changed(): void;
    },
  ) {
    void this.check(workspaces);
  }

  get busy(): boolean {
    return this.checking || this.flushing.size > 0;
  }

  destroy(): void {
    this.destroyed = true;
    for (const runtime of this.flushing.values()) runtime.destroy();
    this.flushing.clear();
  }

  private async check(workspaces: readonly string[]): Promise<void> {
    try {
      for (const workspace of workspaces) {
        if (this.destroyed) return;
        if (!(await hasUnsent(workspace, this.options.dexieOptions))) continue;
        const runtime = await this.options.open(workspace);
        if (this.destroyed) {
          runtime.destroy();
          return;
        }
        this.flushing.set(workspace, runtime);
        const off = runtime.sync.onStatus((status) => {
          if (status !== "synced") return;
          queueMicrotask(() => {
            off();
            runtime.destroy();
            this.flushing.delete(workspace);
            this.options.changed();
          });
        });
      }
    } catch (err) {
      console.warn("could not check the other workspaces for unsent changes:", err);
    } finally {
      this.checking = false;
      this.options.changed();
    }
  }
}

async function hasUnsent(workspace: string, dexieOptions?: ConstructorParameters<typeof CrmDatabase>[1]) {
  // Opening a database that is not there would create it: look first, where the browser can say.
  const factory = (dexieOptions?.indexedDB ?? globalThis.indexedDB) as IDBFactory | undefined;
  if (typeof factory?.databases === "function") {
    const names = (await factory.databases()).map((d) => d.name);
    if (!names.includes(databaseName(workspace))) return false;
  }
  const db = new CrmDatabase(databaseName(workspace), dexieOptions);
  try {
    return (await db.docState.filter((r) => r.dirty).count()) > 0;
  } finally {
    db.close();
  }
}
