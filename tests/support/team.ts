import type { Role } from "@crm/schema";

/*
 * A team on a running server, made through its HTTP API the way people make one: the first
 * visitor sets the server up (and owns the workspace), the others join through invite links.
 */

export const PASSWORD = "violet-harbour-kettle-42";

export interface Person {
  name: string;
  email: string;
  /** The session cookie's value (`crm_session`). */
  session: string;
}

export interface Team {
  workspace: string;
  owner: Person;
  /** Invites someone with `role` and accepts the invite as them. */
  join(name: string, role: Role): Promise<Person>;
  /** An invite link's path (`/invite/<secret>`), made by the owner. */
  invite(role: Role): Promise<string>;
  /** A service token of `role` (for scripts and browser-less test clients: `?token=`). */
  token(role: Role): Promise<string>;
}

async function post(baseUrl: string, path: string, body: unknown, session?: string) {
  const res = await fetch(`${baseUrl}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...(session ? { Cookie: `crm_session=${session}` } : {}) },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
  const cookie = /crm_session=([^;]+)/.exec(res.headers.get("set-cookie") ?? "")?.[1];
  return { json, cookie };
}

export async function createTeam(baseUrl: string, ownerName = "Ada Owner"): Promise<Team> {
  const email = `${ownerName.split(" ")[0]!.toLowerCase()}@example.test`;
  const setup = await post(baseUrl, "/api/setup", {
    name: ownerName,
    email,
    password: PASSWORD,
    workspaceName: "Acme Sales",
  });
  const owner: Person = { name: ownerName, email, session: setup.cookie! };
  const workspace = (setup.json.workspaces as { id: string }[])[0]!.id;
  const invite = async (role: Role) => {
    const { json } = await post(baseUrl, `/api/workspaces/${workspace}/invites`, { role, email: "" }, owner.session);
    return json.path as string;
  };
  return {
    workspace,
    owner,
    invite,
    async token(role) {
      const { json } = await post(
        baseUrl,
        `/api/workspaces/${workspace}/tokens`,
        { name: "test", role },
        owner.session,
      );
      return json.token as string;
    },
    async join(name, role) {
      const path = await invite(role);
      const personEmail = `${name.split(" ")[0]!.toLowerCase()}-${role}@example.test`;
      const { cookie } = await post(baseUrl, `/api${path.replace("/invite/", "/invites/")}/accept`, {
        name,
        email: personEmail,
        password: PASSWORD,
      });
      return { name, email: personEmail, session: cookie! };
    },
  };
}
