import { registerSW } from "virtual:pwa-register";
import { createRoot } from "react-dom/client";
import { announceUpdate, setRegistration } from "./app/appUpdate.js";
import { Root, startEarly } from "./auth/Root.js";
import { setupI18n } from "./i18n/index.js";
import "./styles.css";

async function main() {
  const syncUrl = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/sync`;
  const early = startEarly(syncUrl);
  await setupI18n();
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
