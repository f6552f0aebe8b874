import type { Collection } from "@crm/schema";
import { type ComponentType, lazy, type ReactNode, Suspense } from "react";
import { useTranslation } from "react-i18next";
import { Link, Redirect, Route } from "wouter";
import { useCanWrite } from "../runtime/session.js";
import { SalesTabs } from "./SalesTabs.js";

// The sales screens load on demand, as one chunk: the first load stays small (the top bar only
// needs the tabs and the strings).
const pages = () => import("./pages.js");
type Pages = Awaited<ReturnType<typeof pages>>;
function page<P extends object = object>(name: keyof Pages) {
  return lazy(() => pages().then((m) => ({ default: m[name] as unknown as ComponentType<P> })));
}
const LeadsList = page("LeadsList");
const LeadNew = page("LeadNew");
const LeadEdit = page<{ id: string }>("LeadEdit");
const LeadPage = page<{ id: string }>("LeadPage");
const PipelinePage = page("PipelinePage");
const OpportunityNew = page("OpportunityNew");
const OpportunityEdit = page<{ id: string }>("OpportunityEdit");
const OpportunityPage = page<{ id: string }>("OpportunityPage");
const ProductsList = page("ProductsList");
const ProductNew = page("ProductNew");
const ProductEdit = page<{ id: string }>("ProductEdit");
const ProductPage = page<{ id: string }>("ProductPage");
const QuotesList = page("QuotesList");
const QuoteNew = page("QuoteNew");
const QuoteEdit = page<{ id: string }>("QuoteEdit");
const QuotePage = page<{ id: string }>("QuotePage");
const QuotePrint = page<{ id: string }>("QuotePrint");
const OrdersList = page("OrdersList");
const OrderPage = page<{ id: string }>("OrderPage");

/** The sales sections of the main navigation, in order. */
export const salesSections = ["sales"] as const;

/**
 * The sales routes as a fragment of <Route>s: the app's <Switch> flattens fragments, so App.tsx
 * adds them with one expression and its own routes stay as they are.
 */
export function salesRoutes() {
  return (
    <>
      <Route path="/sales">
        <Redirect to="/pipeline" replace />
      </Route>
      <Route path="/leads">
        <Tabbed>
          <LeadsList />
        </Tabbed>
      </Route>
      <Route path="/leads/new">
        <Writable collection="leads" back="/leads">
          <LeadNew />
        </Writable>
      </Route>
      <Route path="/leads/:id/edit">
        {(p) => (
          <Writable collection="leads" back="/leads">
            <LeadEdit id={p.id} />
          </Writable>
        )}
      </Route>
      <Route path="/leads/:id">
        {(p) => (
          <Tabbed>
            <LeadPage id={p.id} />
          </Tabbed>
        )}
      </Route>
      <Route path="/pipeline">
        <Tabbed>
          <PipelinePage />
        </Tabbed>
      </Route>
      <Route path="/opportunities/new">
        <Writable collection="opportunities" back="/pipeline">
          <OpportunityNew />
        </Writable>
      </Route>
      <Route path="/opportunities/:id/edit">
        {(p) => (
          <Writable collection="opportunities" back="/pipeline">
            <OpportunityEdit id={p.id} />
          </Writable>
        )}
      </Route>
      <Route path="/opportunities/:id">
        {(p) => (
          <Tabbed>
            <OpportunityPage id={p.id} />
          </Tabbed>
        )}
      </Route>
      <Route path="/products">
        <Tabbed>
          <ProductsList />
        </Tabbed>
      </Route>
      <Route path="/products/new">
        <Writable collection="products" back="/products">
          <ProductNew />
        </Writable>
      </Route>
      <Route path="/products/:id/edit">
        {(p) => (
          <Writable collection="products" back="/products">
            <ProductEdit id={p.id} />
          </Writable>
        )}
      </Route>
      <Route path="/products/:id">
        {(p) => (
          <Tabbed>
            <ProductPage id={p.id} />
          </Tabbed>
        )}
      </Route>
      <Route path="/quotes">
        <Tabbed>
          <QuotesList />
        </Tabbed>
      </Route>
      <Route path="/quotes/new">
        <Writable collection="quotes" back="/quotes">
          <QuoteNew />
        </Writable>
      </Route>
      <Route path="/quotes/:id/edit">
        {(p) => (
          <Writable collection="quotes" back="/quotes">
            <QuoteEdit id={p.id} />
          </Writable>
        )}
      </Route>
      <Route path="/quotes/:id/print">
        {(p) => (
          <Suspense fallback={null}>
            <QuotePrint id={p.id} />
          </Suspense>
        )}
      </Route>
      <Route path="/quotes/:id">
        {(p) => (
          <Tabbed>
            <QuotePage id={p.id} />
          </Tabbed>
        )}
      </Route>
      <Route path="/orders">
        <Tabbed>
          <OrdersList />
        </Tabbed>
      </Route>
      <Route path="/orders/:id">
        {(p) => (
          <Tabbed>
            <OrderPage id={p.id} />
          </Tabbed>
        )}
      </Route>
    </>
  );
}

/** A sales screen under the sales tabs. */
function Tabbed({ children }: { children: ReactNode }) {
  return (
    <>
      <SalesTabs />
      <Suspense fallback={null}>{children}</Suspense>
    </>
  );
}

/** A form that would change records of `collection`, or why this role cannot open it. */
function Writable({ collection, back, children }: { collection: Collection; back: string; children: ReactNode }) {
  const { t } = useTranslation();
  if (useCanWrite(collection)) return <Suspense fallback={null}>{children}</Suspense>;
  return (
    <div className="empty">
      <p>{t("access.readOnly")}</p>
      <Link href={back} className="button">
        {t("common.back")}
      </Link>
    </div>
  );
}
