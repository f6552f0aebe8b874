import { canAdminister, type Role } from "@crm/schema";
import { createMiddleware } from "hono/factory";
import { type Principal, roleIn } from "../auth/gate.js";
import { AuthError } from "../auth/store.js";
import type { AnyContext, ApiKit, Env, UserPrincipal } from "./kit.js";

/*
 * Who may call a route, as middleware placed before the route's validators: a refused caller is
 * told so (401/403/404) whatever its body holds, and the handler finds the caller in `c.var`.
 * Workspace routes read `:ws` from the path; "not a member" and "no such workspace" look the same
 * from outside (404), so they leak nothing.
 */

export type SignedIn = Env & { Variables: { user: UserPrincipal } };
export type InWorkspace = Env & { Variables: { user: UserPrincipal; ws: string; role: Role } };
export type Caller = Env & { Variables: { caller: Principal; ws: string; role: Role } };

function signedInUser(kit: ApiKit, c: AnyContext): UserPrincipal {
  const p = kit.principalOf(c);
  if (p?.kind !== "user") throw new AuthError(401, "signed-out", "sign in first");
  return p;
}

/** A person with a session (cookie). */
export const signedIn = (kit: ApiKit) =>
  createMiddleware<SignedIn>(async (c, next) => {
    c.set("user", signedInUser(kit, c));
    await next();
  });

/** A signed-in member of `:ws`, any role. */
export const member = (kit: ApiKit) =>
  createMiddleware<InWorkspace>(async (c, next) => {
    const user = signedInUser(kit, c);
    const ws = c.req.param("ws") ?? "";
    const role = kit.store.roleOf(user.userId, ws);
    if (!role) throw new AuthError(404, "no-workspace", "no such workspace");
    c.set("user", user);
    c.set("ws", ws);
    c.set("role", role);
    await next();
  });

/** A signed-in owner or admin of `:ws`. */
export const admin = (kit: ApiKit) =>
  createMiddleware<InWorkspace>(async (c, next) => {
    const user = signedInUser(kit, c);
    const ws = c.req.param("ws") ?? "";
    const role = kit.store.roleOf(user.userId, ws);
    if (!role) throw new AuthError(404, "no-workspace", "no such workspace");
    if (!canAdminister(role)) throw new AuthError(403, "forbidden", "only owners and admins can do this");
    c.set("user", user);
    c.set("ws", ws);
    c.set("role", role);
    await next();
  });

/** A member of `:ws` by session, or a service token of it (`Authorization: Bearer crm_…`). */
export const memberOrToken = (kit: ApiKit) =>
  createMiddleware<Caller>(async (c, next) => {
    const caller = kit.principalOrToken(c);
    if (!caller) throw new AuthError(401, "signed-out", "sign in first (or send a service token)");
    const ws = c.req.param("ws") ?? "";
    const role = roleIn(kit.store, caller, ws);
    if (!role) throw new AuthError(404, "no-workspace", "no such workspace");
    c.set("caller", caller);
    c.set("ws", ws);
    c.set("role", role);
    await next();
  });
