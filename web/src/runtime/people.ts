import { DEMO_PEOPLE } from "@crm/schema";
import type { InferResponseType } from "hono/client";
import type { TFunction } from "i18next";
import { useEffect, useSyncExternalStore } from "react";
import { api, call } from "./api.js";
import { useRuntime } from "./context.js";

/*
 * The workspace's people: the names behind the user ids that records carry (owner, assignee,
 * createdBy, history). Fetched from `/api/workspaces/:ws/people` whenever the app starts online and
 * remembered on the device (localStorage), so names show offline too; a device that has never
 * been online with this workspace shows ids until it is. Values typed before there was a
 * directory (an assignee written as free text) are shown as typed.
 */

type Member = InferResponseType<(typeof api.workspaces)[":ws"]["people"]["$get"], 200>["people"][number];

/** A member as the server lists them; the signed-in person before the list arrived has no role yet (""). */
export type Person = Omit<Member, "role"> & { role: Member["role"] | "" };

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
    const { people } = await call(api.workspaces[":ws"].people.$get({ param: { ws: encodeURIComponent(workspace) } }));
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

/** How a stored owner/assignee reads, and whether it is a member of the workspace. */
export interface PersonLabel {
  text: string;
  /** "member": in the directory; "demo": a demo data person; "unknown": shown as stored. */
  kind: "member" | "demo" | "unknown";
  /** Why a non-member reads as it does (a tooltip); none for members. */
  hint?: string;
}

/**
 * A user id as a person reads it: a member's name ("Ann Lee (you)" for the signed-in person), a
 * demo data person as "Dana (demo)", anything else (someone who left, a name typed before there
 * was a directory) as stored, with a hint saying it is nobody in the workspace.
 */
export function personLabel(id: string, names: ReadonlyMap<string, string>, meId: string, t: TFunction): PersonLabel {
  const name = names.get(id);
  if (name !== undefined) return { text: id === meId ? t("people.you", { name }) : name, kind: "member" };
  const demo = DEMO_PEOPLE[id];
  if (demo) return { text: t("people.demo", { name: demo }), kind: "demo", hint: t("people.demoHint") };
  return { text: id, kind: "unknown", hint: t("people.notMember") };
}
