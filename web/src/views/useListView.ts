import type { CollectionName } from "@crm/schema";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useLocation, useSearch } from "wouter";
import { useRuntime } from "../runtime/context.js";
import type { SavedView } from "./saved.js";
import { useSavedViews } from "./useSavedViews.js";
import { checkView, defaultView, sameView, type View, viewOnScreen } from "./view.js";

/*
 * The view a list shows, where it is remembered, and which saved view it came from.
 * - In the URL: `?view=<saved view id>`, so a link opens the same saved view for a teammate.
 * - Per device (localStorage, per workspace and list): the chosen saved view and the view on
 *   screen, edits and columns included, so coming back to a list finds it as it was left.
 * A stored view that no longer validates (an older version's, a hand-edited one) falls back to
 * the plain list instead of breaking it.
 */

interface Remembered {
  savedId: string | null;
  view: View;
}

function storageKey(workspace: string, collection: CollectionName) {
  return `crm.view.${workspace}.${collection}`;
}

function readRemembered(workspace: string, collection: CollectionName): Remembered {
  try {
    const raw = JSON.parse(localStorage.getItem(storageKey(workspace, collection)) ?? "null") as Partial<Remembered>;
    const checked = checkView(collection, raw?.view);
    // Search words last for the browser session (as they always have), the rest of the view longer.
    const query = sessionStorage.getItem(`crm.q.${collection}`) ?? "";
    return {
      savedId: typeof raw?.savedId === "string" ? raw.savedId : null,
      view: { ...(checked.ok ? checked.view : defaultView), query },
    };
  } catch {
    return { savedId: null, view: defaultView };
  }
}

export interface ListView {
  view: View;
  setView(next: View): void;
  saved: SavedView[];
  /** The saved view chosen, if any (null while the shared document is still opening). */
  current: SavedView | null;
  savedId: string | null;
  /** The view on screen differs from the chosen saved view. */
  changed: boolean;
  choose(id: string | null): void;
  /** Marks the view on screen as the saved view `id` (just saved from it). */
  adopt(id: string): void;
  doc: ReturnType<typeof useSavedViews>["doc"];
}

export function useListView(collection: CollectionName): ListView {
  const { workspace } = useRuntime();
  const search = useSearch();
  const [location, navigate] = useLocation();
  const urlId = new URLSearchParams(search).get("view");
  const [state, setState] = useState<Remembered>(() => {
    const remembered = readRemembered(workspace, collection);
    return urlId && urlId !== remembered.savedId ? { savedId: urlId, view: remembered.view } : remembered;
  });
  // The view from a link is applied once its saved view is known (the document opens after mount).
  const [pendingApply, setPendingApply] = useState(
    () => !!urlId && urlId !== readRemembered(workspace, collection).savedId,
  );
  const { views: saved, doc } = useSavedViews(collection);
  const current = useMemo(() => saved.find((v) => v.id === state.savedId) ?? null, [saved, state.savedId]);

  useEffect(() => {
    if (pendingApply && current) {
      setState((s) => ({ savedId: current.id, view: viewOnScreen(current.view, s.view) }));
      setPendingApply(false);
    }
  }, [pendingApply, current]);

  useEffect(() => {
    localStorage.setItem(
      storageKey(workspace, collection),
      JSON.stringify({ ...state, view: { ...state.view, query: "" } }),
    );
    sessionStorage.setItem(`crm.q.${collection}`, state.view.query);
  }, [workspace, collection, state]);

  // Keep the URL saying which saved view is on screen (replace: choosing a view is not a page).
  useEffect(() => {
    const params = new URLSearchParams(search);
    if ((params.get("view") ?? null) === state.savedId) return;
    if (state.savedId) params.set("view", state.savedId);
    else params.delete("view");
    const qs = params.toString();
    navigate(`${location}${qs ? `?${qs}` : ""}`, { replace: true });
  }, [state.savedId, search, location, navigate]);

  // A link to another view (the URL changed under a mounted list) switches to it.
  // Only a change of the URL counts: the URL lags one render behind a choice made here.
  const lastUrlId = useRef(urlId);
  useEffect(() => {
    if (urlId === lastUrlId.current) return;
    lastUrlId.current = urlId;
    if (urlId && urlId !== state.savedId) {
      setState((s) => ({ ...s, savedId: urlId }));
      setPendingApply(true);
    }
  }, [urlId, state.savedId]);

  const setView = useCallback((next: View) => setState((s) => ({ ...s, view: next })), []);
  const choose = useCallback(
    (id: string | null) => {
      const chosen = id ? saved.find((v) => v.id === id) : null;
      setState((s) => ({ savedId: chosen?.id ?? null, view: viewOnScreen(chosen?.view ?? defaultView, s.view) }));
    },
    [saved],
  );
  const adopt = useCallback((id: string) => setState((s) => ({ ...s, savedId: id })), []);
  const changed = !!current && !sameView(current.view, state.view);
  return { view: state.view, setView, saved, current, savedId: state.savedId, changed, choose, adopt, doc };
}
