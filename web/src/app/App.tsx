import type { Collection } from "@crm/schema";
import { lazy, type ReactNode, Suspense, useEffect } from "react";
import { useTranslation } from "react-i18next";
import { Link, Redirect, Route, Switch, useLocation } from "wouter";
import { AccountPage } from "../accounts/AccountPage.js";
import { AccountsList } from "../accounts/AccountsList.js";
import { ActivitiesList } from "../activities/ActivitiesList.js";
import { ActivityPage } from "../activities/ActivityPage.js";
import { activitySlots } from "../activities/activityForm.js";
import { ChatPresence } from "../chat/ChatPresence.js";
import { ContactPage } from "../contacts/ContactPage.js";
import { ContactsList } from "../contacts/ContactsList.js";
import { DataRoutes } from "../data/DataRoutes.js";
import { EditRecord, NewRecord } from "../fields/RecordFormPage.js";
import { InboxPage } from "../inbox/InboxPage.js";
import { Bell } from "../notifications/Bell.js";
import { MentionOutbox } from "../notifications/MentionOutbox.js";
import { useRuntime } from "../runtime/context.js";
import { useCanWrite, useIsAdmin, useSession } from "../runtime/session.js";
import { salesRoutes, salesSections } from "../sales/routes.js";
import { CaseRoutes } from "../service/CaseRoutes.js";
import { AccountMenu } from "./AccountMenu.js";
import { CommandPalette } from "./CommandPalette.js";
import { LanguageSwitch } from "./LanguageSwitch.js";
import { MainNav } from "./MainNav.js";
import { SaveState } from "./SaveState.js";
import { UpdateBanner } from "./UpdateBanner.js";

const SALES_PATHS = new Set(["leads", "pipeline", "opportunities", "quotes", "orders", "products"]);

const AnalyticsPage = lazy(() => import("../analytics/AnalyticsPage.js"));
// Administration is rare: its pages load when opened.
const MembersPage = lazy(() => import("../admin/pages.js").then((m) => ({ default: m.MembersPage })));
const TokensPage = lazy(() => import("../admin/pages.js").then((m) => ({ default: m.TokensPage })));
const AuditPage = lazy(() => import("../admin/pages.js").then((m) => ({ default: m.AuditPage })));
const ApiDocsPage = lazy(() => import("../admin/pages.js").then((m) => ({ default: m.ApiDocsPage })));
const NewWorkspacePage = lazy(() => import("../admin/pages.js").then((m) => ({ default: m.NewWorkspacePage })));
const SettingsPage = lazy(() => import("../settings/SettingsPage.js"));
const MePage = lazy(() => import("../calendar/MePage.js"));
const MarketingRoutes = lazy(() => import("../marketing/SegmentsPage.js"));

