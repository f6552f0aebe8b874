import { type Lang, type PicklistValue, type StoredRecord, writeSettings } from "@crm/schema";
import { useLiveQuery } from "dexie-react-hooks";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useRuntime } from "../runtime/context.js";
import { useWorkspaceSettings } from "../runtime/settings.js";
import { useIssueText } from "../ui/Field.js";
import { listLabel } from "./customFields.js";
import { addValue, countRecord, deleteValue, editableLists, fieldsUsing, listValues } from "./picklistDraft.js";
import { RowActions, RowAnnouncer, useOrderedRows } from "./RowControls.js";
import { SectionFrame } from "./SectionFrame.js";
import { useSettingsDraft } from "./useSettingsSection.js";

const LIST_KEY = "crm.settings.picklist";

/**
 * Settings → Picklists: the values of a list (industry, lead source, case category, each custom
 * picklist field's): add, rename in both languages, reorder (↑/↓), retire and restore, delete.
 * How many records use each value is counted on this device; deleting a value in use retires it
 * instead and says so, and saving tells the schema which values are in use, so none vanishes.
 */
export function PicklistsSection() {
  const { t, i18n } = useTranslation();
  const lang: Lang = i18n.language === "zh" ? "zh" : "en";
  const issueText = useIssueText();
  const { settings } = useWorkspaceSettings();
  const lists = editableLists(settings);
  const [chosen, setChosen] = useState(() => sessionStorage.getItem(LIST_KEY) ?? "industry");
  const list = lists.includes(chosen) ? chosen : (lists[0] ?? "industry");
  const counts = useValueCounts(list);
  const used = (value: string) => (counts ? (counts.get(value) ?? 0) : Number.POSITIVE_INFINITY);
  const section = useSettingsDraft<PicklistValue[], PicklistValue[]>({
    id: `picklists.${list}`,
    select: (s) => listValues(list, s),
    toForm: (v) => v,
    fromForm: (v) => v,
    write: (doc, form) =>
      writeSettings(doc, { picklists: { [list]: form } }, { inUse: (l, v) => l !== list || used(v) > 0 }),
  });
  const values = section.form;
  const saved = new Set(section.current.map((v) => v.value));
  const [rowNote, setRowNote] = useState<{ value: string; text: string } | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [fresh, setFresh] = useState({ en: "", zh: "" });
  const [freshProblem, setFreshProblem] = useState<string | null>(null);

  const nameOf = (v: PicklistValue) => v.label[lang] || v.label.en || v.label.zh || v.value;
  const rows = useOrderedRows({
    rows: values,
    keyOf: (v) => v.value,
    attr: "data-value",
    fallback: "labelEn",
    setRows: section.setForm,
    moved: (v, n, total) => t("settings.picklists.moved", { name: nameOf(v), n, total }),
  });
  const update = (value: string, change: Partial<PicklistValue>) => {
    setRowNote(null);
    section.setForm((f) => f.map((v) => (v.value === value ? { ...v, ...change } : v)));
  };
  const remove = (index: number) => {
    const v = values[index];
    if (!v) return;
    const { values: next, outcome } = deleteValue(values, index, list, used);
    section.setForm(() => next);
    if (outcome.kind === "deleted") {
      setRowNote(null);
      const neighbour = values[index + 1] ?? values[index - 1];
      if (neighbour) rows.focusAfter(neighbour.value, "labelEn");
      return;
    }
    rows.focusAfter(v.value, "retire");
    setRowNote({
      value: v.value,
      text:
        outcome.reason === "inUse"
          ? t("settings.picklists.inUse", { count: outcome.count, name: nameOf(v) })
          : t("settings.picklists.builtInValue", { name: nameOf(v) }),
    });
  };
  const add = () => {
    if (!fresh.en.trim() && !fresh.zh.trim()) return setFreshProblem(t("settings.picklists.needName"));
    const next = addValue(values, fresh);
    const added = next[next.length - 1]!;
    rows.focusAfter(added.value, "labelEn");
    section.setForm(() => next);
    setFresh({ en: "", zh: "" });
    rows.announce(t("settings.picklists.added", { name: nameOf(added) }));
  };
  // Records may have taken a value this draft deletes since it was deleted here: keep it, retired.
  const beforeSave = () => {
    const kept = new Set(values.map((v) => v.value));
    const now = section.current.filter((v) => !kept.has(v.value) && used(v.value) > 0);
    if (now.length === 0) {
      setRefusal(null);
      return null;
    }
    section.setForm((f) => [...f, ...now.map((v) => ({ ...v, retired: true }))]);
    const text = now.map((v) => t("settings.picklists.nowInUse", { count: used(v.value), name: nameOf(v) })).join(" ");
    setRefusal(text);
    return text;
  };
  const labelIssue = (i: number) =>
    section.issue(`picklists.${list}.${i}.label.en`) ?? section.issue(`picklists.${list}.${i}.label`);

  const picker = (
    <div className="field settings-picker">
      <label htmlFor="picklist-id">{t("settings.picklists.list")}</label>
      <select
        id="picklist-id"
        value={list}
        onChange={(e) => {
          sessionStorage.setItem(LIST_KEY, e.target.value);
          setChosen(e.target.value);
          setRowNote(null);
          setRefusal(null);
        }}
      >
        {lists.map((id) => {
          const { list: label, field } = listLabel(id, settings);
          return (
            <option key={id} value={id}>
              {field ? `${t(`data.types.${field.collection}`)} · ${label[lang] || label.en}` : label[lang]}
            </option>
          );
        })}
      </select>
    </div>
  );

  return (
    <SectionFrame
      section={section}
      title={t("settings.picklists.title")}
      lead={t("settings.picklists.lead")}
      toolbar={picker}
      beforeSave={beforeSave}
      refusal={refusal}
      onDiscard={() => {
        setRefusal(null);
        setRowNote(null);
      }}
    >
      <RowAnnouncer text={rows.announcement} />
      {values.length === 0 ? (
        <p className="empty-inline">{t("settings.picklists.none")}</p>
      ) : (
        <table className="table settings-table picklist-table" ref={rows.table}>
          <caption className="sr-only">{t("settings.picklists.recordsNote")}</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t("settings.picklists.labelEn")}</th>
              <th scope="col">{t("settings.picklists.labelZh")}</th>
              <th scope="col">{t("settings.picklists.value")}</th>
              <th scope="col" className="num" title={t("settings.picklists.recordsNote")}>
                {t("settings.picklists.records")}
              </th>
              <th scope="col">
                <span className="sr-only">{t("settings.picklists.list")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {values.map((v, i) => {
              const name = nameOf(v);
              const problem = labelIssue(i);
              const note = rowNote?.value === v.value ? rowNote.text : null;
              const noteId = `value-note-${v.value}`;
              return (
                <tr key={v.value} data-value={v.value} className={v.retired ? "retired" : undefined}>
                  <td className="muted">{i + 1}</td>
                  <td>
                    <div className={`field${problem ? " invalid" : ""}`}>
                      <input
                        data-control="labelEn"
                        aria-label={t("settings.picklists.labelEnOf", { n: i + 1 })}
                        value={v.label.en}
                        maxLength={100}
                        aria-invalid={problem ? true : undefined}
                        aria-describedby={note ? noteId : undefined}
                        onChange={(e) => update(v.value, { label: { ...v.label, en: e.target.value } })}
                      />
                      {problem && <p className="field-error">{issueText(problem)}</p>}
                      {note && (
                        <p id={noteId} className="field-note" role="alert">
                          {note}
                        </p>
                      )}
                    </div>
                  </td>
                  <td>
                    <div className="field">
                      <input
                        aria-label={t("settings.picklists.labelZhOf", { n: i + 1 })}
                        value={v.label.zh}
                        maxLength={100}
                        onChange={(e) => update(v.value, { label: { ...v.label, zh: e.target.value } })}
                      />
                    </div>
                  </td>
                  <td>
                    <code className="small">{v.value}</code>{" "}
                    {v.retired && <span className="badge retired-badge">{t("settings.picklists.retired")}</span>}
                    {!saved.has(v.value) && <span className="badge new-badge">{t("settings.picklists.unsaved")}</span>}
                  </td>
                  <td className="num">{counts ? used(v.value) : "…"}</td>
                  <RowActions
                    index={i}
                    count={values.length}
                    onMove={rows.move}
                    upLabel={t("settings.picklists.moveUp", { name })}
                    downLabel={t("settings.picklists.moveDown", { name })}
                    retire={{
                      label: t(v.retired ? "settings.picklists.restoreOf" : "settings.picklists.retireOf", { name }),
                      text: v.retired ? t("settings.fields.restore") : t("settings.fields.retire"),
                      onToggle: () => {
                        rows.focusAfter(v.value, "retire");
                        update(v.value, { retired: !v.retired });
                      },
                    }}
                    remove={{
                      label: t("settings.picklists.deleteOf", { name }),
                      disabled: !counts,
                      onRemove: () => remove(i),
                    }}
                  />
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {section.canWrite && (
        <fieldset
          className="new-value"
          onKeyDown={(e) => {
            if (e.key !== "Enter" || (e.target as HTMLElement).tagName === "BUTTON") return;
            e.preventDefault();
            add();
          }}
        >
          <legend>{t("settings.picklists.newValue")}</legend>
          <div className="field">
            <label htmlFor="picklist-new-en">{t("settings.picklists.newEn")}</label>
            <input
              id="picklist-new-en"
              value={fresh.en}
              maxLength={100}
              aria-describedby={freshProblem ? "picklist-new-problem" : undefined}
              onChange={(e) => {
                setFreshProblem(null);
                setFresh((f) => ({ ...f, en: e.target.value }));
              }}
            />
          </div>
          <div className="field">
            <label htmlFor="picklist-new-zh">{t("settings.picklists.newZh")}</label>
            <input
              id="picklist-new-zh"
              value={fresh.zh}
              maxLength={100}
              onChange={(e) => {
                setFreshProblem(null);
                setFresh((f) => ({ ...f, zh: e.target.value }));
              }}
            />
          </div>
          <button type="button" className="button" onClick={add}>
            {t("settings.picklists.add")}
          </button>
          {freshProblem && (
            <p id="picklist-new-problem" className="field-error" role="alert">
              {freshProblem}
            </p>
          )}
        </fieldset>
      )}
    </SectionFrame>
  );
}

/** How many records on this device hold each value of `list` (every field drawing from it). */
function useValueCounts(list: string): Map<string, number> | undefined {
  const { db } = useRuntime();
  const { settings, doc } = useWorkspaceSettings();
  const using = fieldsUsing(list, settings);
  const key = using.map((u) => `${u.collection}.${u.key}`).join(",");
  return useLiveQuery(async () => {
    if (!doc) return undefined;
    const counts = new Map<string, number>();
    const byCollection = new Map<string, string[]>();
    for (const u of using) byCollection.set(u.collection, [...(byCollection.get(u.collection) ?? []), u.key]);
    for (const [collection, keys] of byCollection)
      await db.table<StoredRecord, string>(collection).each((r) => countRecord(counts, r, keys));
    return counts;
    // `key` names the fields read: counted again when a field starts or stops using the list.
  }, [db, key, !!doc]);
}
