import { type DragEvent, useCallback, useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useRuntime } from "../../runtime/context.js";
import { useCanWrite } from "../../runtime/session.js";
import { type AnalyticsEngine, ConsoleError, QueryCancelled, type SqlConsoleSession } from "../engine.js";
import { SavedQueryBar, SavedQueryList } from "../saved/SavedQueryBar.js";
import { createSavedQuery, deleteSavedQuery } from "../saved/savedQueries.js";
import { useSavedQueries } from "../saved/useSavedQueries.js";
import { crmTableNames } from "../workspace.js";
import { ConsoleCopyBar } from "./ConsoleCopyBar.js";
import { downloadCsv, downloadFile } from "./csv.js";
import { Outcome, type Run } from "./Outcome.js";
import { type EditorError, SqlEditor } from "./SqlEditor.js";
import { errorText as duckDbErrorText, parseDuckDbError } from "./sqlErrors.js";
import { droppedFileKind, lineColumn, splitStatements, tableNameForFile } from "./sqlText.js";

/*
 * The SQL console. Queries run in the console's own DuckDB (../consoleDb.ts: a copy of the
 * dashboards' data, in its own worker), so the page stays responsive and nothing run here reaches
 * the records or the dashboards; the copy stays as the console left it until "Reset console data"
 * takes a fresh one. Cancel asks DuckDB to stop. A failing statement's position is marked in the
 * editor. Files dropped here become tables of the console's copy.
 *
 * The editor holds either this device's scratch text (kept in localStorage) or one of the
 * workspace's saved queries, whose SQL and title everyone co-edits live (../saved/).
 */

const SQL_KEY = "crm.analytics.sql";
const DEFAULT_SQL = "SELECT status, count(*) AS accounts\nFROM accounts\nGROUP BY status\nORDER BY status";
/** Rows kept for the grid; exports re-run the query for every row. */
const MAX_ROWS = 10_000;

type Notice = { kind: "ok" | "error"; text: string } | null;

/** Opens the console's database (a copy of the data) and shows the console once it is ready. */
export default function SqlConsole({ engine, dataVersion }: { engine: AnalyticsEngine; dataVersion: number }) {
  const { t } = useTranslation();
  const [state, setState] = useState<
    { state: "opening" } | { state: "ready"; session: SqlConsoleSession } | { state: "failed"; error: unknown }
  >({ state: "opening" });
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is the retry trigger.
  useEffect(() => {
    let live = true;
    setState({ state: "opening" });
    engine.console().then(
      (session) => live && setState({ state: "ready", session }),
      (error: unknown) => live && setState({ state: "failed", error }),
    );
    return () => {
      live = false;
    };
  }, [engine, attempt]);

  if (state.state === "ready") {
    return <ConsoleView session={state.session} engine={engine} dataVersion={dataVersion} />;
  }
  if (state.state === "failed") {
    return (
      <div className="analytics-panel analytics-error" role="alert">
        <p>
          <strong>{t("analytics.sql.copyFailed")}</strong>
        </p>
        <pre className="analytics-message">
          {state.error instanceof Error ? state.error.message : String(state.error)}
        </pre>
        <button type="button" className="analytics-button" onClick={() => setAttempt((n) => n + 1)}>
          {t("analytics.retry")}
        </button>
      </div>
    );
  }
  return (
    <section className="analytics-panel analytics-loading" role="status" aria-live="polite">
      <p>{t("analytics.sql.copying")}</p>
      <progress className="analytics-progress" aria-label={t("analytics.sql.copying")} />
    </section>
  );
}

