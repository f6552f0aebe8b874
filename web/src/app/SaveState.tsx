import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useRuntime } from "../runtime/context.js";
import type { SyncStatus } from "../sync/client.js";

/** The one place the app tells the truth about where the data is. */
export function SaveState() {
  const { t } = useTranslation();
  const { sync } = useRuntime();
  const [status, setStatus] = useState<SyncStatus>(sync.status);
  useEffect(() => sync.onStatus(setStatus), [sync]);
  return (
    <div role="status" aria-live="polite" className={`save-state ${status}`} title={t(`status.tip.${status}`)}>
      <span className="dot" aria-hidden="true" />
      {t(`status.${status}`)}
    </div>
  );
}
