import type { Cell, QueryResult } from "@crm/analytics";
import { type KeyboardEvent, useCallback, useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "wouter";
import type { CrmDatabase } from "../local/db.js";
import type { AccountsState, AnalyticsEngine, EngineProgress } from "./engine.js";
import "./analytics.css";

/*
 * The Analytics page. Everything heavy (duckdb-wasm's JS, Arrow, the SQL) lives in ./engine,
 * which this page only reaches through import() once it is on screen; the engine's worker and
 * wasm start on that first call.
 */

type EngineModule = typeof import("./engine.js");
type Ready = { engine: AnalyticsEngine; mod: EngineModule };

const DEFAULT_SQL = "SELECT status, count(*) AS accounts FROM accounts GROUP BY status";
const MAX_ROWS = 1000;

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

export default function AnalyticsPage({ db }: { db: CrmDatabase }) {
  const { t } = useTranslation();
  const [ready, setReady] = useState<Ready | null>(null);
  const [progress, setProgress] = useState<EngineProgress | null>(null);
  const [startError, setStartError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is the retry trigger.
  useEffect(() => {
    let live = true;
    setStartError(null);
    import("./engine.js")
      .then(async (mod) => ({ mod, engine: await mod.startEngine((p) => live && setProgress(p)) }))
      .then(
        (r) => live && setReady(r),
        (err: unknown) => live && setStartError(err),
      );
    return () => {
      live = false;
    };
  }, [attempt]);

  return (
    <div className="analytics">
      <header className="analytics-header">
        <h1>{t("analytics.title")}</h1>
        <p className="analytics-muted">{t("analytics.intro")}</p>
      </header>
      {ready ? (
        <Dashboard ready={ready} db={db} />
      ) : startError ? (
        <div className="analytics-panel analytics-error" role="alert">
          <p>
            <strong>{t("analytics.startFailed")}</strong>
          </p>
          <pre className="analytics-message">{errorText(startError)}</pre>
          <button type="button" className="analytics-button" onClick={() => setAttempt((n) => n + 1)}>
            {t("analytics.retry")}
          </button>
        </div>
      ) : (
        <StartingEngine progress={progress} />
      )}
    </div>
  );
}

function StartingEngine({ progress }: { progress: EngineProgress | null }) {
  const { t } = useTranslation();
  const mb = (bytes: number) => (bytes / 1e6).toFixed(1);
  let detail = t("analytics.loading.prepare");
  let bar: { value: number; max: number } | null = null;
  if (progress?.stage === "download" && progress.bytesTotal > 0 && progress.bytesLoaded >= progress.bytesTotal) {
    detail = t("analytics.loading.compile");
  } else if (progress?.stage === "download" && progress.bytesLoaded > 0) {
    if (progress.bytesTotal > 0) {
      detail = t("analytics.loading.download", { loaded: mb(progress.bytesLoaded), total: mb(progress.bytesTotal) });
      bar = { value: progress.bytesLoaded, max: progress.bytesTotal };
    } else {
      detail = t("analytics.loading.downloadUnknown", { loaded: mb(progress.bytesLoaded) });
    }
  } else if (progress?.stage === "open") {
    detail = t("analytics.loading.open");
  }
  return (
    <section className="analytics-panel analytics-loading" role="status" aria-live="polite">
      <h2>{t("analytics.loading.title")}</h2>
      <p>{detail}</p>
      {bar && <progress className="analytics-progress" value={bar.value} max={bar.max} aria-label={detail} />}
      <p className="analytics-muted">{t("analytics.loading.firstTime")}</p>
    </section>
  );
}

type Charts = { version: number; industry: QueryResult; status: QueryResult } | { version: number; error: unknown };

function Dashboard({ ready, db }: { ready: Ready; db: CrmDatabase }) {
  const { t } = useTranslation();
  const { engine, mod } = ready;
  const [accounts, setAccounts] = useState<AccountsState>({ state: "loading" });
  const [loaded, setLoaded] = useState<{ count: number; version: number } | null>(null);
  const [charts, setCharts] = useState<Charts | null>(null);

  useEffect(
    () =>
      mod.watchAccounts(engine, db, (s) => {
        setAccounts(s);
        if (s.state === "loaded") setLoaded({ count: s.count, version: s.version });
      }),
    [mod, engine, db],
  );

  const version = loaded?.version ?? 0;
  useEffect(() => {
    if (version === 0) return;
    let live = true;
    Promise.all([
      engine.query(mod.pageQueries.accountsByIndustry),
      engine.query(mod.pageQueries.accountsByStatus),
    ]).then(
      ([industry, status]) => live && setCharts({ version, industry, status }),
      (error: unknown) => live && setCharts({ version, error }),
    );
    return () => {
      live = false;
    };
  }, [engine, mod, version]);

  const updating = accounts.state === "loading" || (charts !== null && charts.version !== version);

  return (
    <>
      {accounts.state === "error" && (
        <div className="analytics-panel analytics-error" role="alert">
          <p>
            <strong>{t("analytics.loadFailed")}</strong>
          </p>
          <pre className="analytics-message">{errorText(accounts.error)}</pre>
        </div>
      )}
      {!loaded || !charts ? (
        accounts.state !== "error" && (
          <p className="analytics-panel analytics-loading" role="status">
            {t("analytics.loading.accounts")}
          </p>
        )
      ) : loaded.count === 0 ? (
        <section className="analytics-panel analytics-empty" aria-labelledby="analytics-empty-title">
          <h2 id="analytics-empty-title">{t("analytics.empty.title")}</h2>
          <p>{t("analytics.empty.body")}</p>
          <Link href="/accounts/new" className="analytics-button">
            {t("analytics.empty.action")}
          </Link>
        </section>
      ) : (
        <>
          <p className="analytics-summary" aria-live="polite">
            {t("analytics.summary", { count: loaded.count })}
            {updating && <span className="analytics-muted"> · {t("analytics.updating")}</span>}
          </p>
          {"error" in charts ? (
            <div className="analytics-panel analytics-error" role="alert">
              <p>
                <strong>{t("analytics.queryFailed")}</strong>
              </p>
              <pre className="analytics-message">{errorText(charts.error)}</pre>
            </div>
          ) : (
            <div className="analytics-grid">
              <BarList
                title={t("analytics.byIndustry")}
                labelHeader={t("analytics.columns.industry")}
                result={charts.industry}
                label={(v) => (v == null || v === "" ? t("analytics.none") : String(v))}
              />
              <BarList
                title={t("analytics.byStatus")}
                labelHeader={t("analytics.columns.status")}
                result={charts.status}
                label={(v) =>
                  v == null || v === ""
                    ? t("analytics.none")
                    : t(`analytics.statuses.${v}`, { defaultValue: String(v) })
                }
              />
            </div>
          )}
        </>
      )}
      <SqlConsole engine={engine} />
    </>
  );
}

/** A two-column result (label, count) as a table with CSS bars. */
function BarList(props: { title: string; labelHeader: string; result: QueryResult; label: (v: Cell) => string }) {
  const { t } = useTranslation();
  const headingId = useId();
  const rows = props.result.rows.map((r, i) => ({
    key: r[0] == null ? `null-${i}` : String(r[0]),
    none: r[0] == null || r[0] === "",
    label: props.label(r[0] ?? null),
    count: Number(r[1]),
  }));
  const max = Math.max(1, ...rows.map((r) => r.count));
  return (
    <section className="analytics-panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{props.title}</h2>
      <table className="analytics-bars" aria-labelledby={headingId}>
        <thead className="analytics-visually-hidden">
          <tr>
            <th scope="col">{props.labelHeader}</th>
            <th scope="col">{t("analytics.columns.accounts")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <th scope="row" className={r.none ? "analytics-muted" : undefined}>
                {r.label}
              </th>
              <td>
                <div className="analytics-bar-cell">
                  <span className="analytics-bar-track" aria-hidden="true">
                    <span className="analytics-bar" style={{ width: `${(r.count / max) * 100}%` }} />
                  </span>
                  <span className="analytics-count">{r.count.toLocaleString()}</span>
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

type Run =
  | { status: "idle" }
  | { status: "running"; previous: Run }
  | { status: "done"; result: QueryResult; ms: number }
  | { status: "error"; message: string };

function SqlConsole({ engine }: { engine: AnalyticsEngine }) {
  const { t } = useTranslation();
  const [sql, setSql] = useState(DEFAULT_SQL);
  const [run, setRun] = useState<Run>({ status: "idle" });
  const fieldId = useId();
  const hintId = useId();
  const running = run.status === "running";

  const execute = useCallback(async () => {
    if (running || !sql.trim()) return;
    setRun((previous) => ({ status: "running", previous }));
    const started = performance.now();
    try {
      const result = await engine.query(sql, MAX_ROWS);
      setRun({ status: "done", result, ms: Math.round(performance.now() - started) });
    } catch (err) {
      setRun({ status: "error", message: errorText(err) });
    }
  }, [engine, sql, running]);

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void execute();
    }
  };

  const shown = run.status === "running" ? run.previous : run;

  return (
    // Not a named region: getByLabel("SQL") should find the SQL box only.
    <section className="analytics-panel analytics-console">
      <h2>{t("analytics.sql.title")}</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void execute();
        }}
      >
        <label htmlFor={fieldId} className="analytics-label">
          {t("analytics.sql.label")}
        </label>
        <textarea
          id={fieldId}
          className="analytics-sql"
          value={sql}
          onChange={(e) => setSql(e.target.value)}
          onKeyDown={onKeyDown}
          aria-describedby={hintId}
          spellCheck={false}
          autoCapitalize="off"
          autoComplete="off"
          autoCorrect="off"
          rows={5}
        />
        <div className="analytics-console-bar">
          <p id={hintId} className="analytics-muted">
            {t("analytics.sql.hint")}
          </p>
          <button type="submit" className="analytics-button" disabled={running} aria-busy={running}>
            {running ? t("analytics.sql.running") : t("analytics.sql.run")}
          </button>
        </div>
      </form>
      <div aria-live="polite">
        {shown.status === "error" && (
          <div className="analytics-error" role="alert">
            <p>
              <strong>{t("analytics.sql.error")}</strong>
            </p>
            <pre className="analytics-message">{shown.message}</pre>
          </div>
        )}
        {shown.status === "done" && <ResultTable result={shown.result} ms={shown.ms} />}
      </div>
    </section>
  );
}

function ResultTable({ result, ms }: { result: QueryResult; ms: number }) {
  const { t } = useTranslation();
  if (result.columns.length === 0) return <p className="analytics-muted">{t("analytics.sql.noColumns", { ms })}</p>;
  // A column whose values are all numbers is right-aligned, header included.
  const numeric = result.columns.map(
    (_, i) => result.rows.length > 0 && result.rows.every((row) => row[i] === null || typeof row[i] === "number"),
  );
  return (
    <>
      <p className="analytics-muted">
        {t("analytics.sql.rows", { count: result.rowCount, ms })}
        {result.rows.length < result.rowCount &&
          ` ${t("analytics.sql.truncated", { shown: result.rows.length, count: result.rowCount })}`}
      </p>
      {result.rowCount === 0 && <p>{t("analytics.sql.noRows")}</p>}
      <div className="analytics-table-scroll">
        <table className="analytics-result">
          <caption className="analytics-visually-hidden">{t("analytics.sql.result")}</caption>
          <thead>
            <tr>
              {result.columns.map((c, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: columns may share a name; position is their identity.
                <th key={i} scope="col" title={c.type} className={numeric[i] ? "analytics-num" : undefined}>
                  {c.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {result.rows.map((row, r) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: result rows have no identity but their position.
              <tr key={r}>
                {row.map((cell, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: see the header.
                  <td key={i} className={cellClass(cell)}>
                    {cell === null ? t("analytics.sql.null") : String(cell)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function cellClass(cell: Cell): string | undefined {
  if (cell === null) return "analytics-null";
  if (typeof cell === "number") return "analytics-num";
  return undefined;
}
