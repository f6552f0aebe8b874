import { registerSW } from "virtual:pwa-register";
import { createRoot } from "react-dom/client";
import { analyticsLocales } from "./analytics/locales.js";
import { App } from "./app/App.js";
import { RuntimeContext } from "./app/runtime-context.js";
import { setupI18n } from "./i18n/index.js";
import { createRuntime } from "./local/runtime.js";
import "./styles.css";

async function main() {
  const syncUrl = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/sync`;
  const [, runtime] = await Promise.all([
    setupI18n({ en: { analytics: analyticsLocales.en }, zh: { analytics: analyticsLocales.zh } }),
    createRuntime({ syncUrl, shardDelayMs: 250 }),
  ]);
  // For tests and benchmarks that need to wait on the real state, and for curious admins.
  (window as unknown as { __crm: unknown }).__crm = runtime;
  addEventListener("online", () => runtime.sync.reconnectSoon());
  createRoot(document.getElementById("root")!).render(
    <RuntimeContext.Provider value={runtime}>
      <App />
    </RuntimeContext.Provider>,
  );
  registerSW({ immediate: true });
}

void main();
