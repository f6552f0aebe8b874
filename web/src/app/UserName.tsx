import { useState } from "react";
import { useTranslation } from "react-i18next";
import { rename } from "../local/identity.js";
import { useRuntime } from "./runtime-context.js";

/** Until sign-in exists, people name themselves; the name is what others see on their cursor. */
export function UserName() {
  const { t } = useTranslation();
  const runtime = useRuntime();
  const [name, setName] = useState(runtime.me.name);
  const commit = async () => {
    const next = await rename(runtime.db, runtime.me, name);
    Object.assign(runtime.me, next);
    setName(next.name);
  };
  return (
    <label className="me" title={t("me.hint")}>
      <span className="avatar small" style={{ background: runtime.me.color }} aria-hidden="true">
        {initials(name)}
      </span>
      <input
        aria-label={t("me.label")}
        value={name}
        onChange={(e) => setName(e.target.value)}
        onBlur={() => void commit()}
        onKeyDown={(e) => e.key === "Enter" && (e.target as HTMLInputElement).blur()}
      />
    </label>
  );
}

export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  return ((words[0]?.[0] ?? "?") + (words.length > 1 ? (words[words.length - 1]?.[0] ?? "") : "")).toUpperCase();
}
