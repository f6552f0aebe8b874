import { lazy, Suspense, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "wouter";
import type { CrmDatabase } from "../local/db.js";
import { useStoredSettings } from "../sales/useSettings.js";
import type { AnalyticsEngine, EngineProgress } from "./engine.js";
import { collectionKeys, type LoadState, type WorkspaceWatch, watchWorkspace } from "./workspace.js";
import "./analytics.css";

/*
 * The Analytics pages: dashboards (/analytics) and the SQL console (/analytics/sql), one page so
 * both share the engine and the loaded tables. Everything heavy is reached through import():
 * duckdb-wasm's JS (./engine), the chart library (./dashboards), CodeMirror (./console). The
 * engine's worker and wasm start on the first visit and then live for the session.
 */

const Dashboards = lazy(() => import("./dashboards/Dashboards.js"));
const SqlConsole = lazy(() => import("./console/SqlConsole.js"));

type EngineState =
  | { state: "starting"; progress: EngineProgress | null; cancel: (() => void) | null }
  | { state: "ready"; engine: AnalyticsEngine }
  | { state: "failed"; error: unknown }
  | { state: "cancelled" };

export const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

export default function AnalyticsPage({ db }: { db: CrmDatabase }) {
  const { t } = useTranslation();
  const [location] = useLocation();
  const tab = location.startsWith("/analytics/sql") ? "sql" : "dashboards";
  const [engine, setEngine] = useState<EngineState>({ state: "starting", progress: null, cancel: null });
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is the retry trigger.
  useEffect(() => {
    let live = true;
    setEngine({ state: "starting", progress: null, cancel: null });
    import("./engine.js")
      .then((mod) => {
        if (!live) return;
        setEngine({ state: "starting", progress: null, cancel: mod.cancelStart });
        return mod
          .startEngine((progress) => {
            if (live) setEngine({ state: "starting", progress, cancel: mod.cancelStart });
          })
          .then(
            (e) => live && setEngine({ state: "ready", engine: e }),
            (error: unknown) =>
              live &&
              setEngine(error instanceof mod.StartCancelled ? { state: "cancelled" } : { state: "failed", error }),
          );
      })
      .catch((error: unknown) => live && setEngine({ state: "failed", error }));
    return () => {
      live = false;
    };
  }, [attempt]);

  return (
    <div className="analytics">
      <header className="analytics-header">
        <h1>{t("analytics.title")}</h1>
        <p className="analytics-muted">{t("analytics.intro")}</p>
        <nav className="analytics-tabs" aria-label={t("analytics.tabs.label")}>
          <Link href="/analytics" className="analytics-tab" aria-current={tab === "dashboards" ? "page" : undefined}>
            {t("analytics.tabs.dashboards")}
          </Link>
          <Link href="/analytics/sql" className="analytics-tab" aria-current={tab === "sql" ? "page" : undefined}>
            {t("analytics.tabs.sql")}
          </Link>
        </nav>
      </header>
      {engine.state === "ready" ? (
        <Loaded engine={engine.engine} db={db} tab={tab} />
      ) : engine.state === "failed" ? (
        <div className="analytics-panel analytics-error" role="alert">
          <p>
            <strong>{t("analytics.startFailed")}</strong>
          </p>
          <pre className="analytics-message">{errorText(engine.error)}</pre>
          <button type="button" className="analytics-button" onClick={() => setAttempt((n) => n + 1)}>
            {t("analytics.retry")}
          </button>
        </div>
      ) : engine.state === "cancelled" ? (
        <div className="analytics-panel" role="status">
          <p>{t("analytics.cancelled.start")}</p>
          <button type="button" className="analytics-button" onClick={() => setAttempt((n) => n + 1)}>
            {t("analytics.cancelled.again")}
          </button>
        </div>
      ) : (
        <StartingEngine progress={engine.progress} cancel={engine.cancel} />
      )}
    </div>
  );
}

function StartingEngine({ progress, cancel }: { progress: EngineProgress | null; cancel: (() => void) | null }) {
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
      {/* An indeterminate bar until sizes are known: the panel keeps its height throughout. */}
      <progress
        className="analytics-progress"
        aria-label={detail}
        {...(bar ? { value: bar.value, max: bar.max } : {})}
      />
      <p className="analytics-muted">{t("analytics.loading.firstTime")}</p>
      <button type="button" className="analytics-button secondary" disabled={!cancel} onClick={() => cancel?.()}>
        {t("analytics.loading.cancel")}
      </button>
    </section>
  );
}

