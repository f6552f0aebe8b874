import {
  type BuiltInRuleId,
  builtInRule,
  deleteRule,
  type FieldIssue,
  isBuiltInRuleId,
  type Rule,
  readRules,
  resetRule,
  settingsDocName,
  writeRule,
} from "@crm/schema";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type * as Y from "yjs";
import { useRuntime } from "../runtime/context.js";
import { useIsAdmin } from "../runtime/session.js";
import { useWorkspaceSettings } from "../runtime/settings.js";
import { useTrackedDoc } from "../runtime/useTrackedDoc.js";
import { RuleEditor } from "./RuleEditor.js";
import { RuleRuns } from "./RuleRuns.js";
import { newRule, newRuleId } from "./ruleDraft.js";
import "./rules.css";

const readRuleList = (d: Y.Doc) => readRules(d).rules;
const NO_RULES: Rule[] = [];

/**
 * Settings → Rules: every workflow rule (the built-ins first, marked), each with an on/off switch,
 * Edit, Run log, and Delete — or Reset for a built-in, which cannot be deleted. The rules live in
 * the settings document one entry per rule (schema/src/rules/store.ts), so a save writes that one
 * entry and two admins editing different rules both keep theirs. The server's peer runs them.
 */
export function RulesSection() {
  const { t } = useTranslation();
  const { workspace } = useRuntime();
  const { settings } = useWorkspaceSettings();
  const canWrite = useIsAdmin();
  const { doc, value: rules } = useTrackedDoc(settingsDocName(workspace), readRuleList, NO_RULES);
  const [editing, setEditing] = useState<{ rule: Rule; isNew: boolean } | null>(null);
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [showRuns, setShowRuns] = useState<Rule | null>(null);
  const [status, setStatus] = useState("");
  const returnFocus = useRef<HTMLElement | null>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const nameOf = (r: Rule) =>
    isBuiltInRuleId(r.id) && r.name === builtInRule(r.id)?.name
      ? t(`rules.builtInNames.${r.id as BuiltInRuleId}`)
      : r.name;

  // Focus follows the panel opened, and returns to the button that opened it.
  const panel = editing ? (editing.isNew ? "new" : `edit:${editing.rule.id}`) : showRuns ? `runs:${showRuns.id}` : null;
  useEffect(() => {
    if (panel) document.querySelector<HTMLElement>(".rule-editor input, .rule-runs button")?.focus();
  }, [panel]);
  const close = () => {
    setEditing(null);
    setShowRuns(null);
    setIssues([]);
    requestAnimationFrame(() => (returnFocus.current?.isConnected ? returnFocus.current : listRef.current)?.focus());
  };
  const open = (e: { currentTarget: HTMLElement }) => {
    returnFocus.current = e.currentTarget;
  };

  const save = () => {
    if (!doc || !editing) return;
    const rule = editing.isNew ? { ...editing.rule, id: newRuleId(editing.rule.name) } : editing.rule;
    const r = writeRule(doc, rule, settings);
    if (!r.ok) {
      setIssues(r.issues);
      return;
    }
    setStatus(t("rules.saved"));
    close();
  };
  const toggle = (r: Rule, enabled: boolean) => {
    if (doc) writeRule(doc, { ...r, enabled }, settings);
  };

  return (
    <div className="card settings-section rules-section">
      <h1 id="settings-title">{t("rules.title")}</h1>
      <p className="muted">{t("rules.lead")}</p>
      {!canWrite && (
        <p className="settings-readonly" role="note">
          {t("rules.readOnly")}
        </p>
      )}
      <p role="status" className="muted">
        {status}
      </p>
      <ul className="rule-list" aria-label={t("rules.list")} ref={listRef} tabIndex={-1}>
        {rules.map((r) => {
          const name = nameOf(r);
          return (
            <li key={r.id} className="rule-item">
              <label className="checkbox">
                <input
                  type="checkbox"
                  checked={r.enabled}
                  disabled={!canWrite || !doc}
                  aria-label={t("rules.enable", { name })}
                  onChange={(e) => toggle(r, e.target.checked)}
                />
                <span className="rule-state">{r.enabled ? t("rules.enabled") : t("rules.disabled")}</span>
              </label>
              <span className="rule-name">
                {name} {r.builtIn && <span className="badge">{t("rules.builtIn")}</span>}
              </span>
              <span className="muted">
                {t(`rules.collections.${r.collection}`)} · {t(`rules.editor.triggers.${r.trigger.type}`)}
              </span>
              <span className="rule-buttons">
                {canWrite && (
                  <button
                    type="button"
                    className="button small"
                    aria-label={t("rules.editRule", { name })}
                    onClick={(e) => {
                      open(e);
                      setShowRuns(null);
                      setIssues([]);
                      setEditing({ rule: r, isNew: false });
                    }}
                  >
                    {t("rules.edit")}
                  </button>
                )}
                <button
                  type="button"
                  className="button small"
                  aria-label={t("rules.runLogOf", { name })}
                  onClick={(e) => {
                    open(e);
                    setEditing(null);
                    setShowRuns(r);
                  }}
                >
                  {t("rules.runLog")}
                </button>
                {canWrite &&
                  (r.builtIn ? (
                    <button
                      type="button"
                      className="button small"
                      aria-label={t("rules.resetRule", { name })}
                      onClick={() => {
                        if (doc && resetRule(doc, r.id)) setStatus(t("rules.resetDone"));
                      }}
                    >
                      {t("rules.reset")}
                    </button>
                  ) : (
                    <button
                      type="button"
                      className="button small danger-outline"
                      aria-label={t("rules.deleteRule", { name })}
                      onClick={() => {
                        if (doc && deleteRule(doc, r.id)) {
                          setStatus(t("rules.deleted"));
                          listRef.current?.focus();
                        }
                      }}
                    >
                      {t("rules.delete")}
                    </button>
                  ))}
              </span>
            </li>
          );
        })}
      </ul>
      {canWrite && !editing && (
        <button
          type="button"
          className="button primary"
          disabled={!doc}
          onClick={(e) => {
            open(e);
            setShowRuns(null);
            setIssues([]);
            setEditing({ rule: newRule(), isNew: true });
          }}
        >
          {t("rules.newRule")}
        </button>
      )}
      {editing && (
        <RuleEditor
          title={editing.isNew ? t("rules.newRule") : t("rules.editRule", { name: nameOf(editing.rule) })}
          rule={editing.rule}
          issues={issues}
          onChange={(rule) => setEditing({ ...editing, rule })}
          onSave={save}
          onCancel={close}
        />
      )}
      {showRuns && <RuleRuns ruleId={showRuns.id} name={nameOf(showRuns)} onClose={close} />}
    </div>
  );
}
