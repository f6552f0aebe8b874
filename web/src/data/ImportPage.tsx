import {
  type CollectionName,
  type ColumnMapping,
  type CsvRecord,
  type FieldSettings,
  fieldOf,
  importableDescriptors,
  parseCsv,
  recordTypes,
  suggestMapping,
} from "@crm/schema";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearch } from "wouter";
import { useRuntime } from "../runtime/context.js";
import { usePeople } from "../runtime/people.js";
import { useCanWrite } from "../runtime/session.js";
import { useSettings } from "../sales/useSettings.js";
import { langOf, titleAliases } from "./columns.js";
import { ReportView } from "./ImportReport.js";
import { PeopleResolver } from "./importPlan.js";
import { type ImportProgress, type ImportResult, runImport } from "./importRun.js";

// Conversation entries come from mail and chat, never from a file.
const collections = (Object.keys(recordTypes) as CollectionName[]).filter(
  (c) => c !== "caseMessages" && c !== "answerArticles",
);
const PREVIEW_ROWS = 5;

interface Parsed {
  file: string;
  headers: string[];
  rows: CsvRecord[];
}

export function ImportPage() {
  const { t, i18n } = useTranslation();
  const people = usePeople();
  const settings = useSettings();
  const search = new URLSearchParams(useSearch());
  const initial = search.get("type");
  const [collection, setCollection] = useState<CollectionName>(
    initial && initial in recordTypes ? (initial as CollectionName) : "accounts",
  );
  const [parsed, setParsed] = useState<Parsed | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  const [mapping, setMapping] = useState<ColumnMapping>([]);
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [abort, setAbort] = useState<AbortController | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const canWrite = useCanWrite(collection);
  const { db, store } = useRuntime();
  const typeId = useId();
  const fileId = useId();
  const fileRef = useRef<HTMLInputElement>(null);

  const typeName = recordTypes[collection].typeName;
  useEffect(() => {
    // The export's column titles in both languages first: an exported file maps by itself.
    if (parsed) setMapping(suggestMapping(parsed.headers, typeName, titleAliases(collection, settings), settings));
  }, [parsed, typeName, collection, settings]);

  const reset = () => {
    setParsed(null);
    setResult(null);
    setReadError(null);
    if (fileRef.current) fileRef.current.value = "";
  };

  const onFile = async (file: File | undefined) => {
    setResult(null);
    setReadError(null);
    setParsed(null);
    if (!file) return;
    try {
      const records = parseCsv(await file.text());
      const [head, ...rows] = records;
      if (!head || rows.length === 0) {
        setReadError(t("data.import.noRows"));
        return;
      }
      setParsed({ file: file.name, headers: head.fields.map((h) => h.trim()), rows });
    } catch (e) {
      setReadError(t("data.import.readFailed", { reason: (e as Error).message }));
    }
  };

  const start = async () => {
    if (!parsed) return;
    const controller = new AbortController();
    setAbort(controller);
    setProgress({ phase: "check", done: 0, total: parsed.rows.length });
    try {
      const r = await runImport({
        db,
        store,
        collection,
        headers: parsed.headers,
        rows: parsed.rows,
        mapping,
        signal: controller.signal,
        onProgress: setProgress,
        people: new PeopleResolver(people),
      });
      setResult(r);
    } finally {
      setAbort(null);
      setProgress(null);
    }
  };

  // Every importable field, custom ones too, named as the forms name them, in the reader's language.
  const fields = useMemo(() => importableDescriptors(typeName, settings), [typeName, settings]);
  const lang = langOf(i18n.language);
  const mapped = mapping.some((m) => m !== null);

  return (
    <section className="data-section" aria-labelledby="import-title">
      <h2 id="import-title">{t("data.import.title")}</h2>
      <p className="muted">{t("data.import.intro")}</p>
      <div className="data-pick">
        <div className="field">
          <label htmlFor={typeId}>{t("data.import.type")}</label>
          <select
            id={typeId}
            value={collection}
            disabled={!!abort}
            onChange={(e) => {
              setCollection(e.target.value as CollectionName);
              setResult(null);
            }}
          >
            {collections.map((c) => (
              <option key={c} value={c}>
                {t(`data.types.${c}`)}
              </option>
            ))}
          </select>
        </div>
        <div className={`field${readError ? " invalid" : ""}`}>
          <label htmlFor={fileId}>{t("data.import.file")}</label>
          <input
            ref={fileRef}
            id={fileId}
            type="file"
            accept=".csv,text/csv"
            disabled={!canWrite || !!abort}
            title={canWrite ? undefined : t("access.readOnly")}
            aria-invalid={readError ? true : undefined}
            aria-describedby={readError ? `${fileId}-error` : undefined}
            onChange={(e) => void onFile(e.target.files?.[0])}
          />
          {readError && (
            <p id={`${fileId}-error`} className="field-error" role="alert">
              {readError}
            </p>
          )}
        </div>
      </div>

      {abort && progress ? (
        <ProgressView progress={progress} onCancel={() => abort.abort()} />
      ) : result ? (
        <ReportView result={result} collection={collection} file={parsed?.file ?? "import"} onAgain={reset} />
      ) : parsed ? (
        <>
          <h3>{t("data.import.mapping")}</h3>
          <p className="muted small">
            {t("data.import.rowsInFile", {
              count: parsed.rows.length,
              n: parsed.rows.length.toLocaleString(),
              file: parsed.file,
            })}{" "}
            · {t("data.import.mappingHint")}
          </p>
          <table className="table data-mapping" aria-label={t("data.import.mapping")}>
            <thead>
              <tr>
                <th scope="col">{t("data.import.column")}</th>
                <th scope="col">{t("data.import.sample")}</th>
                <th scope="col">{t("data.import.field")}</th>
              </tr>
            </thead>
            <tbody>
              {parsed.headers.map((h, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: columns are positional; two may share a header
                <tr key={i}>
                  <th scope="row">{h}</th>
                  <td className="muted">{parsed.rows[0]?.fields[i] ?? ""}</td>
                  <td>
                    <select
                      aria-label={t("data.import.fieldFor", { column: h })}
                      value={mapping[i] ?? ""}
                      onChange={(e) => {
                        const next = [...mapping];
                        const f = e.target.value || null;
                        // One column per field: taking a field frees it from any other column.
                        for (let j = 0; j < next.length; j++) if (f && next[j] === f) next[j] = null;
                        next[i] = f;
                        setMapping(next);
                      }}
                    >
                      <option value="">{t("data.import.skip")}</option>
                      {fields.map((f) => (
                        <option key={f.key} value={f.key}>
                          {f.section.id === "main" ? f.label[lang] : `${f.label[lang]} (${f.section.label[lang]})`}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Preview parsed={parsed} mapping={mapping} collection={collection} settings={settings} />
          {!mapped && (
            <p className="form-error" role="alert">
              {t("data.import.noneMapped")}
            </p>
          )}
          <div className="form-actions">
            <button
              type="button"
              className="button primary"
              disabled={!mapped || !canWrite}
              onClick={() => void start()}
            >
              {t("data.import.start", { count: parsed.rows.length, n: parsed.rows.length.toLocaleString() })}
            </button>
            <button type="button" className="button" onClick={reset}>
              {t("data.import.another")}
            </button>
          </div>
        </>
      ) : null}
    </section>
  );
}

function Preview({
  parsed,
  mapping,
  collection,
  settings,
}: {
  parsed: Parsed;
  mapping: ColumnMapping;
  collection: CollectionName;
  settings: FieldSettings;
}) {
  const { t, i18n } = useTranslation();
  const lang = langOf(i18n.language);
  const cols = mapping.flatMap((f, i) => (f === null ? [] : [{ f, i }]));
  if (!cols.length) return null;
  return (
    <>
      <h3 id="preview-title">{t("data.import.preview")}</h3>
      <div className="data-scroll">
        <table className="table" aria-labelledby="preview-title">
          <thead>
            <tr>
              <th scope="col">{t("data.import.line")}</th>
              {cols.map(({ f }) => (
                <th key={f} scope="col">
                  {fieldOf(collection, f, settings)?.label[lang] ?? f}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {parsed.rows.slice(0, PREVIEW_ROWS).map((r) => (
              <tr key={r.line}>
                <td className="muted">{r.line}</td>
                {cols.map(({ f, i }) => (
                  <td key={f}>{r.fields[i] ?? ""}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function ProgressView({ progress, onCancel }: { progress: ImportProgress; onCancel(): void }) {
  const { t } = useTranslation();
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => cancelRef.current?.focus(), []);
  const text =
    progress.phase === "check"
      ? t("data.import.checking", { done: progress.done.toLocaleString(), total: progress.total.toLocaleString() })
      : progress.phase === "write"
        ? t("data.import.writing", { done: progress.done.toLocaleString(), total: progress.total.toLocaleString() })
        : t("data.import.rollingBack", { total: progress.total.toLocaleString() });
  return (
    <div className="data-progress" role="status">
      <span>{text}</span>
      <progress
        max={progress.total || 1}
        value={progress.done}
        aria-label={t("data.import.progress")}
        // The checking phase is quick; writing is the long part people watch.
      />
      <button
        ref={cancelRef}
        type="button"
        className="button"
        disabled={progress.phase === "rollback"}
        onClick={onCancel}
      >
        {t("common.cancel")}
      </button>
    </div>
  );
}
