import { type CustomFieldDef, type Lang, type RefCollection, refCollections, writeSettings } from "@crm/schema";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useIssueText } from "../ui/Field.js";
import {
  builtInFields,
  type FieldsDraft,
  fieldsDraftOf,
  fieldsPatch,
  normalizeDraft,
  removeNew,
} from "./customFields.js";
import { NewFieldForm } from "./NewFieldForm.js";
import { RowActions, RowAnnouncer, useOrderedRows } from "./RowControls.js";
import { SectionFrame } from "./SectionFrame.js";
import { useSettingsDraft } from "./useSettingsSection.js";

const TYPE_KEY = "crm.settings.fieldsType";

/**
 * Settings → Fields: per record type, its built-in fields (to read) and its custom fields —
 * names in both languages, help text, required, order (↑/↓, focus follows the moved field),
 * retire and restore — and a part to add one. One record type's fields are one draft, saved
 * explicitly; another admin's save to the same type while editing is a conflict (SectionFrame).
 */
export function FieldsSection() {
  const { t, i18n } = useTranslation();
  const lang: Lang = i18n.language === "zh" ? "zh" : "en";
  const issueText = useIssueText();
  const [collection, setCollection] = useState<RefCollection>(() => {
    const kept = sessionStorage.getItem(TYPE_KEY);
    return (refCollections as readonly string[]).includes(kept ?? "") ? (kept as RefCollection) : "accounts";
  });
  const section = useSettingsDraft<FieldsDraft, FieldsDraft>({
    id: `customFields.${collection}`,
    select: (s) => fieldsDraftOf(s, collection),
    toForm: (v) => v,
    fromForm: normalizeDraft,
    write: (doc, form) => writeSettings(doc, fieldsPatch(form)),
  });
  const draft = section.form;
  const saved = new Set(section.current.fields.map((d) => d.id));
  const nameOf = (d: CustomFieldDef) => d.label[lang] || d.label.en || d.label.zh || d.key;
  const rows = useOrderedRows({
    rows: draft.fields,
    keyOf: (d) => d.id,
    attr: "data-id",
    fallback: "labelEn",
    setRows: (change) => section.setForm((f) => ({ ...f, fields: change(f.fields) })),
    moved: (d, n, total) => t("settings.fields.moved", { name: nameOf(d), n, total }),
  });
  const update = (id: string, change: (d: CustomFieldDef) => CustomFieldDef) =>
    section.setForm((f) => ({ ...f, fields: f.fields.map((d) => (d.id === id ? change(d) : d)) }));
  const issue = (id: string, path: string) => section.issue(`customFields.${id}.${path}`);
  const labelIssue = (id: string) => issue(id, "label.en") ?? issue(id, "label") ?? issue(id, "key");
  const kindText = (d: CustomFieldDef) =>
    t(`settings.fields.kinds.${d.kind}`) +
    (d.ref ? ` → ${t(`data.types.${d.ref}`)}` : "") +
    (d.picklist ? ` · ${t("settings.fields.listOf", { name: nameOf(d) })}` : "");

  const typePicker = (
    <div className="field settings-picker">
      <label htmlFor="fields-type">{t("settings.fields.type")}</label>
      <select
        id="fields-type"
        value={collection}
        onChange={(e) => {
          sessionStorage.setItem(TYPE_KEY, e.target.value);
          setCollection(e.target.value as RefCollection);
        }}
      >
        {refCollections.map((c) => (
          <option key={c} value={c}>
            {t(`data.types.${c}`)}
          </option>
        ))}
      </select>
    </div>
  );

  return (
    <SectionFrame
      section={section}
      title={t("settings.fields.title")}
      lead={t("settings.fields.lead")}
      toolbar={typePicker}
    >
      <RowAnnouncer text={rows.announcement} />
      <h2 className="settings-subhead">{t("settings.fields.custom")}</h2>
      {draft.fields.length === 0 ? (
        <p className="empty-inline">{t("settings.fields.none")}</p>
      ) : (
        <table className="table settings-table custom-fields-table" ref={rows.table}>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t("settings.fields.label")}</th>
              <th scope="col">{t("settings.fields.help")}</th>
              <th scope="col">{t("settings.fields.kind")}</th>
              <th scope="col">{t("settings.fields.required")}</th>
              <th scope="col">
                <span className="sr-only">{t("settings.fields.custom")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {draft.fields.map((d, i) => {
              const name = nameOf(d);
              const isNew = !saved.has(d.id);
              const problem = labelIssue(d.id);
              const errorId = `field-error-${d.id}`;
              return (
                <tr key={d.id} data-id={d.id} className={d.retired ? "retired" : undefined}>
                  <td className="muted">{i + 1}</td>
                  <td>
                    <div className={`field${problem ? " invalid" : ""}`}>
                      <input
                        data-control="labelEn"
                        aria-label={t("settings.fields.labelEnOf", { n: i + 1 })}
                        value={d.label.en}
                        maxLength={100}
                        onChange={(e) => update(d.id, (x) => ({ ...x, label: { ...x.label, en: e.target.value } }))}
                        aria-invalid={problem ? true : undefined}
                        aria-describedby={problem ? errorId : undefined}
                      />
                      <input
                        aria-label={t("settings.fields.labelZhOf", { n: i + 1 })}
                        value={d.label.zh}
                        maxLength={100}
                        onChange={(e) => update(d.id, (x) => ({ ...x, label: { ...x.label, zh: e.target.value } }))}
                      />
                      {problem && (
                        <p id={errorId} className="field-error">
                          {issueText(problem)}
                        </p>
                      )}
                    </div>
                  </td>
                  <td>
                    <div className="field">
                      <input
                        aria-label={t("settings.fields.helpEnOf", { name })}
                        value={d.help?.en ?? ""}
                        maxLength={100}
                        onChange={(e) => update(d.id, (x) => withHelp(x, { ...helpOf(x), en: e.target.value }))}
                      />
                      <input
                        aria-label={t("settings.fields.helpZhOf", { name })}
                        value={d.help?.zh ?? ""}
                        maxLength={100}
                        onChange={(e) => update(d.id, (x) => withHelp(x, { ...helpOf(x), zh: e.target.value }))}
                      />
                    </div>
                  </td>
                  <td>
                    {kindText(d)}
                    <div className="muted small">{t("settings.fields.key", { key: d.key })}</div>
                    {d.retired && <span className="badge retired-badge">{t("settings.fields.retired")}</span>}
                    {isNew && <span className="badge new-badge">{t("settings.fields.unsaved")}</span>}
                  </td>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={t("settings.fields.requiredOf", { name })}
                      checked={d.required ?? false}
                      onChange={(e) => update(d.id, (x) => withRequired(x, e.target.checked))}
                    />
                  </td>
                  <RowActions
                    index={i}
                    count={draft.fields.length}
                    onMove={rows.move}
                    upLabel={t("settings.fields.moveUp", { name })}
                    downLabel={t("settings.fields.moveDown", { name })}
                    retire={
                      isNew
                        ? undefined
                        : {
                            label: t(d.retired ? "settings.fields.restoreOf" : "settings.fields.retireOf", { name }),
                            text: d.retired ? t("settings.fields.restore") : t("settings.fields.retire"),
                            title: d.retired ? undefined : t("settings.fields.retiredNote"),
                            onToggle: () => {
                              rows.focusAfter(d.id, "retire");
                              update(d.id, (x) => withRetired(x, !x.retired));
                            },
                          }
                    }
                    remove={
                      isNew
                        ? {
                            label: t("settings.fields.removeOf", { name }),
                            onRemove: () => section.setForm((f) => removeNew(f, d.id)),
                          }
                        : undefined
                    }
                  />
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {section.canWrite && (
        <NewFieldForm
          collection={collection}
          draft={draft}
          onAdd={(next, added) => {
            rows.focusAfter(added.id, "labelEn");
            section.setForm(() => next);
            rows.announce(t("settings.fields.add.added", { name: nameOf(added) }));
          }}
        />
      )}
      <BuiltInFields collection={collection} lang={lang} />
    </SectionFrame>
  );
}

const helpOf = (d: CustomFieldDef) => d.help ?? { en: "", zh: "" };

function withHelp(d: CustomFieldDef, help: { en: string; zh: string }): CustomFieldDef {
  const { help: _, ...rest } = d;
  return help.en || help.zh ? { ...rest, help } : rest;
}

function withRequired(d: CustomFieldDef, required: boolean): CustomFieldDef {
  const { required: _, ...rest } = d;
  return required ? { ...rest, required } : rest;
}

function withRetired(d: CustomFieldDef, retired: boolean): CustomFieldDef {
  const { retired: _, ...rest } = d;
  return retired ? { ...rest, retired } : rest;
}

/** The type's own fields, to read: an admin sees what exists before adding a field. */
function BuiltInFields({ collection, lang }: { collection: RefCollection; lang: Lang }) {
  const { t } = useTranslation();
  const fields = builtInFields(collection);
  return (
    <details className="built-in-fields">
      <summary>
        {t("settings.fields.builtIn")} ({fields.length})
      </summary>
      <p className="muted small">{t("settings.fields.builtInNote")}</p>
      <table className="table settings-table">
        <thead>
          <tr>
            <th scope="col">{t("settings.fields.label")}</th>
            <th scope="col">{t("settings.fields.kind")}</th>
            <th scope="col">{t("settings.fields.section")}</th>
            <th scope="col">{t("settings.fields.required")}</th>
          </tr>
        </thead>
        <tbody>
          {fields.map((f) => (
            <tr key={f.key}>
              <td>{f.label[lang]}</td>
              <td>{t(`settings.fields.kinds.${f.kind}`)}</td>
              <td>{f.section.label[lang]}</td>
              <td>{f.required ? t("settings.fields.yes") : t("settings.fields.no")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
