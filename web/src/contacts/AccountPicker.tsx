import { useLiveQuery } from "dexie-react-hooks";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { useRuntime } from "../app/runtime-context.js";

/**
 * A combobox for choosing an account among tens of thousands: type, see up to 8 prefix
 * matches, arrows to move, Enter to choose, Esc to close.
 */
export function AccountPicker({
  value,
  onChange,
  label,
}: {
  value: string;
  onChange(id: string): void;
  label: string;
}) {
  const { t } = useTranslation();
  const { db } = useRuntime();
  const id = useId();
  const current = useLiveQuery(() => (value ? db.accounts.get(value) : undefined), [db, value]);
  const [text, setText] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const query = (text ?? "").trim().toLocaleLowerCase();
  const options = useLiveQuery(
    () => (query ? db.accounts.where("terms").startsWith(query).distinct().limit(8).toArray() : []),
    [db, query],
  );
  const open = text !== null && !!options?.length;
  const choose = (accountId: string) => {
    onChange(accountId);
    setText(null);
  };
  return (
    <div className="field picker">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        role="combobox"
        aria-expanded={open}
        aria-controls={`${id}-list`}
        aria-autocomplete="list"
        aria-activedescendant={open ? `${id}-opt-${active}` : undefined}
        placeholder={t("contacts.accountSearch")}
        value={text ?? current?.name ?? ""}
        onChange={(e) => {
          setText(e.target.value);
          setActive(0);
          if (!e.target.value) onChange("");
        }}
        onBlur={() => setTimeout(() => setText(null), 150)}
        onKeyDown={(e) => {
          if (!open || !options) return;
          if (e.key === "ArrowDown") setActive((a) => Math.min(a + 1, options.length - 1));
          else if (e.key === "ArrowUp") setActive((a) => Math.max(a - 1, 0));
          else if (e.key === "Enter") choose(options[active]!.id);
          else if (e.key === "Escape") setText(null);
          else return;
          e.preventDefault();
          e.stopPropagation();
        }}
      />
      {open && (
        <div id={`${id}-list`} role="listbox" className="picker-list">
          {options!.map((a, i) => (
            <div
              key={a.id}
              tabIndex={-1}
              id={`${id}-opt-${i}`}
              role="option"
              aria-selected={i === active}
              onMouseDown={(e) => {
                e.preventDefault();
                choose(a.id);
              }}
            >
              {a.name}
              <span className="muted small">{a.billingCity}</span>
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
