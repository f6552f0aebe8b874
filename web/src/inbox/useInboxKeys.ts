import { useEffect, useRef } from "react";

/*
 * The inbox's single-key shortcuts, on the document like the app's own "/" and "n" (App.tsx):
 * never while the person types in a field or the editor, never with Ctrl/Alt/⌘ (those are the
 * browser's and the app's), and never under an open modal dialog. `ctrlShift` keys are the
 * exception meant to work from inside the reply box (Ctrl+Shift+R resolves).
 */
/** Keys by `KeyboardEvent.key`; the arrows as "up" and "down". */
export type KeyMap = Record<string, () => void>;
const ARROWS: Record<string, string> = { ArrowDown: "down", ArrowUp: "up" };

export function useInboxKeys(keys: KeyMap, ctrlShift: KeyMap = {}): void {
  const current = useRef({ keys, ctrlShift });
  current.current = { keys, ctrlShift };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || document.querySelector("dialog[open]")) return;
      const { keys, ctrlShift } = current.current;
      if (e.ctrlKey && e.shiftKey && !e.altKey && !e.metaKey) {
        const action = ctrlShift[e.key.toUpperCase()];
        if (action) {
          e.preventDefault();
          action();
        }
        return;
      }
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const el = e.target as HTMLElement | null;
      if (el?.closest("input, textarea, select, [contenteditable=true], .ProseMirror")) return;
      // A button or link with focus keeps Enter/Space; the inbox's keys are letters and arrows.
      const action = keys[ARROWS[e.key] ?? e.key];
      if (!action) return;
      e.preventDefault();
      action();
    };
    addEventListener("keydown", onKey);
    return () => removeEventListener("keydown", onKey);
  }, []);
}
