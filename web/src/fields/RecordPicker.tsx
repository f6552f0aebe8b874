import type { CollectionName, StoredRecord } from "@crm/schema";
import { useLiveQuery } from "dexie-react-hooks";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { recordTitle } from "../data/recordTitle.js";
import { useRuntime } from "../runtime/context.js";

/** A second word beside a suggestion, to tell two records of one name apart. */
function hintOf(collection: CollectionName, r: StoredRecord): string {
  const v = collection === "accounts" ? r.billingCity : collection === "contacts" ? r.email : "";
  return typeof v === "string" ? v : "";
}

export interface ControlProps {
  id: string;
  describedBy?: string;
  invalid?: boolean;
  required?: boolean;
  autoFocus?: boolean;
}

/**
 * A combobox choosing a record of `collection` among tens of thousands: type, see up to 8 prefix
 * matches from the search index, arrows to move, Enter to choose, Esc to close (the form's own
 * Esc is left alone while the list is open). Emptying the text clears the choice.
 */
export function RecordPicker(
  props: ControlProps & { collection: CollectionName; value: string; onChange(id: string): void },
) {
  const { t } = useTranslation();
  const { db } = useRuntime();
  const { id, collection, value, onChange } = props;
  const current = useLiveQuery(
    () => (value ? db.table<StoredRecord, string>(collection).get(value) : undefined),
    [db, collection, value],
  );
  const [text, setText] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const query = (text ?? "").trim().toLocaleLowerCase();
  const options = useLiveQuery(
    () =>
      query
        ? db.table<StoredRecord, string>(collection).where("terms").startsWith(query).distinct().limit(8).toArray()
        : [],
    [db, collection, query],
  );
  const open = text !== null && !!options?.length;
  const choose = (chosen: string) => {
    onChange(chosen);
    setText(null);
  };
  return (
    <>
      <input
        id={id}
        role="combobox"
        aria-expanded={open}
        aria-controls={`${id}-list`}
        aria-autocomplete="list"
        aria-activedescendant={open ? `${id}-opt-${active}` : undefined}
        aria-invalid={props.invalid || undefined}
        aria-describedby={props.describedBy}
        aria-required={props.required || undefined}
        autoFocus={props.autoFocus}
        placeholder={t("fields.search")}
        value={text ?? (current ? recordTitle(collection, current) : "")}
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
          else if (e.key === "Enter") choose(String(options[active]!.id));
          else if (e.key === "Escape") setText(null);
          else return;
          e.preventDefault();
          e.stopPropagation();
        }}
      />
      {open && (
        <div id={`${id}-list`} role="listbox" className="picker-list">
          {options!.map((r, i) => (
            <div
              key={String(r.id)}
              tabIndex={-1}
              id={`${id}-opt-${i}`}
              role="option"
              aria-selected={i === active}
              onMouseDown={(e) => {
                e.preventDefault();
                choose(String(r.id));
              }}
            >
              {recordTitle(collection, r)}
              <span className="muted small">{hintOf(collection, r)}</span>
            </div>
          ))}
        </div>
      )}
    </>
  );
}

/**
 * A reference narrowed to the records of the form's account (a case's contact, a quote's deal):
 * a select of that account's records, read through the `accountId` index; before an account is
 * chosen it says so. A value outside the list (moved to another account since) stays selectable,
 * so opening and saving never drops it.
 */
export function AccountScopedSelect(
  props: ControlProps & { collection: CollectionName; accountId: string; value: string; onChange(id: string): void },
) {
  const { t } = useTranslation();
  const { db } = useRuntime();
  const { collection, accountId, value } = props;
  const rows = useLiveQuery(
    () =>
      accountId
        ? db.table<StoredRecord, string>(collection).where("accountId").equals(accountId).sortBy("sortKey")
        : [],
    [db, collection, accountId],
  );
  const current = useLiveQuery(
    () => (value ? db.table<StoredRecord, string>(collection).get(value) : undefined),
    [db, collection, value],
  );
  const listed = rows?.some((r) => r.id === value);
  return (
    <select
      id={props.id}
      value={value}
      aria-invalid={props.invalid || undefined}
      aria-describedby={props.describedBy}
      aria-required={props.required || undefined}
      autoFocus={props.autoFocus}
      onChange={(e) => props.onChange(e.target.value)}
    >
      <option value="">{accountId ? t("common.none") : t("fields.chooseAccountFirst")}</option>
      {value && !listed && <option value={value}>{current ? recordTitle(collection, current) : value}</option>}
      {rows?.map((r) => (
        <option key={String(r.id)} value={String(r.id)}>
          {recordTitle(collection, r)}
        </option>
      ))}
    </select>
  );
}
