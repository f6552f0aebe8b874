import type { Page } from "@playwright/test";
import { fixture } from "../../analytics/test-support/fixture.js";
import { Device } from "./pages/index.js";

/*
 * What the analytics specs share: the hand-worked fixture written through the local store (as
 * the app writes records). The SQL console is pages/sqlConsole.ts.
 */

export async function writeFixture(page: Page, data: Record<string, unknown[]> = fixture as never) {
  await new Device(page).writeMany(data);
}
