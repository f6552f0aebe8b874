import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

/*
 * A new version of the app was installed by the service worker and waits. Nothing reloads by
 * itself (someone may be typing); the banner offers the reload.
 */

let pending: (() => void) | null = null;
const listeners = new Set<() => void>();

export function announceUpdate(apply: () => void): void {
  pending = apply;
  for (const l of listeners) l();
}

export function UpdateBanner() {
  const { t } = useTranslation();
  const [apply, setApply] = useState<(() => void) | null>(() => pending);
  useEffect(() => {
    const l = () => setApply(() => pending);
    listeners.add(l);
    return () => {
      listeners.delete(l);
    };
  }, []);
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
