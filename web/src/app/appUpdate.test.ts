import { describe, expect, it, vi } from "vitest";
import { type ReloadDeps, reloadForServer } from "./appUpdate.js";

/** A service worker whose state the test moves on. */
class FakeWorker extends EventTarget {
  readonly messages: unknown[] = [];
  constructor(public state: ServiceWorkerState) {
    super();
  }
  postMessage(message: unknown): void {
    this.messages.push(message);
  }
  become(state: ServiceWorkerState): void {
    this.state = state;
    this.dispatchEvent(new Event("statechange"));
  }
}

function deps(over: Partial<ReloadDeps> = {}) {
  const calls: string[] = [];
  const base: ReloadDeps = {
    pending: null,
    registration: null,
    reload: () => calls.push("reload"),
    onControllerChange: (then) => {
      calls.push("await controller");
      base.reload = then;
    },
    installTimeoutMs: 1000,
    ...over,
  };
  return { deps: base, calls };
}

describe("reloadForServer", () => {
  it("switches to a version that is already waiting", async () => {
    const apply = vi.fn();
    const { deps: d, calls } = deps({ pending: apply });
    await reloadForServer(d);
    expect(apply).toHaveBeenCalledOnce();
    expect(calls).toEqual([]);
  });

  it("asks the service worker for the server's version, waits for it to install, then switches to it", async () => {
    const worker = new FakeWorker("installing");
    const registration = {
      installing: null as ServiceWorker | null,
      waiting: null as ServiceWorker | null,
      update: vi.fn(async () => {
        registration.installing = worker as unknown as ServiceWorker;
      }),
    };
    const { deps: d, calls } = deps({ registration: registration as unknown as ReloadDeps["registration"] });
    const done = reloadForServer(d);
    await vi.waitFor(() => expect(registration.update).toHaveBeenCalled());
    registration.installing = null;
    registration.waiting = worker as unknown as ServiceWorker;
    worker.become("installed");
    await done;
    expect(worker.messages).toEqual([{ type: "SKIP_WAITING" }]);
    expect(calls).toEqual(["await controller"]);
  });

  it("reloads as it is when there is nothing newer, or no service worker", async () => {
    const registration = { installing: null, waiting: null, update: vi.fn(async () => {}) };
    const first = deps({ registration: registration as unknown as ReloadDeps["registration"] });
    await reloadForServer(first.deps);
    expect(first.calls).toEqual(["reload"]);
    const second = deps();
    await reloadForServer(second.deps);
    expect(second.calls).toEqual(["reload"]);
  });

  it("reloads anyway when the update check fails (offline)", async () => {
    const registration = {
      installing: null,
      waiting: null,
      update: vi.fn(async () => Promise.reject(new Error("offline"))),
    };
    const { deps: d, calls } = deps({ registration: registration as unknown as ReloadDeps["registration"] });
    await reloadForServer(d);
    expect(calls).toEqual(["reload"]);
  });
});
