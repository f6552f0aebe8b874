import { useTranslation } from "react-i18next";
import { Link, Redirect, Route, Switch, useLocation } from "wouter";
import { CannedSection } from "../canned/CannedSection.js";
import { AnswersSection } from "../chat/AnswersSection.js";
import { ChatSettingsSection } from "../chat/ChatSettingsSection.js";
import { EmailSection } from "../mail/EmailSection.js";
import { SignupSection } from "../marketing/SignupSection.js";
import { RulesSection } from "../rules/RulesSection.js";
import { WebhooksSection } from "../webhooks/WebhooksSection.js";
import { FieldsSection } from "./FieldsSection.js";
import { GeneralSection } from "./GeneralSection.js";
import { PhoneSection } from "./PhoneSection.js";
import { PicklistsSection } from "./PicklistsSection.js";
import { ScoringSection } from "./ScoringSection.js";
import { SlaSection } from "./SlaSection.js";
import { StagesSection } from "./StagesSection.js";
import "./settings.css";

const SECTIONS = [
  ["general", GeneralSection],
  ["phones", PhoneSection],
  ["pipeline", StagesSection],
  ["scoring", ScoringSection],
  ["sla", SlaSection],
  ["fields", FieldsSection],
  ["picklists", PicklistsSection],
  ["rules", RulesSection],
  ["webhooks", WebhooksSection],
  ["email", EmailSection],
  ["canned", CannedSection],
  ["chat", ChatSettingsSection],
  ["answers", AnswersSection],
  ["signup", SignupSection],
] as const;

/**
 * The workspace settings, one tab per section (`/settings/<section>`), each saved on its own.
 * Everyone may look; only owners and admins may change them (the sections say so to the others).
 */
export default function SettingsPage() {
  const { t } = useTranslation();
  const [location] = useLocation();
  return (
    <div className="page settings-page">
      <nav className="tabs" aria-label={t("settings.sections")}>
        {SECTIONS.map(([id]) => (
          <Link
            key={id}
            href={`/settings/${id}`}
            className="tab"
            aria-current={location === `/settings/${id}` ? "page" : undefined}
          >
            {t(`settings.tabs.${id}`)}
          </Link>
        ))}
      </nav>
      <Switch>
        {SECTIONS.map(([id, Section]) => (
          <Route key={id} path={`/settings/${id}`} component={Section} />
        ))}
        <Route>
          <Redirect to="/settings/general" replace />
        </Route>
      </Switch>
    </div>
  );
}
