import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { SyncStatus } from "../sync/client.js";
import { useRuntime } from "./runtime-context.js";

/** The one place the app tells the truth about where the data is. */
export function SaveState() {
  const { t } = useTranslation();
  const { sync, onShardProgress } = useRuntime();
  const [status, setStatus] = useState<SyncStatus>(sync.status);
  const [progress, setProgress] = useState<[number, number]>([0, 0]);
  useEffect(() => sync.onStatus(setStatus), [sync]);
  useEffect(() => onShardProgress((d, n) => setProgress([d, n])), [onShardProgress]);
  // Opening record documents is usually quick; only a slow open is worth a word.
  const [slow, setSlow] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setSlow(true), 1000);
    return () => clearTimeout(timer);
  }, []);
  const loading = slow && progress[1] > 0 && progress[0] < progress[1];
  return (
    <div className="save-state-wrap">
      {loading && (
        <span className="muted small" aria-hidden="true">
          {t("status.loadingRecords", { done: progress[0], total: progress[1] })}
        </span>
      )}
      <div role="status" aria-live="polite" className={`save-state ${status}`} title={t(`status.tip.${status}`)}>
        <span className="dot" aria-hidden="true" />
        {t(`status.${status}`)}
      </div>
    </div>
  );
}
