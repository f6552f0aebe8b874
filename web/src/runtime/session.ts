import { type Collection, canAdminister, canWriteCollection } from "@crm/schema";
import { createContext, useContext } from "react";
import type { SessionInfo, SessionWorkspace } from "./api.js";
import type { RemovalRefusal } from "./deviceRemoval.js";

/** Why this device stopped syncing, as the server said when it closed the connection. */
export type AccessNotice = "signed-out" | "removed" | null;

export interface SessionState {
  session: SessionInfo;
  workspace: SessionWorkspace;
  notice: AccessNotice;
  switchWorkspace(id: string): void;
  signOut(): Promise<void>;
  /** Signs out and deletes what this app keeps on the device; refused (with why) when unsafe. */
  removeDeviceData(): Promise<RemovalRefusal | null>;
  /** The session ended (4401): show the sign-in screen; this device's copy stays. */
  signInAgain(): void;
  /** Reads the session from the server again (roles, workspaces). */
  refresh(): Promise<void>;
  /** After creating a workspace: refresh and open it. */
  openWorkspace(id: string): Promise<void>;
}

export const SessionContext = createContext<SessionState | null>(null);

export function useSession(): SessionState {
  const s = useContext(SessionContext);
  if (!s) throw new Error("useSession outside SessionContext");
  return s;
}

/** May the signed-in person change records of this collection in the open workspace? */
export function useCanWrite(collection: Collection): boolean {
  const s = useContext(SessionContext);
  // Without a session (component tests), nothing restricts the UI; the server still decides.
  return s ? canWriteCollection(s.workspace.role, collection) : true;
}

export function useIsAdmin(): boolean {
  const s = useContext(SessionContext);
  return s ? canAdminister(s.workspace.role) : false;
}
