import type { MemberRole } from "@crm/schema";
import type { RunningServer } from "../app.js";
import { SESSION_COOKIE } from "./gate.js";
import { hashPassword } from "./passwords.js";

/** Test helpers: people with sessions in a running server's auth store, and JSON requests. */

export const GOOD_PASSWORD = "violet-harbour-kettle-42";

let hashed: Promise<string> | undefined;

export interface TestPerson {
  userId: string;
  email: string;
  cookie: string;
}

/** A person with a live session; `role` in `workspaceId` when given. */
export async function person(
  server: RunningServer,
  name: string,
  membership?: { workspaceId: string; role: MemberRole },
  sessionTtlMs = 3600_000,
): Promise<TestPerson> {
  const store = server.auth!;
  hashed ??= hashPassword(GOOD_PASSWORD);
  const email = `${name.toLowerCase()}-${Math.random().toString(36).slice(2, 8)}@example.test`;
  const user = store.createUser({ email, name, passwordHash: await hashed });
  if (membership) store.addMember(membership.workspaceId, user.id, membership.role);
  const { secret } = store.createSession(user.id, sessionTtlMs);
  return { userId: user.id, email, cookie: `${SESSION_COOKIE}=${secret}` };
}

export async function api(
  server: RunningServer,
  method: string,
  path: string,
  options: { cookie?: string; body?: unknown; origin?: string } = {},
): Promise<{ status: number; json: Record<string, unknown>; text: string; setCookie: string | null }> {
  const headers: Record<string, string> = {};
  if (options.cookie) headers.Cookie = options.cookie;
  if (options.origin) headers.Origin = options.origin;
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // not JSON
  }
  return { status: res.status, json, text, setCookie: res.headers.get("set-cookie") };
}
