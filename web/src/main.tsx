import { registerSW } from "virtual:pwa-register";
import { createRoot } from "react-dom/client";
import { activitiesLocales } from "./activities/locales.js";
import { analyticsLocales } from "./analytics/locales.js";
import { announceUpdate, setRegistration } from "./app/appUpdate.js";
import { Root, startEarly } from "./auth/Root.js";
import { dataLocales } from "./data/locales.js";
import { deviceLocales } from "./device/locales.js";
import { setupI18n } from "./i18n/index.js";
import { salesLocales } from "./sales/locales.js";
import { serviceLocales } from "./service/locales.js";
import { settingsLocales } from "./settings/locales.js";
import * as viewsLocales from "./views/locales.js";
import "./styles.css";

async function main() {
  const syncUrl = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/sync`;
  const early = startEarly(syncUrl);
  await setupI18n({
    en: {
      analytics: analyticsLocales.en,
      sales: salesLocales.en,
      service: serviceLocales.en,
      data: dataLocales.en,
      activities: activitiesLocales.en,
      views: viewsLocales.en,
      settings: settingsLocales.en,
      device: deviceLocales.en,
    },
    zh: {
      analytics: analyticsLocales.zh,
      sales: salesLocales.zh,
      service: serviceLocales.zh,
      data: dataLocales.zh,
      activities: activitiesLocales.zh,
      views: viewsLocales.zh,
      settings: settingsLocales.zh,
      device: deviceLocales.zh,
    },
  });
  createRoot(document.getElementById("root")!).render(<Root syncUrl={syncUrl} early={early} />);
  const update = registerSW({
    immediate: true,
    onNeedRefresh: () => announceUpdate(() => void update(true)),
    onRegisteredSW: (_url, registration) => {
      if (registration) setRegistration(registration);
    },
  });
}

void main();
