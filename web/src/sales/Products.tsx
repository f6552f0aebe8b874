import type { Product } from "@crm/schema";
import { useLiveQuery } from "dexie-react-hooks";
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "wouter";
import { HistoryLink } from "../data/HistoryPage.js";
import { MoreFields } from "../fields/MoreFields.js";
import type { KeyIn } from "../i18n/keys.js";
import type { Row } from "../local/db.js";
import { useRuntime } from "../runtime/context.js";
import { useCanWrite } from "../runtime/session.js";
import { DeleteButton } from "../ui/DeleteButton.js";
import { WriteLink } from "../ui/EditLink.js";
import { ListPage } from "../ui/ListPage.js";
import { NotFound } from "../ui/NotFound.js";
import { useMoney, useSettings } from "./useSettings.js";

/** The price book: every product, searchable by name or SKU. */
export function ProductsList() {
  return <ListPage<Row<Product>> collection="products" prefix="sales.products" title={(p) => p.name} columns={{}} />;
}

export function ProductPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const { db, store } = useRuntime();
  const money = useMoney(useSettings());
  const canWrite = useCanWrite("products");
  const [, navigate] = useLocation();
  const product = useLiveQuery(() => db.products.get(id).then((r) => r ?? null), [db, id]);
  if (product === undefined) return null;
  if (product === null) return <NotFound back="/products" />;
  const f = (k: KeyIn<"sales.products.fields">) => t(`sales.products.fields.${k}`);
  return (
    <article className="page record-page" aria-labelledby="record-title">
      <nav className="crumbs" aria-label="breadcrumb">
        <Link href="/products">{t("sales.products.title")}</Link>
      </nav>
      <header className="record-head">
        <h1 id="record-title">{product.name}</h1>
        <span className={`badge ${product.active ? "lead-qualified" : "lead-new"}`}>
          {product.active ? t("sales.products.active") : t("sales.products.inactive")}
        </span>
        <div className="grow" />
        <HistoryLink collection="products" id={id} />
        <WriteLink href={`/products/${id}/edit`} label={t("common.edit")} canWrite={canWrite} />
        <DeleteButton
          disabled={!canWrite}
          onConfirm={async () => {
            await store.remove("products", id);
            navigate("/products", { replace: true });
          }}
        />
      </header>
      <section className="card" aria-labelledby="details-title">
        <h2 id="details-title">{t("sales.leads.details")}</h2>
        <dl className="details">
          <dt>{f("sku")}</dt>
          <dd>{product.sku}</dd>
          <dt>{f("unitPrice")}</dt>
          <dd>{money(product.unitPrice)}</dd>
          <dt>{f("cost")}</dt>
          <dd>{money(product.cost)}</dd>
          <dt>{f("description")}</dt>
          <dd>{product.description || "—"}</dd>
        </dl>
      </section>
      <MoreFields collection="products" record={product} />
    </article>
  );
}
