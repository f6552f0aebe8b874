import { useEffect } from "react";

/**
 * While `active` (a section has unsaved changes), closing or reloading the tab asks first (the
 * browser's own prompt). Moving inside the app needs no question: the draft is kept for this tab
 * (useSettingsSection) and is there again on coming back.
 */
export function useLeaveGuard(active: boolean) {
  useEffect(() => {
    if (!active) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => e.preventDefault();
    addEventListener("beforeunload", onBeforeUnload);
    return () => removeEventListener("beforeunload", onBeforeUnload);
  }, [active]);
}
