import { useEffect } from "react";

/**
 * While `active` (a section has unsaved changes), leaving asks first: closing or reloading the tab
 * (the browser's own prompt) and following any link in the app (top bar, tabs, palette results
 * are links too) — a draft lives only in this page, and losing an admin's edits silently is worse
 * than one question.
 */
export function useLeaveGuard(active: boolean, question: string) {
  useEffect(() => {
    if (!active) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => e.preventDefault();
    const onClick = (e: MouseEvent) => {
      const link = (e.target as Element | null)?.closest?.("a[href]");
      if (!link || e.defaultPrevented || e.button !== 0) return;
      if (!window.confirm(question)) {
        e.preventDefault();
        e.stopPropagation();
      }
    };
    addEventListener("beforeunload", onBeforeUnload);
    // Capture: before the router's own handler on the link.
    document.addEventListener("click", onClick, true);
    return () => {
      removeEventListener("beforeunload", onBeforeUnload);
      document.removeEventListener("click", onClick, true);
    };
  }, [active, question]);
}
