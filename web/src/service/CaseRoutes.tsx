import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link, Redirect, Route, Switch } from "wouter";
import { EditRecord, NewRecord } from "../fields/RecordFormPage.js";
import { useCanWrite } from "../runtime/session.js";
import { CasePage } from "./CasePage.js";
import { CasesList } from "./CasesList.js";
import "./service.css";

/** Every /cases route, mounted by the app under one `/cases/*?` route. */
export function CaseRoutes() {
  return (
    <Switch>
      <Route path="/cases">
        <CasesList view="all" />
      </Route>
      <Route path="/cases/attention">
        <CasesList view="attention" />
      </Route>
      {/* The SLA settings moved to the workspace settings; old links still land there. */}
      <Route path="/cases/settings">
        <Redirect to="/settings/sla" replace />
      </Route>
      <Route path="/cases/new">
        <Writable>
          <NewRecord collection="cases" />
        </Writable>
      </Route>
      <Route path="/cases/:id/edit">
        {(p) => (
          <Writable>
            <EditRecord collection="cases" id={p.id} />
          </Writable>
        )}
      </Route>
      <Route path="/cases/:id">{(p) => <CasePage id={p.id} />}</Route>
    </Switch>
  );
}

function Writable({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  if (useCanWrite("cases")) return <>{children}</>;
  return (
    <div className="empty">
      <p>{t("access.readOnly")}</p>
      <Link href="/cases" className="button">
        {t("common.back")}
      </Link>
    </div>
  );
}
