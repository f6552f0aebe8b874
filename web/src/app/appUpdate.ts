/*
 * Updating the app. A new version installed by the service worker waits until the person says
 * "Reload" (nothing reloads by itself: someone may be typing). When the server refuses this copy's
 * protocol version, the update is what is needed: `reloadForServer` looks for it first, so that
 * one press lands on the server's version rather than reloading this copy from the cache.
 */

let pending: (() => void) | null = null;
let registration: ServiceWorkerRegistration | null = null;
const listeners = new Set<() => void>();

/** The service worker installed a new version; `apply` switches to it (and reloads). */
export function announceUpdate(apply: () => void): void {
  pending = apply;
  for (const l of listeners) l();
}

export function pendingUpdate(): (() => void) | null {
  return pending;
}

export function onUpdateAvailable(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The service worker's registration, to check for a new version on demand. */
export function setRegistration(reg: ServiceWorkerRegistration): void {
  registration = reg;
}

export interface ReloadDeps {
  pending: (() => void) | null;
  registration: Pick<ServiceWorkerRegistration, "update" | "installing" | "waiting"> | null;
  reload: () => void;
  /** Reload once the new worker controls the page. */
  onControllerChange: (then: () => void) => void;
  /** How long to wait for a new worker to install before reloading anyway. */
  installTimeoutMs: number;
}

/**
 * Reload onto the server's version of the app: the one already waiting, or one the service
 * worker finds now (its script is fetched from the server, which serves its own app), else a
 * plain reload (no service worker, or nothing newer: the page comes from the server anyway).
 */
export async function reloadForServer(deps: ReloadDeps = browserDeps()): Promise<void> {
  if (deps.pending) return deps.pending();
  const reg = deps.registration;
  if (reg) {
    try {
      await reg.update();
    } catch {
      // offline or the script failed: reload as it is
    }
    const next = reg.installing ?? reg.waiting;
    if (next) {
      await installed(next, deps.installTimeoutMs);
      const waiting = reg.waiting;
      if (waiting) {
        deps.onControllerChange(deps.reload);
        // What the generated service worker listens for (vite-plugin-pwa, registerType "prompt").
        waiting.postMessage({ type: "SKIP_WAITING" });
        return;
      }
    }
  }
  deps.reload();
}

function installed(worker: ServiceWorker, timeoutMs: number): Promise<void> {
  if (worker.state !== "installing") return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      worker.removeEventListener("statechange", onChange);
      resolve();
    };
    const onChange = () => {
      if (worker.state !== "installing") done();
    };
    const timer = setTimeout(done, timeoutMs);
    worker.addEventListener("statechange", onChange);
  });
}

function browserDeps(): ReloadDeps {
  return {
    pending,
    registration,
    reload: () => location.reload(),
    onControllerChange: (then) => navigator.serviceWorker?.addEventListener("controllerchange", then, { once: true }),
    installTimeoutMs: 10_000,
  };
}
