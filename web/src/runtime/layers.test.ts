import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * The web app's layers, lowest first. A folder may import its own layer and the ones below it,
 * never one above: the screens (features and the app shell) sit on top of everything here, so
 * `ui/`, `views/`, `local/` and `runtime/` never reach into a feature folder or the shell.
 */
const LAYERS: Record<string, number> = {
  sync: 0,
  local: 1,
  runtime: 2,
  ui: 3,
  views: 3,
};
/** Strings are data every layer may read (the registry in i18n/ gathers the features' files). */
const SHARED = new Set(["i18n"]);
const SRC = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const IMPORT = /(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** "views/Filter.tsx imports app/people.js" for every import that goes up a layer. */
export function upwardImports(src: string): string[] {
  const found: string[] = [];
  for (const [folder, level] of Object.entries(LAYERS)) {
    for (const file of sourceFiles(join(src, folder))) {
      for (const match of readFileSync(file, "utf8").matchAll(IMPORT)) {
        const target = relative(src, resolve(dirname(file), match[1]!));
        const top = target.split("/")[0]!;
        const targetLevel = LAYERS[top];
        if (SHARED.has(top)) continue;
        if (targetLevel === undefined || targetLevel > level) found.push(`${relative(src, file)} imports ${target}`);
      }
    }
  }
  return found;
}

describe("the web app's layers", () => {
  it("ui/, views/, local/, runtime/ and sync/ import nothing above them", () => {
    expect(upwardImports(SRC)).toEqual([]);
  });

  it("catches a screen imported from below, and allows going down", () => {
    const src = mkdtempSync(join(tmpdir(), "layers-"));
    try {
      for (const dir of ["ui", "views", "local", "runtime", "sync", "app"]) mkdirSync(join(src, dir));
      writeFileSync(
        join(src, "ui", "Good.tsx"),
        'import { x } from "../runtime/context.js";\nimport "../sync/client.js";',
      );
      writeFileSync(join(src, "ui", "Bad.tsx"), 'import { usePeople } from "../app/people.js";');
      writeFileSync(join(src, "local", "store.ts"), 'import type { Runtime } from "../runtime/runtime.js";');
      expect(upwardImports(src).sort()).toEqual([
        "local/store.ts imports runtime/runtime.js",
        "ui/Bad.tsx imports app/people.js",
      ]);
    } finally {
      rmSync(src, { recursive: true, force: true });
    }
  });
});
