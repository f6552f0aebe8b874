import { spacedE164 } from "@crm/schema";
import { useSyncExternalStore } from "react";

/*
 * A stored phone number as people read it: "+49 30 1234567". The grouping within the national
 * number needs the phone library, which is not in the main script (~30 KB gzip): it is fetched at
 * the first idle moment after a number is shown (never ahead of the first rows of a list, which
 * the startup benchmark times); until then the number shows as "+49 301234567" — already right,
 * just grouped less.
 */

type Format = (stored: string) => string;
let format: Format | null = null;
let loading: Promise<void> | null = null;
const listeners = new Set<() => void>();

function load(): void {
  if (loading) return;
  loading = new Promise<void>((resolve) =>
    typeof requestIdleCallback === "function"
      ? requestIdleCallback(() => resolve(), { timeout: 2000 })
      : setTimeout(resolve, 200),
  )
    .then(() => import("@crm/schema/phoneNumbers"))
    .then(
      (m) => {
        format = m.formatPhone;
        for (const l of listeners) l();
      },
      () => {
        loading = null; // offline before the chunk was cached: the plain form stays
      },
    );
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  load();
  return () => listeners.delete(listener);
}

/** The formatter in effect now (the plain one until the library is there). */
export function phoneText(stored: string): string {
  return format ? format(stored) : spacedE164(stored);
}

/** Re-renders the caller once the phone library has loaded. */
export function usePhoneText(): (stored: string) => string {
  const ready = useSyncExternalStore(subscribe, () => format !== null);
  return ready && format ? format : spacedE164;
}

/** A number as a `tel:` link (E.164 in the link, readable in the text), or "—". */
export function PhoneLink({ value }: { value: string }) {
  const text = usePhoneText();
  return value ? <a href={`tel:${value.replace(/[^\d+]/g, "")}`}>{text(value)}</a> : <>—</>;
}
