import { useTranslation } from "react-i18next";
import { Link, Redirect, Route, Switch, useLocation } from "wouter";
import { DuplicatesPage } from "./DuplicatesPage.js";
import { HistoryPage } from "./HistoryPage.js";
import { ImportPage } from "./ImportPage.js";
import { TrashPage } from "./TrashPage.js";
import "./data.css";

const tabs = ["import", "duplicates", "trash"] as const;

/** Everything under /data: import, duplicates and merge, the trash, a record's field history. */
export function DataRoutes() {
  const { t } = useTranslation();
  const [location] = useLocation();
  const current = location.split("/")[2] ?? "";
  return (
    <section className="page data-page" aria-labelledby="page-title">
      <div className="page-head">
        <h1 id="page-title">{t("data.title")}</h1>
      </div>
      {current !== "history" && (
        <nav className="tabs" aria-label={t("data.tabs.label")}>
          {tabs.map((tab) => (
            <Link key={tab} href={`/data/${tab}`} className="tab" aria-current={current === tab ? "page" : undefined}>
              {t(`data.tabs.${tab}`)}
            </Link>
          ))}
        </nav>
      )}
      <Switch>
        <Route path="/data/import" component={ImportPage} />
        <Route path="/data/duplicates" component={DuplicatesPage} />
        <Route path="/data/trash" component={TrashPage} />
        <Route path="/data/history/:collection/:id">{(p) => <HistoryPage collection={p.collection} id={p.id} />}</Route>
        <Route>
          <Redirect to="/data/import" replace />
        </Route>
      </Switch>
    </section>
  );
}
