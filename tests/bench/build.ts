/*
 * The import benchmark's view of the shared bench helpers (bigWorkspace.ts): the build it serves,
 * bounded waits, a log line, and results formatted like the rest of the repository.
 */
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { relative } from "node:path";
import { repoRoot } from "../support/serverProcess.js";
import { log, ensureBuild as sharedBuild } from "./bigWorkspace.js";

export { log, positiveInt, withTimeout } from "./bigWorkspace.js";

/**
 * Points the server processes started afterwards (STATIC_DIR) at the build to serve (see
 * bigWorkspace.ts `ensureBuild`). Returns a function deleting a private build, if one was made.
 */
export function ensureBuild(): (() => void) | null {
  const { privateDir } = sharedBuild();
  return privateDir ? () => rmSync(privateDir, { recursive: true, force: true }) : null;
}

/** Keeps a results file as the repository's formatter wants it, so `npm run check` stays clean. */
export function formatJson(file: string): void {
  try {
    execFileSync("npx", ["biome", "format", "--write", file], { cwd: repoRoot, stdio: "ignore", timeout: 60_000 });
  } catch {
    log(`biome format of ${relative(repoRoot, file)} failed (the JSON is written all the same)`);
  }
}
