import { useEffect, useState } from "react";
import type * as Y from "yjs";
import { applyTextEdit } from "./savedQueries.js";

/**
 * A text input bound to a saved query's title (a Y.Text): typing becomes the smallest edit of the
 * shared text, and a teammate's edit shows at once.
 */
export function SavedQueryTitle({ text, label, readOnly }: { text: Y.Text; label: string; readOnly: boolean }) {
  const [value, setValue] = useState(() => text.toString());
  useEffect(() => {
    setValue(text.toString());
    const update = () => setValue(text.toString());
    text.observe(update);
    return () => text.unobserve(update);
  }, [text]);
  return (
    <input
      className="analytics-query-title"
      aria-label={label}
      value={value}
      readOnly={readOnly}
      onChange={(e) => {
        setValue(e.target.value);
        applyTextEdit(text, e.target.value);
      }}
    />
  );
}
