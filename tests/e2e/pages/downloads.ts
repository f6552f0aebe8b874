import { readFile } from "node:fs/promises";
import type { Locator } from "@playwright/test";

/** Clicks `button` and reads the file it downloads (as UTF-8 text, BOM kept). */
export async function download(button: Locator): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([button.page().waitForEvent("download"), button.click()]);
  return { name: file.suggestedFilename(), text: await readFile((await file.path())!, "utf8") };
}
