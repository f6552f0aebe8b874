import {
  type Account,
  type Contact,
  contactName,
  type DuplicateGroup,
  findDuplicateAccounts,
  findDuplicateContacts,
  type MergeKind,
  type MergePlan,
  planMerge,
  type StoredRecord,
} from "@crm/schema";
import { useLiveQuery } from "dexie-react-hooks";
import type { TFunction } from "i18next";
import { useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "wouter";
import { hasKey } from "../i18n/keys.js";
import { useRuntime } from "../runtime/context.js";
import { useCanWrite } from "../runtime/session.js";
import { fieldLabel } from "./labels.js";
import { applyPlan, loadChildren } from "./mergeRun.js";
import { useValueText } from "./useValueText.js";

type AnyRow = StoredRecord & { id: string };
const collectionOf = { account: "accounts", contact: "contacts" } as const;
/** Never offered as a choice: identity, bookkeeping and index keys. */
const HIDDEN = new Set([
  "id",
  "createdAt",
  "createdBy",
  "updatedAt",
  "updatedBy",
  "deletedAt",
  "_v",
  "sortKey",
  "terms",
  "mergedInto",
  "importCancelled",
]);

function displayName(kind: MergeKind, r: AnyRow): string {
  return kind === "account" ? String(r.name ?? "") : contactName(r as unknown as Contact);
}

/** "domain:acme.io" → "same web domain (acme.io)"; a contact's name key drops its account id. */
function reasonText(t: TFunction, key: string): string {
  const [kind = "", ...rest] = key.split(":");
  const value = kind === "name" && rest.length > 1 ? rest.slice(1).join(":") : rest.join(":");
  return `${hasKey("data.duplicates.reason", kind) ? t(`data.duplicates.reason.${kind}`) : kind} (${value})`;
}

function show(v: unknown): string {
  return v === undefined || v === null ? "" : typeof v === "string" ? v : JSON.stringify(v);
}

const LAST_MERGE = "data.lastMerge";

interface Done {
  plan: MergePlan;
  winner: string;
  loser: string;
  undone: boolean;
}

export function DuplicatesPage() {
  const { t } = useTranslation();
  const { db, store } = useRuntime();
  const [kind, setKind] = useState<MergeKind>("account");
  const [merging, setMerging] = useState<DuplicateGroup | null>(null);
  // The last merge and its undo plan, kept on this device (local prefs, not synced): Undo stays
  // offered after leaving the page or reloading, until the next merge.
  const done = useLiveQuery(async () => ((await db.prefs.get(LAST_MERGE))?.value as Done | undefined) ?? null, [db]);
  const setDone = (d: Done | null) =>
    void (d ? db.prefs.put({ key: LAST_MERGE, value: d }) : db.prefs.delete(LAST_MERGE));
  const canWrite = useCanWrite(collectionOf[kind]);
  const kindId = useId();
  const data = useLiveQuery(async () => {
    const rows = (await db.table(collectionOf[kind]).orderBy("sortKey").toArray()) as AnyRow[];
    const groups =
      kind === "account"
        ? findDuplicateAccounts(rows as unknown as Account[])
        : findDuplicateContacts(rows as unknown as Contact[]);
    return { byId: new Map(rows.map((r) => [r.id, r])), groups };
  }, [db, kind]);

  const undo = async () => {
    if (!done) return;
    await applyPlan(store, done.plan.undo);
    setDone({ ...done, undone: true });
  };

  return (
    <section className="data-section" aria-labelledby="dup-title">
      <h2 id="dup-title">{t("data.duplicates.title")}</h2>
      <p className="muted">{t("data.duplicates.intro")}</p>
      <div className="data-pick">
        <div className="field">
          <label htmlFor={kindId}>{t("data.duplicates.which")}</label>
          <select
            id={kindId}
            value={kind}
            onChange={(e) => {
              setKind(e.target.value as MergeKind);
              setMerging(null);
            }}
          >
            <option value="account">{t("data.types.accounts")}</option>
            <option value="contact">{t("data.types.contacts")}</option>
          </select>
        </div>
      </div>
      {done && (
        <div className="data-notice" role="status">
          {done.undone ? (
            <span>{t("data.duplicates.undone")}</span>
          ) : (
            <>
              <span>
                {t("data.duplicates.merged", {
                  winner: done.winner,
                  loser: done.loser,
                  count: Object.values(done.plan.relinked).reduce((a, b) => a + b, 0),
                })}
              </span>
              <button type="button" className="button small" onClick={() => void undo()}>
                {t("data.duplicates.undo")}
              </button>
            </>
          )}
        </div>
      )}
      {!data ? null : merging ? (
        <MergePanel
          kind={kind}
          records={merging.ids.map((id) => data.byId.get(id)).filter((r): r is AnyRow => !!r)}
          canWrite={canWrite}
          onCancel={() => setMerging(null)}
          onMerged={(d) => {
            setDone(d);
            setMerging(null);
          }}
        />
      ) : data.groups.length === 0 ? (
        <p className="empty small">{t("data.duplicates.none")}</p>
      ) : (
        <>
          <p className="muted small">
            {t("data.duplicates.groups", { count: data.groups.length, n: data.groups.length.toLocaleString() })}
          </p>
          <ul className="plain-list" aria-label={t("data.duplicates.title")}>
            {data.groups.map((g) => (
              <li key={g.ids.join()} className="card data-group">
                <ul className="plain-list">
                  {g.ids.map((id) => {
                    const r = data.byId.get(id)!;
                    return (
                      <li key={id}>
                        <Link href={`/${collectionOf[kind]}/${id}`}>{displayName(kind, r)}</Link>{" "}
                        <span className="muted small">
                          {[r.email, r.phone, r.website].filter(Boolean).map(show).join(" · ")}
                        </span>
                      </li>
                    );
                  })}
                </ul>
                <p className="muted small">
                  {t("data.duplicates.why", { reasons: g.reasons.map((r) => reasonText(t, r)).join(", ") })}
                </p>
                <button
                  type="button"
                  className="button small"
                  disabled={!canWrite}
                  title={canWrite ? undefined : t("access.readOnly")}
                  onClick={() => {
                    setDone(null);
                    setMerging(g);
                  }}
                >
                  {t("data.duplicates.merge")}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function MergePanel(props: {
  kind: MergeKind;
  records: AnyRow[];
  canWrite: boolean;
  onCancel(): void;
  onMerged(done: Done): void;
}) {
  const { t } = useTranslation();
  const { db, store } = useRuntime();
  const { kind, records } = props;
  const [winnerId, setWinnerId] = useState(records[0]?.id ?? "");
  const [choices, setChoices] = useState<Record<string, "winner" | "loser">>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const headRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headRef.current?.focus(), []);
  // Values as the record's screens show them: a contact's account by name, an owner by person.
  const accountIds = records.map((r) => String(r.accountId ?? "")).filter(Boolean);
  const accountNames = useLiveQuery(
    async () => Object.fromEntries((await db.accounts.bulkGet(accountIds)).flatMap((a) => (a ? [[a.id, a.name]] : []))),
    [db, accountIds.join()],
  );
  const valueText = useValueText(collectionOf[kind], accountNames ?? {});
  const winner = records.find((r) => r.id === winnerId) ?? records[0];
  // A group of three or more is merged a pair at a time: the record kept and the next other one.
  const loser = records.find((r) => r.id !== winner?.id);
  if (!winner || !loser) return null;
  const collection = collectionOf[kind];
  const fields = [...new Set([...Object.keys(winner), ...Object.keys(loser)])].filter(
    (f) => !HIDDEN.has(f) && show(winner[f]) !== show(loser[f]),
  );
  const empty = (v: unknown) => v === undefined || v === null || v === "";
  const choiceOf = (f: string) => choices[f] ?? (empty(winner[f]) && !empty(loser[f]) ? "loser" : "winner");

  const merge = async () => {
    setBusy(true);
    setError(null);
    try {
      const children = await loadChildren(db, kind, loser.id);
      const plan = planMerge({
        kind,
        winner,
        loser,
        choices: Object.fromEntries(fields.map((f) => [f, choiceOf(f)])),
        children,
        at: Date.now(),
      });
      await applyPlan(store, plan.writes);
      props.onMerged({ plan, winner: displayName(kind, winner), loser: displayName(kind, loser), undone: false });
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  };

  return (
    <section
      className="card data-merge-card"
      aria-label={t("data.duplicates.mergeTitle")}
      onKeyDown={(e) => e.key === "Escape" && props.onCancel()}
    >
      <h3 ref={headRef} tabIndex={-1}>
        {t("data.duplicates.mergeTitle")}
      </h3>
      <fieldset className="plain">
        <legend>{t("data.duplicates.keep")}</legend>
        {records.map((r) => (
          <label key={r.id} className="data-radio">
            <input type="radio" name="keep" checked={r.id === winner.id} onChange={() => setWinnerId(r.id)} />{" "}
            {displayName(kind, r)}
          </label>
        ))}
      </fieldset>
      {fields.length > 0 && (
        <>
          <p className="muted small">{t("data.duplicates.fieldsHint")}</p>
          <table className="table data-merge">
            <thead>
              <tr>
                <th scope="col">{t("data.history.field")}</th>
                <th scope="col">{displayName(kind, winner)}</th>
                <th scope="col">{displayName(kind, loser)}</th>
              </tr>
            </thead>
            <tbody>
              {fields.map((f) => {
                const label = fieldLabel(t, collection, f);
                return (
                  <tr key={f}>
                    <th scope="row">{label}</th>
                    {(["winner", "loser"] as const).map((side) => {
                      const v = valueText(f, (side === "winner" ? winner : loser)[f]);
                      return (
                        <td key={side}>
                          <label>
                            <input
                              type="radio"
                              name={`field-${f}`}
                              aria-label={`${t("data.duplicates.value", { field: label })}: ${v || t("data.duplicates.empty")}`}
                              checked={choiceOf(f) === side}
                              onChange={() => setChoices((c) => ({ ...c, [f]: side }))}
                            />
                            <span className={v ? undefined : "muted"}>{v || t("data.duplicates.empty")}</span>
                          </label>
                        </td>
                      );
                    })}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
      {error && (
        <p className="form-error" role="alert">
          {t("data.duplicates.failed", { reason: error })}
        </p>
      )}
      <div className="form-actions">
        <button
          type="button"
          className="button primary"
          disabled={busy || !props.canWrite}
          onClick={() => void merge()}
        >
          {t("data.duplicates.confirm")}
        </button>
        <button type="button" className="button" onClick={props.onCancel}>
          {t("data.duplicates.cancel")}
        </button>
      </div>
    </section>
  );
}
