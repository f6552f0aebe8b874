import {
  type Filter,
  fieldOf,
  type RelatedCondition,
  type SegmentRelation,
  type StoredRecord,
  segmentRelations,
  valueLabel,
} from "@crm/schema";
import { useLiveQuery } from "dexie-react-hooks";
import { useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "wouter";
import { useRuntime } from "../runtime/context.js";
import { useCanWrite } from "../runtime/session.js";
import { useWorkspaceSettings } from "../runtime/settings.js";
import { AddFilter } from "../views/AddFilter.js";
import { useFilterLabel } from "../views/ViewBar.js";
import { useSegmentMembers } from "./useSegmentMembers.js";
import "./marketing.css";

/*
 * Marketing → Segments: the saved segments, and one segment's editor — conditions on the contact
 * in the list views' filter language (any field, custom fields included, through the same "Add
 * filter" dialog), conditions on related records ("has at least one order ordered within the last
 * 90 days"), the live member count (aria-live) and the first members. Saved as a `segments`
 * record, so it syncs, works offline and is in the REST API.
 */

const RELATIONS = Object.keys(segmentRelations) as SegmentRelation[];

interface Draft {
  name: string;
  filters: Filter[];
  related: RelatedCondition[];
}

const empty: Draft = { name: "", filters: [], related: [] };

export function SegmentsPage({ id }: { id?: string }) {
  const { t } = useTranslation();
  const { db } = useRuntime();
  const segments = useLiveQuery(
    () =>
      db.segments
        .orderBy("sortKey")
        .filter((s) => !s.deletedAt)
        .toArray(),
    [db],
  );
  return (
    <div className="page segments-page">
      <h1>{t("marketing.segments")}</h1>
      <div className="segments-layout">
        <nav className="card segments-nav" aria-label={t("marketing.segmentList")}>
          <Link href="/marketing/segments/new" className="button primary">
            {t("marketing.newSegment")}
          </Link>
          {segments && segments.length === 0 && <p className="muted">{t("marketing.none")}</p>}
          <ul>
            {segments?.map((s) => (
              <li key={s.id}>
                <Link href={`/marketing/segments/${s.id}`} aria-current={s.id === id ? "page" : undefined}>
                  {s.name}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <SegmentEditor key={id ?? "new"} id={id} />
      </div>
    </div>
  );
}

function SegmentEditor({ id }: { id?: string }) {
  const { t } = useTranslation();
  const { db, store } = useRuntime();
  const [, navigate] = useLocation();
  const canWrite = useCanWrite("segments");
  const { settings } = useWorkspaceSettings();
  const stored = useLiveQuery(() => (id ? db.segments.get(id).then((s) => s ?? null) : null), [db, id]);
  const [draft, setDraft] = useState<Draft | null>(id ? null : empty);
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const nameId = useId();

  useEffect(() => {
    if (stored && !draft) setDraft({ name: stored.name, filters: stored.filters ?? [], related: stored.related ?? [] });
  }, [stored, draft]);

  const live = useSegmentMembers(draft ?? empty, settings);
  if (!draft) return <section className="card segment-editor" aria-busy="true" />;

  const set = (patch: Partial<Draft>) => {
    setDraft({ ...draft, ...patch });
    setNotice(null);
  };
  const setRelated = (i: number, patch: Partial<RelatedCondition>) =>
    set({ related: draft.related.map((r, j) => (j === i ? { ...r, ...patch } : r)) });

  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!draft.name.trim()) {
      setProblem(t("marketing.nameRequired"));
      document.getElementById(nameId)?.focus();
      return;
    }
    const input = { name: draft.name.trim(), kind: "filter", filters: draft.filters, related: draft.related };
    const result = stored
      ? await store.update("segments", stored.id, input, stored as unknown as StoredRecord)
      : await store.create("segments", input);
    if (!result.ok) {
      setProblem(result.issues.map((i) => `${i.field}: ${i.message}`).join(" "));
      return;
    }
    setProblem(null);
    setNotice(t("marketing.saved", { name: input.name }));
    if (!stored) navigate(`/marketing/segments/${result.id}`);
  };

  return (
    <section className="card segment-editor" aria-labelledby={`${nameId}-h`}>
      <h2 id={`${nameId}-h`}>{draft.name || t("marketing.newSegment")}</h2>
      {!canWrite && (
        <p className="muted" role="note">
          {t("marketing.readOnly")}
        </p>
      )}
      <form onSubmit={save}>
        <label className="field">
          <span>{t("marketing.name")}</span>
          <input
            id={nameId}
            value={draft.name}
            maxLength={200}
            disabled={!canWrite}
            aria-invalid={problem ? true : undefined}
            onChange={(e) => {
              set({ name: e.target.value });
              setProblem(null);
            }}
          />
          {problem && <span className="field-error">{problem}</span>}
        </label>

        <h3>{t("marketing.conditions")}</h3>
        <Chips
          collection="contacts"
          filters={draft.filters}
          settings={settings}
          onChange={(filters) => set({ filters })}
          canWrite={canWrite}
        />
        {!draft.filters.length && !draft.related.length && <p className="muted small">{t("marketing.noConditions")}</p>}

        <h3>{t("marketing.related")}</h3>
        <ol className="related-list">
          {draft.related.map((r, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: conditions have no identity of their own
            <li key={i} className="related-item">
              <span>{t("marketing.relatedHas")}</span>
              <select
                aria-label={`${t("marketing.relatedHas")} ${i + 1}`}
                value={r.has}
                disabled={!canWrite}
                onChange={(e) => setRelated(i, { has: e.target.value as RelatedCondition["has"] })}
              >
                <option value="has">{t("marketing.has")}</option>
                <option value="hasNone">{t("marketing.hasNone")}</option>
              </select>
              <select
                aria-label={`${t("marketing.relatedCollection")} ${i + 1}`}
                value={r.collection}
                disabled={!canWrite}
                onChange={(e) => setRelated(i, { collection: e.target.value as SegmentRelation, filters: [] })}
              >
                {RELATIONS.map((c) => (
                  <option key={c} value={c}>
                    {t(`marketing.collections.${c}`)}
                  </option>
                ))}
              </select>
              <span>{r.filters.length ? t("marketing.relatedFilters") : t("marketing.anyRecord")}</span>
              <Chips
                collection={r.collection}
                filters={r.filters}
                settings={settings}
                onChange={(filters) => setRelated(i, { filters })}
                canWrite={canWrite}
              />
              {canWrite && (
                <button
                  type="button"
                  className="button small"
                  aria-label={t("marketing.removeRelated", { n: i + 1 })}
                  onClick={() => set({ related: draft.related.filter((_, j) => j !== i) })}
                >
                  ×
                </button>
              )}
            </li>
          ))}
        </ol>
        {canWrite && (
          <button
            type="button"
            className="button small"
            onClick={() => set({ related: [...draft.related, { collection: "orders", has: "has", filters: [] }] })}
          >
            + {t("marketing.addRelated")}
          </button>
        )}

        <p className="segment-count" role="status" aria-live="polite">
          <span className="muted">{t("marketing.countLabel")}: </span>
          <strong data-testid="segment-count">{live ? t("marketing.count", { count: live.count }) : "…"}</strong>
        </p>
        {canWrite && (
          <p>
            <button type="submit" className="button primary">
              {t("marketing.save")}
            </button>
          </p>
        )}
        {notice && (
          <p role="status" className="muted">
            {notice}
          </p>
        )}
      </form>
      <MemberTable live={live} />
    </section>
  );
}

function Chips(props: {
  collection: SegmentRelation | "contacts";
  filters: Filter[];
  settings: ReturnType<typeof useWorkspaceSettings>["settings"];
  onChange(filters: Filter[]): void;
  canWrite: boolean;
}) {
  const { t } = useTranslation();
  const label = useFilterLabel(props.collection, props.settings);
  return (
    <div className="segment-chips">
      <ul className="chips" aria-label={t("views.filters")}>
        {props.filters.map((f, i) => {
          const text = label(f);
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: the same filter twice is allowed
            <li key={i} className="chip">
              <span>{text}</span>
              {props.canWrite && (
                <button
                  type="button"
                  className="chip-remove"
                  aria-label={t("views.removeFilter", { label: text })}
                  onClick={() => props.onChange(props.filters.filter((_, j) => j !== i))}
                >
                  ×
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {props.canWrite && (
        <AddFilter
          collection={props.collection}
          settings={props.settings}
          onAdd={(f) => props.onChange([...props.filters, f])}
        />
      )}
    </div>
  );
}

function MemberTable({ live }: { live: ReturnType<typeof useSegmentMembers> }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language.startsWith("zh") ? "zh" : "en";
  const statusField = fieldOf("contacts", "emailStatus");
  if (!live?.count) return null;
  return (
    <>
      <h3>{t("marketing.members")}</h3>
      <p className="muted small">{t("marketing.firstMembers", { shown: live.first.length, count: live.count })}</p>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t("marketing.memberName")}</th>
            <th scope="col">{t("marketing.email")}</th>
            <th scope="col">{t("marketing.status")}</th>
          </tr>
        </thead>
        <tbody>
          {live.first.map((c) => (
            <tr key={c.id as string}>
              <td>
                <Link href={`/contacts/${c.id as string}`}>
                  {[c.firstName, c.lastName].filter(Boolean).join(" ") || (c.id as string)}
                </Link>
              </td>
              <td>{String(c.email ?? "")}</td>
              <td>{statusField ? valueLabel(statusField, String(c.emailStatus ?? "none"), lang) : ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export default function MarketingRoutes({ params }: { params: { id?: string } }) {
  return <SegmentsPage {...(params.id && params.id !== "new" ? { id: params.id } : {})} />;
}
