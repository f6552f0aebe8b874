import type { IncomingMessage } from "node:http";
import { type AuthIssue, type Checked, passwordStrengthCodes } from "@crm/schema";
import type { Context, Hono } from "hono";
import type { AuthConfig, Principal } from "./gate.js";
import { AuthError, type AuthStore } from "./store.js";

/** What the route modules of `/api` (api.ts, sign-in-api.ts, invite-api.ts) share. */

export type Env = { Bindings: { incoming?: IncomingMessage } };
export type Api = Hono<Env>;

export interface ApiKit {
  store: AuthStore;
  config: AuthConfig;
  now(): number;
  /** The client's address (X-Forwarded-For only behind trusted proxies). */
  ip(c: Context<Env>): string;
  /** Whether the request came over HTTPS (cookies get `Secure`). */
  secure(c: Context<Env>): boolean;
  /** A new session cookie for `userId`, ending whatever session this browser had. */
  startSession(c: Context<Env>, userId: string): void;
  /** The signed-in person, from the session cookie. */
  principalOf(c: Context<Env>): Principal | undefined;
  /** The person and their workspaces, as `/api/session` answers. */
  sessionBody(userId: string): unknown;
  /** The request's JSON body (400 when it is not JSON). */
  json(c: Context<Env>): Promise<unknown>;
}

/**
 * The value of a form's check, or a 400 naming every field's issue: `weak-password` when the
 * password's strength is all that is wrong, `invalid` otherwise.
 */
export function checked<T>(result: Checked<T>): T {
  if (result.ok) return result.value;
  const onlyStrength = result.issues.every((i: AuthIssue) => passwordStrengthCodes.has(i.code));
  throw AuthError.invalid(result.issues, onlyStrength ? "weak-password" : "invalid");
}
