import { type ReactNode, Suspense, useEffect, useId, useRef, useState } from "react";

/**
 * A button that opens a small dialog under it (Add filter, Columns). The dialog's code loads on
 * first use (`children` renders a lazy component): the bar costs the first paint nothing for it.
 * A press outside closes it; the dialog calls `close(true)` to give focus back to the button
 * (Esc, Done, after adding).
 */
export function PopoverButton(props: {
  label: string;
  className: string;
  children(close: (refocus: boolean) => void, id: string): ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const boxRef = useRef<HTMLSpanElement>(null);
  const id = `${useId()}-box`;
  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) buttonRef.current?.focus();
  };
  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (!boxRef.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", onDown);
    return () => document.removeEventListener("mousedown", onDown);
  }, [open]);
  return (
    <span ref={boxRef} className={props.className}>
      <button
        ref={buttonRef}
        type="button"
        className="button small"
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        onClick={() => (open ? close(false) : setOpen(true))}
      >
        {props.label}
      </button>
      {open && <Suspense fallback={null}>{props.children(close, id)}</Suspense>}
    </span>
  );
}
