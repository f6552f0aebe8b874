import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ExportActions } from "../data/ExportActions.js";
import type { AccountRow } from "../local/db.js";
import { useRuntime } from "../runtime/context.js";
import { ListPage } from "../ui/ListPage.js";
import type { ListColumnsSpec } from "../views/useListColumns.js";
import { StatusBadge } from "./StatusBadge.js";

/** Drawn by the list itself: the status as its badge. */
const columns: ListColumnsSpec<AccountRow> = {
  cells: { status: (a) => <StatusBadge status={a.status} /> },
};

export function AccountsList() {
  return (
    <ListPage<AccountRow>
      collection="accounts"
      actions={<ExportActions collection="accounts" />}
      prefix="accounts"
      title={(a) => a.name}
      columns={columns}
      emptyActions={<LoadDemo />}
    />
  );
}

function LoadDemo() {
  const { t } = useTranslation();
  const { loadDemo } = useRuntime();
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [abort, setAbort] = useState<AbortController | null>(null);
  if (abort) {
    const pct = progress ? Math.round((progress.done / progress.total) * 100) : 0;
    return (
      <div className="demo-progress" role="status">
        <span>{t("accounts.loadingDemo")}</span>
        <progress max={100} value={pct} aria-label={t("accounts.loadingDemo")} />
        <span className="muted small">
          {progress ? `${progress.done.toLocaleString()} / ${progress.total.toLocaleString()}` : ""}
        </span>
        <button type="button" className="button small" onClick={() => abort.abort()}>
          {t("common.cancel")}
        </button>
      </div>
    );
  }
  return (
    <button
      type="button"
      className="button"
      onClick={async () => {
        const controller = new AbortController();
        setAbort(controller);
        try {
          await loadDemo("demo", {
            signal: controller.signal,
            onProgress: (done, total) => setProgress({ done, total }),
          });
        } finally {
          setAbort(null);
          setProgress(null);
        }
      }}
    >
      {t("accounts.loadDemo")}
    </button>
  );
}
