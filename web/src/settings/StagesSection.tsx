import { type PipelineStage, stageKinds } from "@crm/schema";
import { useLiveQuery } from "dexie-react-hooks";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { textOf } from "../i18n/keys.js";
import { useRuntime } from "../runtime/context.js";
import { useStageLabel } from "../sales/useSettings.js";
import { RowActions, RowAnnouncer, useOrderedRows } from "./RowControls.js";
import { SectionFrame } from "./SectionFrame.js";
import { deleteRefusal, localKey, moveItem, removedStages, type StageDraft, stagesFromDrafts } from "./stages.js";
import { useSettingsSection } from "./useSettingsSection.js";

const toDrafts = (stages: PipelineStage[]): StageDraft[] =>
  stages.map((s) => ({ key: s.id, id: s.id, label: s.label, probability: String(s.probability), kind: s.kind }));

const DRAG_TYPE = "text/x-stage";

/**
 * The pipeline's stages: add, rename, reorder (buttons, so the keyboard does it), probability,
 * kind, delete. A stage that deals are in cannot be deleted (counted on this device), nor the
 * last stage of a kind; the schema checks the rest when saving.
 */
export function StagesSection() {
  const { t } = useTranslation();
  const { db } = useRuntime();
  const stageLabel = useStageLabel();
  const section = useSettingsSection("pipelineStages", toDrafts, (drafts) => stagesFromDrafts(drafts));
  const dealCounts = useLiveQuery(async () => {
    const counts = new Map<string, number>();
    await db.opportunities.each((o) => counts.set(o.stage, (counts.get(o.stage) ?? 0) + 1));
    return counts;
  }, [db]);
  const dealsIn = (id: string) => dealCounts?.get(id) ?? 0;
  const [rowError, setRowError] = useState<{ key: string; text: string } | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const drafts = section.form;

  const shown = (d: StageDraft) => (d.id ? stageLabel({ ...d, probability: 0 }) : d.label);
  const nameOf = (d: StageDraft) => shown(d).trim() || t("settings.stages.newStage");
  const rows = useOrderedRows({
    rows: drafts,
    keyOf: (d) => d.key,
    attr: "data-key",
    fallback: "up",
    setRows: (change) => {
      setRowError(null);
      section.setForm(change);
    },
    moved: (d, n, total) => t("settings.stages.moved", { name: nameOf(d), n, total }),
  });
  const update = (key: string, change: Partial<StageDraft>) => {
    setRowError(null);
    section.setForm((f) => f.map((d) => (d.key === key ? { ...d, ...change } : d)));
  };
  // Drag and drop (by the row's handle) does what the buttons do, for the mouse.
  const [over, setOver] = useState<string | null>(null);
  const drop = (fromKey: string, toIndex: number) => {
    setOver(null);
    const from = drafts.findIndex((x) => x.key === fromKey);
    const d = drafts[from];
    if (!d || from === toIndex) return;
    setRowError(null);
    section.setForm((f) => moveItem(f, from, toIndex - from));
    rows.announce(t("settings.stages.moved", { name: nameOf(d), n: toIndex + 1, total: drafts.length }));
  };
  const remove = (index: number) => {
    const d = drafts[index];
    if (!d) return;
    const refused = deleteRefusal(drafts, index, dealsIn);
    if (refused) {
      setRowError({
        key: d.key,
        text:
          refused.reason === "hasDeals"
            ? t("settings.stages.hasDeals", { count: refused.count })
            : t(`settings.stages.lastOfKind.${refused.kind}`),
      });
      return;
    }
    setRowError(null);
    const neighbour = drafts[index + 1] ?? drafts[index - 1];
    if (neighbour) rows.focusAfter(neighbour.key, "name");
    section.setForm((f) => f.filter((x) => x.key !== d.key));
  };
  const add = () => {
    const key = localKey("new");
    rows.focusAfter(key, "name");
    setRowError(null);
    section.setForm((f) => {
      // A new stage is open: it goes after the last open stage, before won and lost.
      const at = f.findIndex((x) => x.kind !== "open");
      const row: StageDraft = { key, id: "", label: "", probability: "50", kind: "open" };
      return at < 0 ? [...f, row] : [...f.slice(0, at), row, ...f.slice(at)];
    });
  };
  // Deals may have moved into a stage this draft deletes since it was deleted here.
  const beforeSave = () => {
    const blocked = removedStages(section.current, drafts).find((s) => dealsIn(s.id) > 0);
    const text = blocked
      ? t("settings.stages.nowHasDeals", { count: dealsIn(blocked.id), name: stageLabel(blocked) })
      : null;
    setRefusal(text);
    return text;
  };
  const whole = section.issue("");
  const issue = (i: number, field: string) => section.issue(`${i}.${field}`);
  const message = (code: string) => textOf(t, [`errors.${code}`, `service.errors.${code}`], code);

  return (
    <SectionFrame
      section={section}
      title={t("settings.stages.title")}
      lead={t("settings.stages.lead")}
      beforeSave={beforeSave}
      refusal={refusal}
      onDiscard={() => {
        setRefusal(null);
        setRowError(null);
      }}
    >
      <RowAnnouncer text={rows.announcement} />
      <table className="table settings-table stages-table" ref={rows.table}>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">{t("settings.stages.name")}</th>
            <th scope="col">{t("settings.stages.probability")}</th>
            <th scope="col">{t("settings.stages.kind")}</th>
            <th scope="col" className="num">
              {t("settings.stages.deals")}
            </th>
            <th scope="col">
              <span className="sr-only">{t("settings.stages.stage")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {drafts.map((d, i) => {
            const name = nameOf(d);
            const labelIssue = issue(i, "label") ?? issue(i, "id");
            const probIssue = issue(i, "probability");
            const error = rowError?.key === d.key ? rowError.text : null;
            const errorId = `stage-error-${d.key}`;
            return (
              <tr
                key={d.key}
                data-key={d.key}
                className={`stage-row stage-${d.kind}${over === d.key ? " drop-target" : ""}`}
                onDragOver={(e) => {
                  if (!section.canWrite || !e.dataTransfer.types.includes(DRAG_TYPE)) return;
                  e.preventDefault();
                  e.dataTransfer.dropEffect = "move";
                  setOver(d.key);
                }}
                onDragLeave={() => setOver((k) => (k === d.key ? null : k))}
                onDrop={(e) => {
                  e.preventDefault();
                  drop(e.dataTransfer.getData(DRAG_TYPE), i);
                }}
              >
                <td className="muted">
                  {section.canWrite && (
                    <span
                      className="drag-handle"
                      draggable
                      aria-hidden="true"
                      title={t("settings.stages.drag")}
                      onDragStart={(e) => {
                        e.dataTransfer.setData(DRAG_TYPE, d.key);
                        e.dataTransfer.effectAllowed = "move";
                      }}
                      onDragEnd={() => setOver(null)}
                    >
                      ⠿
                    </span>
                  )}
                  {i + 1}
                </td>
                <td>
                  <div className={`field${labelIssue ? " invalid" : ""}`}>
                    <input
                      data-control="name"
                      className="stage-name"
                      aria-label={t("settings.stages.nameOf", { n: i + 1 })}
                      value={shown(d)}
                      maxLength={60}
                      onChange={(e) => update(d.key, { label: e.target.value })}
                      aria-invalid={labelIssue ? true : undefined}
                      aria-describedby={error ? errorId : undefined}
                    />
                    {labelIssue && <p className="field-error">{message(labelIssue.code)}</p>}
                    {error && (
                      <p id={errorId} className="field-error" role="alert">
                        {error}
                      </p>
                    )}
                  </div>
                </td>
                <td>
                  <div className={`field${probIssue ? " invalid" : ""}`}>
                    <input
                      className="narrow"
                      inputMode="numeric"
                      aria-label={t("settings.stages.probabilityOf", { name })}
                      value={d.probability}
                      onChange={(e) => update(d.key, { probability: e.target.value })}
                      aria-invalid={probIssue ? true : undefined}
                    />
                    {probIssue && <p className="field-error">{message(probIssue.code)}</p>}
                  </div>
                </td>
                <td>
                  <select
                    aria-label={t("settings.stages.kindOf", { name })}
                    value={d.kind}
                    onChange={(e) => update(d.key, { kind: e.target.value as StageDraft["kind"] })}
                  >
                    {stageKinds.map((k) => (
                      <option key={k} value={k}>
                        {t(`settings.stages.kinds.${k}`)}
                      </option>
                    ))}
                  </select>
                </td>
                <td className="num">{d.id ? dealsIn(d.id) : 0}</td>
                <RowActions
                  index={i}
                  count={drafts.length}
                  onMove={rows.move}
                  upLabel={t("settings.stages.moveUp", { name })}
                  downLabel={t("settings.stages.moveDown", { name })}
                  remove={{ label: t("settings.stages.remove", { name }), onRemove: () => remove(i) }}
                />
              </tr>
            );
          })}
        </tbody>
      </table>
      {whole && (
        <p className="field-error" role="alert">
          {whole.code === "tooLong" ? t("settings.stages.tooMany") : t("settings.stages.needKinds")}
        </p>
      )}
      <div className="settings-add">
        <button type="button" className="button" onClick={add} disabled={drafts.length >= 30}>
          {t("settings.stages.add")}
        </button>
      </div>
    </SectionFrame>
  );
}
