import { PROTOCOL_VERSION } from "@crm/protocol";
import { NEXT_PROTOCOL, ServerProcess } from "../support/serverProcess.js";
import { expect, test } from "./fixtures.js";

/*
 * An installed copy of the app meets a server that was upgraded to a newer protocol (the real
 * server process, run as the next release: support/nextProtocol.mjs). The app must say so and
 * offer the reload, stop connecting, and never claim "Synced"; its data stays on the device.
 */

/** The server's count of connections it refused for their protocol version. */
async function refusedForVersion(url: string): Promise<number> {
  const metrics = await (await fetch(`${url}/metrics`)).text();
  return Number(/crm_refused_connections_total\{reason="unsupported-version"\} (\d+)/.exec(metrics)?.[1] ?? 0);
}

test("an installed copy of the app meets a newer server: update banner, no retrying, never Synced", async ({
  a,
  ada,
  server,
}) => {
  const sockets: string[] = [];
  a.on("websocket", (ws) => sockets.push(ws.url()));
  await ada.accounts.create({ Name: "Initech" });
  await ada.device.waitForServiceWorker();
  await expect(ada.saveState).toHaveText("Synced");
  expect(sockets.every((url) => url.includes(`v=${PROTOCOL_VERSION}`))).toBe(true);

  // Every text the save state shows from now on.
  const shown: string[] = [];
  await a.exposeFunction("recordSaveState", (text: string) => shown.push(text));
  await a.evaluate(() => {
    const el = document.querySelector(".save-state")!;
    const record = (window as unknown as { recordSaveState(t: string): void }).recordSaveState;
    new MutationObserver(() => record(el.textContent ?? "")).observe(el, {
      childList: true,
      subtree: true,
      characterData: true,
    });
  });

  // The server is upgraded: same address, same data, a protocol this copy no longer speaks.
  await server.stop();
  const newer = await ServerProcess.start({ dataDir: server.dataDir, port: server.port, imports: [NEXT_PROTOCOL] });
  try {
    const banner = a.getByRole("alert").filter({ hasText: "older than the server" });
    await expect(banner).toHaveText(/This copy of the app is older than the server; reload to update\./, {
      timeout: 20_000,
    });
    await expect(banner.getByRole("button", { name: "Reload" })).toBeVisible();
    await expect(ada.saveState).toHaveText("Not syncing: update needed");
    await expect(ada.saveState).toHaveAttribute("title", /different versions of the sync protocol/);
    expect(await refusedForVersion(newer.url)).toBe(1);

    // It does not come back, neither on its backoff (at most 2 s) nor when the browser says it is
    // online again. Absence can only be watched for a while: 4 s, failing at the first new socket.
    const socketsAtRefusal = sockets.length;
    await a.evaluate(() => window.dispatchEvent(new Event("online")));
    for (const end = Date.now() + 4_000; Date.now() < end; await a.waitForTimeout(250)) {
      expect(sockets.length, "a new WebSocket after the refusal").toBe(socketsAtRefusal);
    }
    expect(await refusedForVersion(newer.url)).toBe(1);
    expect(shown).not.toContain("Synced");
    expect(shown.at(-1)).toBe("Not syncing: update needed");

    // The work on the device is still there, and the notice is in Chinese too.
    await ada.accounts.goto();
    await expect(ada.accounts.link("Initech")).toBeVisible();
    await ada.shell.setLanguage("zh");
    await expect(a.getByRole("alert")).toContainText("此应用副本比服务器旧，请重新加载以更新。");
    await expect(ada.saveState).toHaveText("未同步：需要更新");
    await a.getByRole("combobox", { name: "语言" }).selectOption("en");

    // Reload: the page comes from the server again (here the same build: still too old, so the
    // notice is back, from a fresh start, with the local copy).
    await Promise.all([a.waitForEvent("load"), banner.getByRole("button", { name: "Reload" }).click()]);
    await expect(banner).toBeVisible();
    await expect(ada.saveState).toHaveText("Not syncing: update needed");
    await expect(a.getByRole("link", { name: "Initech", exact: true })).toBeVisible();
    expect(await refusedForVersion(newer.url)).toBe(2);
  } finally {
    await newer.stop();
  }
});
