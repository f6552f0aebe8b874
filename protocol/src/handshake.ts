import { OLDEST_SUPPORTED_VERSION, PROTOCOL_VERSION } from "./version.js";

/*
 * How a client states its protocol version, and how the server says it does not speak it. The
 * version rides on the connection URL (`/sync?v=3`), not in a first message: the server decides
 * at the upgrade, before it joins a room or sends a document byte, and a stock y-websocket
 * provider (no parameter) is unaffected.
 */

export const VERSION_PARAM = "v";

/** The versions a server accepts, both included. */
export interface VersionRange {
  oldest: number;
  newest: number;
}

/** What this code's server accepts. */
export const SUPPORTED_VERSIONS: VersionRange = { oldest: OLDEST_SUPPORTED_VERSION, newest: PROTOCOL_VERSION };

/** The connection URL stating `version` (replacing any stated one). */
export function withProtocolVersion(url: string, version: number = PROTOCOL_VERSION): string {
  const u = new URL(url);
  u.searchParams.set(VERSION_PARAM, String(version));
  return u.toString();
}

/**
 * The version a connection URL's query states: undefined when it states none, NaN when the value
 * is not a positive integer (spoken by nobody).
 */
export function statedVersion(params: URLSearchParams): number | undefined {
  const raw = params.get(VERSION_PARAM);
  if (raw === null) return undefined;
  return /^[1-9][0-9]{0,8}$/.test(raw) ? Number(raw) : Number.NaN;
}

export function speaks(range: VersionRange, version: number): boolean {
  return Number.isInteger(version) && version >= range.oldest && version <= range.newest;
}

/** The close reason of 4426 (at most 123 bytes): machine-readable for `parseUpgradeRequired`. */
export function upgradeRequiredReason(range: VersionRange, client: number): string {
  const stated = Number.isFinite(client) ? String(client) : "unreadable";
  return `upgrade required: server speaks protocol ${range.oldest}-${range.newest}, client ${stated}`;
}

/** The versions the server speaks, from a 4426 close reason; null when it does not say. */
export function parseUpgradeRequired(reason: string): VersionRange | null {
  const m = /speaks protocol (\d+)-(\d+)/.exec(reason);
  return m ? { oldest: Number(m[1]), newest: Number(m[2]) } : null;
}

/**
 * Why this client was refused: it is older than anything the server speaks (the usual case: an
 * installed copy of the app meets an upgraded server) or newer (a server rolled back). Reloading
 * fixes both: the page then comes from the server it talks to.
 */
export function mismatchDirection(reason: string, client: number = PROTOCOL_VERSION): "older" | "newer" {
  const range = parseUpgradeRequired(reason);
  return range && client > range.newest ? "newer" : "older";
}
