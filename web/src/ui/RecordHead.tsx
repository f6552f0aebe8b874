import type { CollectionName } from "@crm/schema";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "wouter";
import { useRuntime } from "../runtime/context.js";
import { DeleteButton } from "./DeleteButton.js";
import { WriteLink } from "./EditLink.js";

/**
 * The top of a record's page: the way back to its list, the title (`#record-title`, which the
 * page's article is labelled by), its badges, and the page's actions at the far end.
 */
export function RecordHead({
  list,
  listLabel,
  title,
  badges,
  children,
}: {
  list: string;
  listLabel: string;
  title: ReactNode;
  badges: ReactNode;
  children: ReactNode;
}) {
  return (
    <>
      <nav className="crumbs" aria-label="breadcrumb">
        <Link href={list}>{listLabel}</Link>
      </nav>
      <header className="record-head">
        <h1 id="record-title">{title}</h1>
        {badges}
        <div className="grow" />
        {children}
      </header>
    </>
  );
}

/** Edit and Delete for a record (both disabled for read-only roles); after a delete, back to `list`. */
export function EditAndDelete({
  collection,
  id,
  list,
  canWrite,
}: {
  collection: CollectionName;
  id: string;
  list: string;
  canWrite: boolean;
}) {
  const { t } = useTranslation();
  const { store } = useRuntime();
  const [, navigate] = useLocation();
  return (
    <>
      <WriteLink href={`/${collection}/${id}/edit`} label={t("common.edit")} canWrite={canWrite} />
      <DeleteButton
        disabled={!canWrite}
        onConfirm={async () => {
          await store.remove(collection, id);
          navigate(list, { replace: true });
        }}
      />
    </>
  );
}
