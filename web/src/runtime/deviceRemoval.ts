import { useCallback, useEffect, useRef } from "react";
import { api, call, NetworkError } from "./api.js";
import { onDeviceDataRemoved, removeDeviceData, type UnsentWorkspace, unsentOnDevice } from "./deviceData.js";
import type { Runtime } from "./runtime.js";

/** Why "sign out and remove this device's data" did nothing. */
export type RemovalRefusal =
  /** Changes the server has not stored: removing them would lose them. */
  | { reason: "unsent"; unsent: UnsentWorkspace[] }
  /** The server cannot end the session: the next person could reopen it with the cookie. */
  | { reason: "offline" }
  | { reason: "failed"; message: string };

export interface DeviceRemovalOptions {
  /** The open workspace's runtime, if any. */
  runtime(): Runtime | null;
  /** The workspaces the signed-in person has (for browsers that cannot list databases). */
  known(): string[];
  closeRuntime(): void;
  /** Take the app off the screen (its queries would hit the closed database). */
  leave(): void;
}

/**
 * Root's "sign out and remove this device's data" (see local/device.ts for what is removed).
 * Refused, with nothing touched, while this device holds unsent changes or the server cannot be
 * reached to end the session. On success the page reloads onto the sign-in screen (ending the
 * in-memory analytics engine); other tabs of the app are told and reload too.
 */
export function useDeviceRemoval(options: DeviceRemovalOptions): () => Promise<RemovalRefusal | null> {
  const ref = useRef(options);
  ref.current = options;
  useEffect(
    () =>
      onDeviceDataRemoved(() => {
        ref.current.closeRuntime();
        location.replace("/sign-in");
      }),
    [],
  );
  return useCallback(async () => {
    const o = ref.current;
    const known = o.known();
    try {
      const unsent = await unsentOnDevice(o.runtime(), known);
      if (unsent.length) return { reason: "unsent", unsent };
      try {
        await call(api["sign-out"].$post({ json: {} }));
      } catch (err) {
        if (err instanceof NetworkError) return { reason: "offline" };
        // Any answer of the server means the session is over (or was already).
      }
    } catch (err) {
      return { reason: "failed", message: err instanceof Error ? err.message : String(err) };
    }
    o.leave();
    o.closeRuntime();
    await removeDeviceData(known);
    location.replace("/sign-in");
    return null;
  }, []);
}