function Loaded({ engine, db, tab }: { engine: AnalyticsEngine; db: CrmDatabase; tab: "sql" | "dashboards" }) {
  const { t } = useTranslation();
  const [load, setLoad] = useState<LoadState>({ state: "loading", done: 0, total: 0, collection: null });
  const [watch, setWatch] = useState<WorkspaceWatch | null>(null);
  const [attempt, setAttempt] = useState(0);
  // Custom fields are columns: the tables wait for the settings document (read from IndexedDB,
  // so at once), and an admin's change to the fields reloads the tables it touches.
  const settings = useStoredSettings();
  const settingsNow = useRef(settings);
  settingsNow.current = settings;
  const settingsRead = settings !== null;

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is the reload trigger.
  useEffect(() => {
    if (!settingsRead) return;
    const w = watchWorkspace(engine, db, setLoad, { settings: settingsNow.current ?? undefined });
    setWatch(w);
    return w.stop;
  }, [engine, db, attempt, settingsRead]);

  useEffect(() => {
    if (watch && settings) watch.setSettings(settings);
  }, [watch, settings]);

  const version = load.state === "loaded" || load.state === "cancelled" ? load.version : null;
  const ready = version !== null;

  // Once the data is in, the console's own database starts in the background (see engine.ts).
  useEffect(() => {
    if (ready) engine.prepareConsole();
  }, [engine, ready]);

  return (
    <>
      {load.state === "loading" && (
        <section className="analytics-panel analytics-loading" role="status" aria-live="polite">
          <p>
            {load.collection
              ? t("analytics.loading.dataCollection", {
                  done: load.done,
                  total: load.total,
                  collection: t(`analytics.collections.${load.collection}`),
                })
              : t("analytics.loading.data", { done: load.done, total: load.total })}
          </p>
          <progress
            className="analytics-progress"
            value={load.done}
            max={Math.max(1, load.total)}
            aria-label={t("analytics.loading.data", { done: load.done, total: load.total })}
          />
          <button type="button" className="analytics-button secondary" onClick={() => watch?.cancel()}>
            {t("analytics.loading.cancel")}
          </button>
        </section>
      )}
      {load.state === "cancelled" && (
        <div className="analytics-panel" role="status">
          <p>{t("analytics.cancelled.data")}</p>
          <button type="button" className="analytics-button" onClick={() => setAttempt((n) => n + 1)}>
            {t("analytics.cancelled.again")}
          </button>
        </div>
      )}
      {load.state === "error" && (
        <div className="analytics-panel analytics-error" role="alert">
          <p>
            <strong>{t("analytics.loadFailed", { collection: t(`analytics.collections.${load.collection}`) })}</strong>
          </p>
          <pre className="analytics-message">{errorText(load.error)}</pre>
          <button type="button" className="analytics-button" onClick={() => setAttempt((n) => n + 1)}>
            {t("analytics.retry")}
          </button>
        </div>
      )}
      {load.state === "loaded" && (
        <p className="analytics-summary analytics-muted">
          {t("analytics.summary", {
            // In a fixed order (loads finish in any order), in the page's language.
            counts: collectionKeys
              .filter((c) => load.counts[c] !== undefined)
              .map((c) => `${t(`analytics.collections.${c}`)} ${(load.counts[c] ?? 0).toLocaleString()}`)
              .join(" · "),
          })}
        </p>
      )}
      <Suspense fallback={<p className="analytics-panel analytics-muted">{t("app.loading")}</p>}>
        {version === null ? null : tab === "sql" ? (
          // After the first load: the console's copy is taken from the loaded tables.
          <SqlConsole engine={engine} dataVersion={version} />
        ) : (
          <Dashboards engine={engine} version={version} />
        )}
      </Suspense>
    </>
  );
}
