import type { IncomingMessage } from "node:http";
import {
  CloseCode,
  SUPPORTED_VERSIONS,
  speaks,
  statedVersion,
  UNSTATED_VERSION,
  upgradeRequiredReason,
  type VersionRange,
} from "@crm/protocol";
import { type AuthConfig, originAllowed, resolvePrincipal, rightsFor, upgradeCredentials } from "./auth/gate.js";
import type { AuthStore } from "./auth/store.js";
import type { ConnectionAccess, Endpoint } from "./connection.js";
import type { RefusedReason } from "./metrics.js";
import type { PublicHosts } from "./origins.js";

/** Where an upgrade request goes (the mux endpoint, one document; null: nowhere) and the version it states. */
export function routeUpgrade(rawUrl: string | undefined): { endpoint: Endpoint; version: number | undefined } | null {
  let url: URL;
  try {
    url = new URL(rawUrl ?? "/", "http://localhost");
  } catch {
    return null;
  }
  const version = statedVersion(url.searchParams);
  if (url.pathname === "/sync" || url.pathname === "/sync/") return { endpoint: { kind: "mux" }, version };
  if (!url.pathname.startsWith("/sync/")) return null;
  let docName: string;
  try {
    docName = decodeURIComponent(url.pathname.slice("/sync/".length));
  } catch {
    docName = url.pathname.slice("/sync/".length);
  }
  return { endpoint: { kind: "doc", docName, ext: url.searchParams.get("ext") === "1" }, version };
}

/**
 * The protocol version check: the close reason of a refusal, or null. A client states its version
 * in the URL (`?v=`, @crm/protocol's handshake.ts). None stated: on the multiplexed endpoint, a
 * client from before the handshake (UNSTATED_VERSION); on the per-document endpoint, a stock
 * y-websocket provider, always served (y-websocket's protocol, not ours, which does not change).
 */
export function versionRefusal(
  endpoint: Endpoint,
  version: number | undefined,
  range: VersionRange = SUPPORTED_VERSIONS,
): string | null {
  if (version === undefined && endpoint.kind === "doc") return null;
  const spoken = version ?? UNSTATED_VERSION;
  return speaks(range, spoken) ? null : upgradeRequiredReason(range, spoken);
}

export interface Refusal {
  code: number;
  reason: string;
  metric: RefusedReason;
}

export interface GateOptions {
  hosts: PublicHosts;
  /** Absent: the server runs without sign-in (protocol tests only). */
  auth?: AuthStore;
  authConfig: AuthConfig;
}

/**
 * The gate of a WebSocket upgrade, decided from the request alone: who it is and what it may do,
 * or why it is refused. Refusals complete the upgrade and close at once with a 44xx code (nothing
 * else is sent, no document byte), because that is what makes a stock provider stop.
 */
export function gateUpgrade(
  req: IncomingMessage,
  endpoint: Endpoint,
  version: number | undefined,
  { hosts, auth, authConfig }: GateOptions,
): { refusal: Refusal } | { access: ConnectionAccess | undefined } {
  // A name the server does not answer to (a DNS-rebinding page): before anything else.
  if (!hosts.allows(req.headers.host))
    return refuse(CloseCode.forbidden, "forbidden: host not allowed (PUBLIC_URL)", "bad-host");
  // A copy of the app this server cannot talk to: it should update, whoever it is.
  const tooOld = versionRefusal(endpoint, version);
  if (tooOld) return refuse(CloseCode.upgradeRequired, tooOld, "unsupported-version");
  if (!auth) return { access: undefined };
  const principal = resolvePrincipal(auth, upgradeCredentials(req));
  if (!originAllowed(req.headers.origin, req.headers.host, authConfig.allowedOrigins))
    return refuse(CloseCode.forbidden, "forbidden: origin not allowed", "bad-origin");
  if (!principal) return refuse(CloseCode.unauthorized, "unauthorized: sign in or pass a valid token", "unauthorized");
  if (endpoint.kind === "doc" && rightsFor(auth, principal, endpoint.docName) === "none")
    return refuse(CloseCode.forbidden, "forbidden: you may not open this document", "forbidden");
  return {
    access: {
      principal,
      rights: (docName) => rightsFor(auth, principal, docName),
      identity: {
        id: principal.kind === "user" ? principal.userId : `token:${principal.tokenId}`,
        name: principal.name,
      },
    },
  };
}

function refuse(code: number, reason: string, metric: RefusedReason): { refusal: Refusal } {
  return { refusal: { code, reason, metric } };
}