function ConsoleView(props: { session: SqlConsoleSession; engine: AnalyticsEngine; dataVersion: number }) {
  const { t } = useTranslation();
  const { session } = props;
  const runtime = useRuntime();
  const canWrite = useCanWrite("savedQueries");
  const saved = useSavedQueries();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const selected = saved.queries.find((q) => q.id === selectedId) ?? null;
  const [sql, setSql] = useState(() => localStorage.getItem(SQL_KEY) ?? DEFAULT_SQL);
  const [run, setRun] = useState<Run>({ status: "idle" });
  const [shown, setShown] = useState<Run>({ status: "idle" });
  const [editorError, setEditorError] = useState<EditorError | null>(null);
  const [schema, setSchema] = useState<Map<string, string[]>>(new Map());
  const [view, setView] = useState<"table" | "chart">("table");
  const [notice, setNotice] = useState<Notice>(null);
  const [exporting, setExporting] = useState(false);
  const [dragging, setDragging] = useState(false);
  const hintId = useId();
  const fileInput = useRef<HTMLInputElement>(null);
  const sqlRef = useRef(sql);
  sqlRef.current = sql;

  const refreshSchema = useCallback(() => {
    session.schema().then(setSchema, () => {});
  }, [session]);
  useEffect(refreshSchema, [refreshSchema]);

  const running = run.status === "running";

  // The copy's time and generation: a reset replaces both; newer data makes the copy out of date.
  const [copy, setCopy] = useState({ at: session.copiedAt, generation: session.copiedGeneration });
  const [resetting, setResetting] = useState(false);
  // Re-read on every render; a reload of the data (props.dataVersion) renders the console again.
  const stale = props.engine.dataGeneration() > copy.generation;
  const reset = async () => {
    setResetting(true);
    setNotice(null);
    try {
      await session.reset();
      setCopy({ at: session.copiedAt, generation: session.copiedGeneration });
      setNotice({ kind: "ok", text: t("analytics.sql.resetDone") });
    } catch (err) {
      setNotice({
        kind: "error",
        text: `${t("analytics.sql.copyFailed")}: ${err instanceof Error ? err.message : String(err)}`,
      });
    } finally {
      setResetting(false);
      refreshSchema();
    }
  };

  const openQuery = (id: string | null) => {
    setSelectedId(id);
    setEditorError(null);
    const q = id ? saved.queries.find((x) => x.id === id) : null;
    setSql(q ? q.sql.toString() : (localStorage.getItem(SQL_KEY) ?? DEFAULT_SQL));
  };

  // Someone deleted the query open here: say so and go back to the scratch text.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a change of the list can remove it.
  useEffect(() => {
    if (selectedId && saved.doc && !selected) {
      openQuery(null);
      setNotice({ kind: "error", text: t("analytics.saved.deleted") });
    }
  }, [saved.queries]);

  const saveQuery = (title: string) => {
    if (!saved.doc) return;
    const id = createSavedQuery(saved.doc, { title, sql: sqlRef.current, createdBy: runtime.me.id, now: Date.now() });
    setSelectedId(id);
    setNotice({ kind: "ok", text: t("analytics.saved.saved", { title: title.trim() }) });
  };

  const execute = useCallback(() => {
    const text = sqlRef.current;
    if (run.status === "running" || !text.trim()) return;
    if (!selectedId) localStorage.setItem(SQL_KEY, text);
    setEditorError(null);
    const started = performance.now();
    const query = session.run(text, MAX_ROWS);
    setRun({ status: "running", query });
    const statements = splitStatements(text);
    query.result.then(
      (result) => {
        const done: Run = {
          status: "done",
          result,
          ms: Math.round(performance.now() - started),
          select: statements.at(-1)?.text ?? "",
        };
        setRun(done);
        setShown(done);
        refreshSchema();
      },
      (err: unknown) => {
        if (err instanceof QueryCancelled) {
          setRun({ status: "cancelled" });
          setShown({ status: "cancelled" });
          return;
        }
        let message = err instanceof Error ? err.message : String(err);
        let where: { line: number; column: number } | null = null;
        let refused = false;
        if (err instanceof ConsoleError) {
          // DuckDB's error, whichever form it came in (text or JSON), read the same way.
          const info = parseDuckDbError(message, err.statement.text);
          message = duckDbErrorText(info);
          refused = info.type === "Permission" || /configuration has been locked/.test(info.message);
          if (info.offset !== null) {
            const offset = err.statement.from + info.offset;
            where = lineColumn(text, offset);
            setEditorError({ from: offset, message: info.message.split("\n")[0] ?? info.message });
          }
        }
        const failed: Run = { status: "error", message, where, refused };
        setRun(failed);
        setShown(failed);
        refreshSchema();
      },
    );
  }, [run.status, session, refreshSchema, selectedId]);

  const exportAs = async (kind: "csv" | "parquet") => {
    if (shown.status !== "done") return;
    setExporting(true);
    setNotice(null);
    try {
      if (kind === "csv") {
        const all = await session.all(shown.select);
        downloadCsv(
          "query",
          all.columns.map((c) => c.name),
          all.rows,
        );
      } else {
        downloadFile(
          "query.parquet",
          new Uint8Array(await session.parquet(shown.select)),
          "application/vnd.apache.parquet",
        );
      }
    } catch (err) {
      setNotice({
        kind: "error",
        text: `${t("analytics.sql.exportFailed")}: ${err instanceof Error ? err.message : String(err)}`,
      });
    } finally {
      setExporting(false);
    }
  };

  const importFiles = async (files: FileList | File[]) => {
    for (const file of Array.from(files)) {
      const kind = droppedFileKind(file.name);
      if (!kind) {
        setNotice({ kind: "error", text: t("analytics.sql.unsupported", { file: file.name }) });
        continue;
      }
      const table = tableNameForFile(file.name, crmTableNames);
      try {
        const count = await session.importFile(table, new Uint8Array(await file.arrayBuffer()), kind);
        setNotice({ kind: "ok", text: t("analytics.sql.imported", { file: file.name, table, count }) });
      } catch (err) {
        setNotice({
          kind: "error",
          text: `${t("analytics.sql.importFailed", { file: file.name })}: ${err instanceof Error ? err.message : String(err)}`,
        });
      }
    }
    refreshSchema();
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    if (e.dataTransfer.files.length) void importFiles(e.dataTransfer.files);
  };

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: the drop zone; the file button below does the same by keyboard.
    <div
      className={`analytics-console${dragging ? " dragging" : ""}`}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
      data-testid="sql-console"
    >
      <section className="analytics-panel analytics-console-main">
        <h2>{t("analytics.sql.title")}</h2>
        <ConsoleCopyBar
          copiedAt={copy.at}
          stale={stale}
          resetting={resetting}
          disabled={running}
          onReset={() => void reset()}
        />
        <SavedQueryBar
          selected={selected}
          canWrite={canWrite}
          ready={saved.doc !== null}
          onSave={saveQuery}
          onDelete={() => {
            if (saved.doc && selected) deleteSavedQuery(saved.doc, selected.id, Date.now());
          }}
          onLeave={() => openQuery(null)}
        />
        <SqlEditor
          key={selected?.id ?? "scratch"}
          collab={selected && saved.awareness ? { text: selected.sql, awareness: saved.awareness } : null}
          readOnly={selected !== null && !canWrite}
          initial={sql}
          label={t("analytics.sql.label")}
          describedBy={hintId}
          schema={schema}
          error={editorError}
          onChange={setSql}
          onRun={execute}
        />
        <div className="analytics-console-bar">
          <p id={hintId} className="analytics-muted">
            {t("analytics.sql.hint")}
          </p>
          {running ? (
            <button type="button" className="analytics-button danger" onClick={() => run.query.cancel()}>
              {t("analytics.sql.cancel")}
            </button>
          ) : (
            <button type="button" className="analytics-button" onClick={execute}>
              {t("analytics.sql.run")}
            </button>
          )}
        </div>
        <p className="analytics-drop">
          {t("analytics.sql.drop")}{" "}
          <button type="button" className="analytics-link-button" onClick={() => fileInput.current?.click()}>
            {t("analytics.sql.choose")}
          </button>
          <input
            ref={fileInput}
            type="file"
            accept=".csv,.tsv,.txt,.parquet"
            multiple
            hidden
            onChange={(e) => {
              if (e.target.files) void importFiles(e.target.files);
              e.target.value = "";
            }}
          />
        </p>
        <div aria-live="polite" className="analytics-console-status">
          {running && <p className="analytics-muted">{t("analytics.sql.running")}</p>}
          {notice && (
            <p
              className={notice.kind === "error" ? "analytics-error-text" : undefined}
              role={notice.kind === "error" ? "alert" : undefined}
            >
              {notice.text}
            </p>
          )}
        </div>
        <Outcome run={shown} view={view} setView={setView} exporting={exporting} onExport={(k) => void exportAs(k)} />
      </section>
      <aside className="analytics-panel analytics-schema" aria-label={t("analytics.sql.sidebar")}>
        <SavedQueryList queries={saved.queries} selectedId={selectedId} onSelect={openQuery} />
        <h2>{t("analytics.sql.tables")}</h2>
        <ul>
          {[...schema].map(([table, columns]) => (
            <li key={table}>
              <details>
                <summary>
                  <code>{table}</code>
                </summary>
                <ul>
                  {columns.map((c) => (
                    <li key={c}>
                      <code>{c}</code>
                    </li>
                  ))}
                </ul>
              </details>
            </li>
          ))}
        </ul>
      </aside>
    </div>
  );
}
