import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useRuntime } from "../runtime/context.js";
import { onUpdateAvailable, pendingUpdate, reloadForServer } from "./appUpdate.js";

/*
 * Two reasons to reload: a new version of the app was installed by the service worker and waits
 * (nothing reloads by itself: someone may be typing), or the server refused this copy's protocol
 * version (close 4426, sync/client.ts): nothing syncs until the page comes from the server again.
 */
export function UpdateBanner() {
  const { t } = useTranslation();
  const { sync } = useRuntime();
  const [apply, setApply] = useState<(() => void) | null>(() => pendingUpdate());
  const [required, setRequired] = useState(sync.updateRequired);
  useEffect(() => onUpdateAvailable(() => setApply(() => pendingUpdate())), []);
  useEffect(() => sync.onStatus(() => setRequired(sync.updateRequired)), [sync]);
  if (required) {
    return (
      <div className="access-notice" role="alert">
        <span>{t(required === "older" ? "app.olderThanServer" : "app.newerThanServer")}</span>
        <button type="button" className="button small primary" onClick={() => void reloadForServer()}>
          {t("app.reload")}
        </button>
      </div>
    );
  }
  if (!apply) return null;
  return (
    <div className="access-notice info" role="status">
      <span>{t("app.updateReady")}</span>
      <button type="button" className="button small primary" onClick={apply}>
        {t("app.reload")}
      </button>
    </div>
  );
}
