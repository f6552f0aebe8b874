import type { Collection } from "@crm/schema";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link, Redirect, Route } from "wouter";
import { useCanWrite } from "../auth/session-context.js";
import { LeadEdit, LeadNew } from "./LeadEditor.js";
import { LeadPage } from "./LeadPage.js";
import { LeadsList } from "./LeadsList.js";
import { OpportunityEdit, OpportunityNew } from "./OpportunityEditor.js";
import { OpportunityPage } from "./OpportunityPage.js";
import { OrderPage, OrdersList } from "./Orders.js";
import { PipelinePage } from "./PipelinePage.js";
import { ProductEdit, ProductNew, ProductPage, ProductsList } from "./Products.js";
import { QuoteEdit, QuoteNew } from "./QuoteEditor.js";
import { QuotePage, QuotePrint, QuotesList } from "./Quotes.js";
import { SalesTabs } from "./SalesTabs.js";
import "./sales.css";

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
      <Route path="/quotes/:id/print">{(p) => <QuotePrint id={p.id} />}</Route>
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
      {children}
    </>
  );
}

/** A form that would change records of `collection`, or why this role cannot open it. */
function Writable({ collection, back, children }: { collection: Collection; back: string; children: ReactNode }) {
  const { t } = useTranslation();
  if (useCanWrite(collection)) return <>{children}</>;
  return (
    <div className="empty">
      <p>{t("access.readOnly")}</p>
      <Link href={back} className="button">
        {t("common.back")}
      </Link>
    </div>
  );
}
