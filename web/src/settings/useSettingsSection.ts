import { type FieldIssue, type WorkspaceSettings, writeSettings } from "@crm/schema";
import { useCallback, useEffect, useState } from "react";
import { useRuntime } from "../app/runtime-context.js";
import { useCanWrite } from "../auth/session-context.js";
import { useWorkspaceSettings } from "../service/useSettings.js";
import { canonicalJson, followDocument, type SectionDraft, type SectionState, sectionState } from "./sectionDraft.js";

export type SectionKey = keyof WorkspaceSettings;

export interface SettingsSection<K extends SectionKey, F> {
  state: SectionState;
  canWrite: boolean;
  /** The section as the document holds it now (defaults until read). */
  current: WorkspaceSettings[K];
  form: F;
  setForm(update: (f: F) => F): void;
  /** Issues of the last save, with paths inside the section (`3.label`, `rules.1.value`, "" for the whole). */
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
): SettingsSection<K, F> {
  const { settings, doc } = useWorkspaceSettings();
  const canWrite = useCanWrite("settings");
  const current = settings[key];
  const currentJson = doc ? canonicalJson(current) : null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: `toForm` is pure; its identity changes every render
  const parse = useCallback((json: string) => toForm(JSON.parse(json) as WorkspaceSettings[K]), []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `fromForm` is pure; its identity changes every render
  const written = useCallback((form: F) => canonicalJson(fromForm(form)), []);
  // An unsaved draft outlives leaving the page (this tab only): going to the pipeline to check a
  // column and coming back finds the edits as they were, checked against the document again.
  const stored = `crm.settings.draft.${useRuntime().workspace}.${key}`;
  const [draft, setDraft] = useState<SectionDraft<F>>(
    () => readStored<F>(stored) ?? { base: null, form: toForm(current) },
  );
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    if (currentJson !== null) setDraft((d) => followDocument(d, currentJson, written, parse));
  }, [currentJson, written, parse]);

  const state = currentJson === null ? "loading" : sectionState(draft, currentJson, written);
  const unsaved = state === "dirty" || state === "conflict";
  useEffect(() => {
    if (unsaved) sessionStorage.setItem(stored, JSON.stringify(draft));
    else sessionStorage.removeItem(stored);
  }, [unsaved, draft, stored]);
  const prefix = `${key}.`;
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
    issue: (path) => issues.find((i) => i.field === (path ? prefix + path : key)),
    saved,
    save: (force = false) => {
      if (!doc || !canWrite || (state === "conflict" && !force)) return false;
      const result = writeSettings(doc, { [key]: fromForm(draft.form) } as Partial<WorkspaceSettings>);
      if (!result.ok) {
        setIssues(result.issues);
        setSaved(false);
        return false;
      }
      const json = canonicalJson(result.value[key]);
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