export function App() {
  const { t } = useTranslation();
  const [location, navigate] = useLocation();
  const runtime = useRuntime();
  useShortcuts(location, navigate);
  const first = location.split("/")[1] ?? "";
  // The sales screens live under their own paths; the top bar has one "Sales" entry for them.
  // The inbox is a view of the cases (the Cases section's tabs lead to it); marketing (segments)
  // is reached from the contacts list: it is part of that section.
  const section = SALES_PATHS.has(first)
    ? "sales"
    : first === "inbox"
      ? "cases"
      : first === "marketing"
        ? "contacts"
        : first;
  const isAdmin = useIsAdmin();
  const sections = isAdmin
    ? (["accounts", "contacts", ...salesSections, "cases", "activities", "analytics", "data", "team"] as const)
    : (["accounts", "contacts", ...salesSections, "cases", "activities", "analytics", "data"] as const);

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
        <MainNav sections={sections} current={section} />
        <div className="topbar-end">
          <SaveState />
          <Bell />
          <AccountMenu />
          <LanguageSwitch />
        </div>
      </header>
      <AccessNotice />
      <UpdateBanner />
      <CommandPalette />
      <MentionOutbox />
      <ChatPresence />
      <main id="main" className="main" tabIndex={-1}>
        <Switch>
          <Route path="/">
            <Redirect to="/accounts" replace />
          </Route>
          <Route path="/accounts" component={AccountsList} />
          <Route path="/accounts/new">
            <Writable collection="accounts">
              <NewRecord collection="accounts" />
            </Writable>
          </Route>
          <Route path="/accounts/:id/edit">
            {(p) => (
              <Writable collection="accounts">
                <EditRecord collection="accounts" id={p.id} />
              </Writable>
            )}
          </Route>
          <Route path="/accounts/:id">{(p) => <AccountPage id={p.id} />}</Route>
          <Route path="/contacts" component={ContactsList} />
          <Route path="/contacts/new">
            <Writable collection="contacts">
              <NewRecord collection="contacts" />
            </Writable>
          </Route>
          <Route path="/contacts/:id/edit">
            {(p) => (
              <Writable collection="contacts">
                <EditRecord collection="contacts" id={p.id} />
              </Writable>
            )}
          </Route>
          <Route path="/contacts/:id">{(p) => <ContactPage id={p.id} />}</Route>
          {salesRoutes()}
          <Route path="/inbox/:id?">{(p) => <InboxPage selected={p.id ?? null} />}</Route>
          <Route path="/cases/*?" component={CaseRoutes} />
          <Route path="/activities" component={ActivitiesList} />
          <Route path="/activities/new">
            <Writable collection="activities">
              <NewRecord collection="activities" slots={activitySlots} />
            </Writable>
          </Route>
          <Route path="/activities/:id/edit">
            {(p) => (
              <Writable collection="activities">
                <EditRecord collection="activities" id={p.id} slots={activitySlots} />
              </Writable>
            )}
          </Route>
          <Route path="/activities/:id">{(p) => <ActivityPage id={p.id} />}</Route>
          <Route path="/data/*?" component={DataRoutes} />
          <Route path="/marketing">
            <Redirect to="/marketing/segments" replace />
          </Route>
          <Route path="/marketing/segments/:id?">
            {(p) => (
              <Suspense fallback={<p className="muted pad">{t("app.loading")}</p>}>
                <MarketingRoutes params={p} />
              </Suspense>
            )}
          </Route>
          <Route path="/analytics/*?">
            <Suspense fallback={<p className="muted pad">{t("app.loading")}</p>}>
              <AnalyticsPage db={runtime.db} />
            </Suspense>
          </Route>
          <Route path="/team">
            <Suspense fallback={null}>
              <MembersPage />
            </Suspense>
          </Route>
          <Route path="/team/tokens">
            <Suspense fallback={null}>
              <TokensPage />
            </Suspense>
          </Route>
          <Route path="/team/audit">
            <Suspense fallback={null}>
              <AuditPage />
            </Suspense>
          </Route>
          <Route path="/team/api">
            <Suspense fallback={null}>
              <ApiDocsPage />
            </Suspense>
          </Route>
          <Route path="/settings/*?">
            <Suspense fallback={null}>
              <SettingsPage />
            </Suspense>
          </Route>
          <Route path="/me">
            <Suspense fallback={null}>
              <MePage />
            </Suspense>
          </Route>
          <Route path="/workspaces/new">
            <Suspense fallback={null}>
              <NewWorkspacePage />
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

/** Why this device stopped syncing, and what to do about it; nothing when all is well. */
function AccessNotice() {
  const { t } = useTranslation();
  const { notice, workspace, signInAgain } = useSession();
  if (!notice) {
    if (workspace.role !== "viewer") return null;
    return (
      <div className="access-notice info" role="note">
        {t("access.readOnly")}
      </div>
    );
  }
  return (
    <div className="access-notice" role="alert">
      {notice === "signed-out" ? (
        <>
          <span>{t("access.signedOut")}</span>
          <button type="button" className="button small primary" onClick={signInAgain}>
            {t("access.signInAgain")}
          </button>
        </>
      ) : (
        <span>{t("access.removed", { workspace: workspace.name })}</span>
      )}
    </div>
  );
}

/** A form that would change records of `collection`, or why this role cannot open it. */
function Writable({ collection, children }: { collection: Collection; children: ReactNode }) {
  const { t } = useTranslation();
  if (useCanWrite(collection)) return <>{children}</>;
  return (
    <div className="empty">
      <p>{t("access.readOnly")}</p>
      <Link href={`/${collection}`} className="button">
        {t("common.back")}
      </Link>
    </div>
  );
}

/** Where "n" starts a new record, by the section the person is in. */
const NEW_RECORD: Record<string, string> = {
  accounts: "/accounts/new",
  contacts: "/contacts/new",
  leads: "/leads/new",
  pipeline: "/opportunities/new",
  opportunities: "/opportunities/new",
  products: "/products/new",
  quotes: "/quotes/new",
  cases: "/cases/new",
  activities: "/activities/new",
};

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
      } else if (e.key === "n" && section && NEW_RECORD[section]) {
        e.preventDefault();
        navigate(NEW_RECORD[section]);
      }
    };
    addEventListener("keydown", onKey);
    return () => removeEventListener("keydown", onKey);
  }, [location, navigate]);
}
