import type { CaseMessage } from "@crm/schema";
import { useLiveQuery } from "dexie-react-hooks";
import { useCallback, useEffect, useRef, useState } from "react";
import type { Row } from "../local/db.js";
import { useNoteDoc } from "../notes/useNoteDoc.js";
import { useRuntime } from "../runtime/context.js";

/*
 * Who else has this conversation open, and whether they are writing a reply. Presence rides on
 * the awareness of the case's notes document — the document the case page already opens to say
 * who is there — so an agent on the case page and one in the inbox see each other. Each reader's
 * state is `{ user, replying }`; `replying` is true while their reply box holds a draft.
 */

export interface Colleague {
  id: string;
  name: string;
  color: string;
  replying: boolean;
}

export function useConversationPresence(caseId: string): {
  others: Colleague[];
  setReplying(replying: boolean): void;
} {
  const { me } = useRuntime();
  const note = useNoteDoc("case", caseId);
  const awareness = note?.awareness;
  const [others, setOthers] = useState<Colleague[]>([]);
  useEffect(() => {
    if (!awareness) return setOthers([]);
    const compute = () => {
      const byId = new Map<string, Colleague>();
      for (const [clientId, state] of awareness.getStates()) {
        const s = state as { user?: { id?: string; name?: string; color?: string }; replying?: boolean };
        const u = s.user;
        if (clientId === awareness.clientID || !u?.id || u.id === me.id) continue;
        const prev = byId.get(u.id);
        byId.set(u.id, {
          id: u.id,
          name: String(u.name ?? "?"),
          color: String(u.color ?? "#888"),
          // Two tabs of one person: writing in either counts.
          replying: Boolean(s.replying) || Boolean(prev?.replying),
        });
      }
      setOthers([...byId.values()].sort((a, b) => a.name.localeCompare(b.name)));
    };
    compute();
    awareness.on("change", compute);
    return () => awareness.off("change", compute);
  }, [awareness, me.id]);
  const setReplying = useCallback(
    (replying: boolean) => {
      if (!awareness) return;
      const current = (awareness.getLocalState() as { replying?: boolean } | null)?.replying ?? false;
      if (current !== replying) awareness.setLocalStateField("replying", replying);
    },
    [awareness],
  );
  return { others, setReplying };
}

/**
 * A reply someone else sent to this conversation while this person had a draft: the collision the
 * inbox warns about. The replies already there when the draft began are remembered by id (not by
 * time: the server stamps replies with its own clock). Null while there is no draft or no such reply.
 */
export function useReplyCollision(caseId: string, drafting: boolean): Row<CaseMessage> | null {
  const { db, me } = useRuntime();
  const replies = useLiveQuery(
    async () =>
      (await db.caseMessages.where("caseId").equals(caseId).toArray()).filter(
        (m) => m.direction === "outbound" && !m.deletedAt,
      ),
    [db, caseId],
  );
  const before = useRef<Set<string> | null>(null);
  if (!drafting) before.current = null;
  else if (before.current === null && replies) before.current = new Set(replies.map((m) => m.id));
  const known = before.current;
  if (!known || !replies) return null;
  return replies.find((m) => !known.has(m.id) && m.author !== me.id) ?? null;
}

/**
 * Watches a reply box inside `ref` without changing it: its text is read on every input and on
 * every change the box draws (a sent reply empties it). Returns whether it holds a draft.
 */
export function useDraftWatch(onDraft: (hasDraft: boolean) => void): {
  ref: (el: HTMLDivElement | null) => void;
  drafting: boolean;
} {
  const [drafting, setDrafting] = useState(false);
  const report = useRef(onDraft);
  report.current = onDraft;
  const observer = useRef<MutationObserver | null>(null);
  const ref = useCallback((el: HTMLDivElement | null) => {
    observer.current?.disconnect();
    observer.current = null;
    if (!el) return;
    const check = () => {
      const box = el.querySelector("textarea");
      const has = Boolean(box?.value.trim());
      setDrafting(has);
      report.current(has);
    };
    // After the event: a render of ours before React has read the typed text would set the
    // reply box (a controlled field) back to its old value and the keystroke would be lost.
    el.addEventListener("input", () => setTimeout(check));
    const mo = new MutationObserver(check);
    mo.observe(el, { childList: true, subtree: true, characterData: true, attributes: true });
    observer.current = mo;
    check();
  }, []);
  return { ref, drafting };
}
