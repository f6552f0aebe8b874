import { lazy, Suspense, useEffect } from "react";
import { useTranslation } from "react-i18next";
import { Link, Redirect, Route, Switch, useLocation } from "wouter";
import { AccountEdit, AccountNew } from "../accounts/AccountEditor.js";
import { AccountPage } from "../accounts/AccountPage.js";
import { AccountsList } from "../accounts/AccountsList.js";
import { ContactEdit, ContactNew } from "../contacts/ContactEditor.js";
import { ContactPage } from "../contacts/ContactPage.js";
import { ContactsList } from "../contacts/ContactsList.js";
import { LanguageSwitch } from "./LanguageSwitch.js";
import { useRuntime } from "./runtime-context.js";
import { SaveState } from "./SaveState.js";
import { UserName } from "./UserName.js";

const AnalyticsPage = lazy(() => import("../analytics/AnalyticsPage.js"));

export function App() {
  const { t } = useTranslation();
  const [location, navigate] = useLocation();
  const runtime = useRuntime();
  useShortcuts(location, navigate);
  const section = location.split("/")[1] ?? "";

  return (
    <div className="shell">
      <a className="skip" href="#main">
        {t("app.skip")}
      </a>
      <header className="topbar">
        <Link href="/accounts" className="brand" aria-label={t("app.name")}>
          <img src="/icon.svg" alt="" width={26} height={26} />
          <span>{t("app.name")}</span>
        </Link>
        <nav aria-label={t("nav.main")} className="nav">
          {(["accounts", "contacts", "analytics"] as const).map((s) => (
            <Link key={s} href={`/${s}`} className="nav-link" aria-current={section === s ? "page" : undefined}>
              {t(`nav.${s}`)}
            </Link>
          ))}
        </nav>
        <div className="topbar-end">
          <SaveState />
          <UserName />
          <LanguageSwitch />
        </div>
      </header>
      <main id="main" className="main" tabIndex={-1}>
        <Switch>
          <Route path="/">
            <Redirect to="/accounts" replace />
          </Route>
          <Route path="/accounts" component={AccountsList} />
          <Route path="/accounts/new" component={AccountNew} />
          <Route path="/accounts/:id/edit">{(p) => <AccountEdit id={p.id} />}</Route>
          <Route path="/accounts/:id">{(p) => <AccountPage id={p.id} />}</Route>
          <Route path="/contacts" component={ContactsList} />
          <Route path="/contacts/new" component={ContactNew} />
          <Route path="/contacts/:id/edit">{(p) => <ContactEdit id={p.id} />}</Route>
          <Route path="/contacts/:id">{(p) => <ContactPage id={p.id} />}</Route>
          <Route path="/analytics">
            <Suspense fallback={<p className="muted pad">{t("app.loading")}</p>}>
              <AnalyticsPage db={runtime.db} />
            </Suspense>
          </Route>
          <Route>
            <Redirect to="/accounts" replace />
          </Route>
        </Switch>
      </main>
    </div>
  );
}

/** "/" focuses the page's search box, "n" starts a new record; never while typing. */
function useShortcuts(location: string, navigate: (to: string) => void) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
      const el = e.target as HTMLElement | null;
      if (el?.closest("input, textarea, select, [contenteditable=true], .ProseMirror")) return;
      const section = location.split("/")[1];
      if (e.key === "/") {
        const search = document.querySelector<HTMLInputElement>("[data-search]");
        if (search) {
          e.preventDefault();
          search.focus();
        }
      } else if (e.key === "n" && (section === "accounts" || section === "contacts")) {
        e.preventDefault();
        navigate(`/${section}/new`);
      }
    };
    addEventListener("keydown", onKey);
    return () => removeEventListener("keydown", onKey);
  }, [location, navigate]);
}
