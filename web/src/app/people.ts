import { useEffect, useSyncExternalStore } from "react";
import { apiFetch } from "../auth/api.js";
import { useRuntime } from "./runtime-context.js";

/*
 * The workspace's people: the names behind the user ids that records carry (owner, assignee,
 * createdBy, history). Fetched from `/api/workspaces/:ws/people` whenever the app starts online and
 * remembered on the device (localStorage), so names show offline too; a device that has never
 * been online with this workspace shows ids until it is. Values typed before there was a
 * directory (an assignee written as free text) are shown as typed.
 */

export interface Person {
  id: string;
  name: string;
  email: string;
  role: string;
}

const key = (workspace: string) => `crm.people.${workspace}`;
const cache = new Map<string, Person[]>();
const listeners = new Set<() => void>();
const fetched = new Set<string>();
const EMPTY: Person[] = [];

function read(workspace: string): Person[] {
  let people = cache.get(workspace);
  if (!people) {
    try {
      const raw = JSON.parse(localStorage.getItem(key(workspace)) ?? "[]") as unknown;
      people = Array.isArray(raw) ? (raw as Person[]).filter((p) => typeof p?.id === "string") : EMPTY;
    } catch {
      people = EMPTY;
    }
    cache.set(workspace, people);
  }
  return people;
}

/** Refreshes the directory from the server once per page load; offline keeps the remembered one. */
export async function refreshPeople(workspace: string): Promise<void> {
  if (fetched.has(workspace)) return;
  fetched.add(workspace);
  try {
    const { people } = await apiFetch<{ people: Person[] }>(
      "GET",
      `/workspaces/${encodeURIComponent(workspace)}/people`,
    );
    cache.set(workspace, people);
    localStorage.setItem(key(workspace), JSON.stringify(people));
    for (const l of listeners) l();
  } catch {
    // Offline or signed out: try again on the next page load.
    fetched.delete(workspace);
  }
}

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};

/** Everyone in the workspace, by name; the signed-in person always among them. */
export function usePeople(): Person[] {
  const { workspace, me } = useRuntime();
  const people = useSyncExternalStore(subscribe, () => read(workspace));
  useEffect(() => void refreshPeople(workspace), [workspace]);
  if (people.some((p) => p.id === me.id)) return people;
  return [{ id: me.id, name: me.name, email: "", role: "" }, ...people];
}

/** A user id as a name: the person's name, or the value itself when it names nobody known. */
export function usePersonName(): (id: string) => string {
  const people = usePeople();
  const names = new Map(people.map((p) => [p.id, p.name]));
  return (id) => names.get(id) ?? id;
}
