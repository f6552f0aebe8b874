import type { TFunction } from "i18next";
import { useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { type DocKind, docKind, type UnsentWorkspace } from "../runtime/deviceData.js";
import type { RemovalRefusal } from "../runtime/deviceRemoval.js";
import { useSession } from "../runtime/session.js";
import "./device.css";

const KIND_ORDER: DocKind[] = ["records", "notes", "settings", "savedViews", "savedQueries", "inbox"];

/**
 * "Remove this device's data…" in the top bar (an icon button named so): a modal dialog says what goes and what stays,
 * and either removes everything and signs out (the page reloads onto the sign-in screen) or
 * says why it removed nothing. Keyboard: focus starts on Cancel, Esc closes, focus returns.
 */
export function RemoveDeviceData() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  return (
    <>
      {/* An icon with its name as tooltip: the top bar has no room for the words (nav sections go first). */}
      <button
        ref={opener}
        type="button"
        className="button small device-removal-open"
        aria-label={t("device.open")}
        title={t("device.open")}
        onClick={() => setOpen(true)}
      >
        <svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false">
          <path
            d="M4 7h16M9 7V4h6v3M6 7l1 13h10l1-13M10 11v6M14 11v6"
            fill="none"
            stroke="currentColor"
            strokeWidth="2"
            strokeLinecap="round"
            strokeLinejoin="round"
          />
        </svg>
      </button>
      {open && (
        <RemovalDialog
          onClose={() => {
            setOpen(false);
            opener.current?.focus();
          }}
        />
      )}
    </>
  );
}

function RemovalDialog({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const { removeDeviceData } = useSession();
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [working, setWorking] = useState(false);
  const [refusal, setRefusal] = useState<RemovalRefusal | null>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  // Closed first: while the modal dialog is open, nothing outside it can take the focus back.
  const close = () => {
    ref.current?.close();
    onClose();
  };
  const remove = async () => {
    setWorking(true);
    setRefusal(null);
    const refused = await removeDeviceData();
    // On success the page is reloading; nothing more to show.
    if (refused) {
      setRefusal(refused);
      setWorking(false);
    }
  };
  return (
    <dialog
      ref={ref}
      className="device-removal"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-lead`}
      onCancel={(e) => {
        e.preventDefault();
        if (!working) close();
      }}
    >
      <h2 id={`${id}-title`}>{t("device.title")}</h2>
      <p id={`${id}-lead`}>{t("device.lead")}</p>
      <p className="muted small">{t("device.kept")}</p>
      {refusal && <Refusal refusal={refusal} />}
      <div className="device-removal-actions">
        <button type="button" className="button" onClick={close} disabled={working}>
          {t("device.cancel")}
        </button>
        <button type="button" className="button danger" onClick={() => void remove()} disabled={working}>
          {working ? t("device.working") : t("device.confirm")}
        </button>
      </div>
    </dialog>
  );
}

function Refusal({ refusal }: { refusal: RemovalRefusal }) {
  const { t } = useTranslation();
  const { session } = useSession();
  if (refusal.reason === "offline") {
    return (
      <p role="alert" className="device-refusal">
        {t("device.refused.offline")}
      </p>
    );
  }
  if (refusal.reason === "failed") {
    return (
      <p role="alert" className="device-refusal">
        {t("device.refused.failed", { message: refusal.message })}
      </p>
    );
  }
  const nameOf = (ws: string) => session.workspaces.find((w) => w.id === ws)?.name ?? ws;
  return (
    <div role="alert" className="device-refusal">
      <p>{t("device.refused.unsent")}</p>
      <ul>
        {refusal.unsent.map((u) => (
          <li key={u.workspace}>{t("device.workspace", { workspace: nameOf(u.workspace), what: describe(u, t) })}</li>
        ))}
      </ul>
      <p>{t("device.refused.unsentHint")}</p>
    </div>
  );
}

/** "records, the notes of 2 records, workspace settings" */
function describe(unsent: UnsentWorkspace, t: TFunction): string {
  const counts = new Map<DocKind, number>();
  for (const name of unsent.docs) counts.set(docKind(name), (counts.get(docKind(name)) ?? 0) + 1);
  return KIND_ORDER.filter((k) => counts.has(k))
    .map((k) => t(`device.kinds.${k}`, { count: counts.get(k) }))
    .join(t("device.separator"));
}
