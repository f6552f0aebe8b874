import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link, Route, Switch } from "wouter";
import { useCanWrite } from "../auth/session-context.js";
import { CaseEdit, CaseNew } from "./CaseEditor.js";
import { CasePage } from "./CasePage.js";
import { CasesList } from "./CasesList.js";
import { SlaSettingsPage } from "./SlaSettings.js";
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
      <Route path="/cases/settings" component={SlaSettingsPage} />
      <Route path="/cases/new">
        <Writable>
          <CaseNew />
        </Writable>
      </Route>
      <Route path="/cases/:id/edit">
        {(p) => (
          <Writable>
            <CaseEdit id={p.id} />
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
