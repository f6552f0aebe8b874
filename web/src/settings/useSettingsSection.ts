import { type FieldIssue, type WorkspaceSettings, writeSettings } from "@crm/schema";
import { useCallback, useEffect, useState } from "react";
import type * as Y from "yjs";
import { useRuntime } from "../runtime/context.js";
import { useCanWrite } from "../runtime/session.js";
import { useWorkspaceSettings } from "../runtime/settings.js";
import { canonicalJson, followDocument, type SectionDraft, type SectionState, sectionState } from "./sectionDraft.js";

export type SectionKey = keyof WorkspaceSettings;

export interface SettingsSection<V, F> {
  state: SectionState;
  canWrite: boolean;
  /** The section as the document holds it now (defaults until read). */
  current: V;
  form: F;
  setForm(update: (f: F) => F): void;
  /** Issues of the last save, with paths as `issue` is asked for them. */
  issues: FieldIssue[];
  issue(path: string): FieldIssue | undefined;
  saved: boolean;
  /** Writes the draft; refused (false) while another admin's change would be overwritten, unless `force`. */
  save(force?: boolean): boolean;
  discard(): void;
}

/**
 * One section of the settings document, edited as a draft and saved explicitly: exactly that
 * section's value is validated (schema's `writeSettings`) and written, so one admin's save never
 * touches another section. See sectionDraft.ts for how a concurrent change is caught.
 */
export function useSettingsSection<K extends SectionKey, F>(
  key: K,
  toForm: (value: WorkspaceSettings[K]) => F,
  fromForm: (form: F) => unknown,
): SettingsSection<WorkspaceSettings[K], F> {
  const prefix = `${key}.`;
  return useSettingsDraft<WorkspaceSettings[K], F>({
    id: key,
    select: (settings) => settings[key],
    toForm,
    fromForm,
    write: (doc, form) => writeSettings(doc, { [key]: fromForm(form) } as Partial<WorkspaceSettings>),
    issuePath: (path) => (path ? prefix + path : key),
  });
}

/**
 * A draft of any part of the settings (a whole section, one record type's custom fields, one
 * picklist): `select` reads the part from the settings, `fromForm` says what saving the form
 * would make it (compared as canonical JSON to tell clean, dirty and conflict apart), `write`
 * saves it and returns schema's result. An unsaved draft outlives leaving the page (this tab
 * only): going to the pipeline to check a column and coming back finds the edits as they were,
 * checked against the document again.
 */
export function useSettingsDraft<V, F>(opts: {
  /** Names the draft in sessionStorage, per workspace. */
  id: string;
  select(settings: WorkspaceSettings): V;
  toForm(value: V): F;
  fromForm(form: F): unknown;
  write(doc: Y.Doc, form: F): { ok: true; value: WorkspaceSettings } | { ok: false; issues: FieldIssue[] };
  /** The path of an issue of the last save, from the path a caller asks for (default: as is). */
  issuePath?(path: string): string;
}): SettingsSection<V, F> {
  const { settings, doc } = useWorkspaceSettings();
  const canWrite = useCanWrite("settings");
  const current = opts.select(settings);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `toForm` is pure; its identity changes every render
  const parse = useCallback((json: string) => opts.toForm(JSON.parse(json) as V), [opts.id]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `fromForm` is pure; its identity changes every render
  const written = useCallback((form: F) => canonicalJson(opts.fromForm(form)), [opts.id]);
  const stored = `crm.settings.draft.${useRuntime().workspace}.${opts.id}`;
  const start = (): SectionDraft<F> => readStored<F>(stored) ?? { base: null, form: opts.toForm(current) };
  const [draft, setDraft] = useState<SectionDraft<F>>(start);
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [saved, setSaved] = useState(false);
  // Another part shown in the same place (the Fields tab's record type): its own draft, from
  // this tab's storage or the document; the previous part's draft stays stored.
  const [shown, setShown] = useState(stored);
  if (shown !== stored) {
    setShown(stored);
    setDraft(start());
    setIssues([]);
    setSaved(false);
  }

  // What saving the form would write is compared with the part as the document holds it.
  const currentJson = doc ? canonicalJson(current) : null;
  useEffect(() => {
    if (currentJson !== null) setDraft((d) => followDocument(d, currentJson, written, parse));
  }, [currentJson, written, parse]);

  const state = currentJson === null ? "loading" : sectionState(draft, currentJson, written);
  const unsaved = state === "dirty" || state === "conflict";
  useEffect(() => {
    if (shown !== stored) return;
    if (unsaved) sessionStorage.setItem(stored, JSON.stringify(draft));
    else sessionStorage.removeItem(stored);
  }, [unsaved, draft, stored, shown]);
  const path = opts.issuePath ?? ((p: string) => p);
  return {
    state,
    canWrite,
    current,
    form: draft.form,
    setForm: (update) => {
      setSaved(false);
      setDraft((d) => ({ ...d, form: update(d.form) }));
    },
    issues,
    issue: (p) => issues.find((i) => i.field === path(p)),
    saved,
    save: (force = false) => {
      if (!doc || !canWrite || (state === "conflict" && !force)) return false;
      const result = opts.write(doc, draft.form);
      if (!result.ok) {
        setIssues(result.issues);
        setSaved(false);
        return false;
      }
      const json = canonicalJson(opts.select(result.value));
      setDraft({ base: json, form: parse(json) });
      setIssues([]);
      setSaved(true);
      return true;
    },
    discard: () => {
      if (currentJson !== null) setDraft({ base: currentJson, form: parse(currentJson) });
      setIssues([]);
      setSaved(false);
    },
  };
}

function readStored<F>(name: string): SectionDraft<F> | null {
  try {
    const raw = sessionStorage.getItem(name);
    const value = raw ? (JSON.parse(raw) as SectionDraft<F>) : null;
    return value && typeof value.base === "string" && "form" in value ? value : null;
  } catch {
    return null;
  }
}
