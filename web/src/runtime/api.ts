import type { AuthIssue } from "@crm/schema";
import type { ApiRoutes } from "@crm/sync-server/api";
import { type ClientResponse, hc, type InferResponseType } from "hono/client";

/*
 * The server's `/api` from the browser, and the session as this device remembers it.
 *
 * `api` is Hono's client typed by the server's routes (sync-server/src/api/, one module per
 * resource): paths, parameters, bodies and answers are checked by tsc against the server's code,
 * and nothing here re-declares them. `ApiRoutes` is imported as a type only, so no server code
 * reaches the bundle. Every request goes through `call`, which turns the server's error format
 * into `ApiError` and an unreachable server into `NetworkError`:
 *
 *   const { members } = await call(api.workspaces[":ws"].members.$get({ param: { ws } }));
 *
 * The session cookie is HttpOnly: the page never sees it. What the page keeps (localStorage) is
 * who is signed in and their workspaces and roles, so that the app opens from the local copy with
 * no network at all; the server checks the cookie again on every connection and the app refreshes
 * this copy whenever it can.
 */

export const api = hc<ApiRoutes>("/api", { init: { credentials: "same-origin" } });

/** What `/api/session` (and signing in, setting up, joining) answers. */
export type SessionInfo = InferResponseType<typeof api.session.$get, 200>;
export type SessionWorkspace = SessionInfo["workspaces"][number];

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    /** Every field's issue of a refused form (the same codes the forms check). */
    readonly issues: AuthIssue[] = [],
    /** Seconds to wait (Retry-After), when the server said so. */
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

/** Thrown when the server cannot be reached at all (offline, server down). */
export class NetworkError extends Error {}

/**
 * The answer to a request of `api`, typed by its route; `ApiError` when the server refused it
 * (`{ error: { code, message, field?, issues? } }`), `NetworkError` when it could not be reached.
 */
export async function call<T>(request: Promise<ClientResponse<T>>): Promise<T> {
  let res: ClientResponse<T>;
  try {
    res = await request;
  } catch {
    throw new NetworkError("the server cannot be reached");
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    // A proxy's or the service worker's HTML page: the API is not there.
    throw new NetworkError(`the server answered ${res.status} without JSON`);
  }
  if (!res.ok) {
    const e =
      (json as { error?: { code?: string; message?: string; field?: string; issues?: AuthIssue[] } }).error ?? {};
    const wait = Number(res.headers.get("Retry-After"));
    throw new ApiError(
      res.status,
      e.code ?? "error",
      e.message ?? res.statusText,
      e.field,
      Array.isArray(e.issues) ? e.issues : [],
      wait > 0 ? wait : undefined,
    );
  }
  return json as T;
}

/**
 * A block of `count` new quote or order numbers of the workspace, all above `atLeast` (the highest
 * this device has seen); the server never hands any of them out again (runtime/numberReserve.ts).
 */
export function reserveNumbers(
  workspace: string,
  kind: "quote" | "order",
  count: number,
  atLeast: number,
): Promise<{ first: number; last: number }> {
  return call(
    api.workspaces[":ws"].sequences[":kind"].$post({
      param: { ws: encodeURIComponent(workspace), kind },
      json: { count, atLeast },
    }),
  );
}

const SESSION_KEY = "crm.session";
const WORKSPACE_KEY = "crm.workspace";

export function cachedSession(): SessionInfo | null {
  try {
    const raw = localStorage.getItem(SESSION_KEY);
    const s = raw ? (JSON.parse(raw) as SessionInfo) : null;
    return s?.user?.id && Array.isArray(s.workspaces) ? s : null;
  } catch {
    return null;
  }
}

export function rememberSession(session: SessionInfo | null): void {
  if (session) localStorage.setItem(SESSION_KEY, JSON.stringify(session));
  else localStorage.removeItem(SESSION_KEY);
}

/** The workspace to open: the last one used, if the person still belongs to it, else the first. */
export function chosenWorkspace(session: SessionInfo): SessionWorkspace | undefined {
  const last = localStorage.getItem(WORKSPACE_KEY);
  return session.workspaces.find((w) => w.id === last) ?? session.workspaces[0];
}

export function rememberWorkspace(id: string): void {
  localStorage.setItem(WORKSPACE_KEY, id);
}

/** The session from the server: the person, null when signed out, or NetworkError when unreachable. */
export async function fetchSession(): Promise<SessionInfo | null> {
  try {
    return await call(api.session.$get());
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}

const COLORS = ["#d9480f", "#2b8a3e", "#1971c2", "#9c36b5", "#e8590c", "#0c8599", "#c2255c", "#5f3dc4"];

/** A person's colour (cursor, avatar), the same on every device. */
export function colorFor(id: string): string {
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) >>> 0;
  return COLORS[h % COLORS.length]!;
}
