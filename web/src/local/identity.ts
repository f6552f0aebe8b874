import type { CrmDatabase } from "./db.js";

/**
 * Who this device's person is. In the app that is the signed-in person (auth/Root.tsx passes it);
 * without a session (tests and tools that run the store alone) a stable random guest identity.
 */
export interface Identity {
  id: string;
  name: string;
  color: string;
}

const COLORS = ["#d9480f", "#2b8a3e", "#1971c2", "#9c36b5", "#e8590c", "#0c8599", "#c2255c", "#5f3dc4"];

export async function identity(db: CrmDatabase): Promise<Identity> {
  const stored = (await db.prefs.get("identity"))?.value as Identity | undefined;
  if (stored?.id) return stored;
  const id = crypto.randomUUID().slice(0, 8);
  const n = Number.parseInt(id.slice(0, 4), 16) % 1000;
  const me: Identity = { id, name: `Guest ${n}`, color: COLORS[n % COLORS.length]! };
  await db.prefs.put({ key: "identity", value: me });
  return me;
}
