import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

/*
 * The web app speaks to the server through @crm/protocol only: it never depends on the server
 * package (whose code — SQLite, argon2, ws — has no business in a browser bundle), and it writes no
 * message by hand (the encoders are @crm/protocol's, pinned to its version).
 */

const WEB = join(import.meta.dirname, "../..");

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

describe("the web app and the wire", () => {
  it("does not depend on @crm/sync-server", () => {
    const pkg = JSON.parse(readFileSync(join(WEB, "package.json"), "utf8")) as Record<string, Record<string, string>>;
    expect(Object.keys({ ...pkg.dependencies, ...pkg.devDependencies })).not.toContain("@crm/sync-server");
    expect(Object.keys(pkg.dependencies ?? {})).toContain("@crm/protocol");
    const importers = sources(join(WEB, "src")).filter((file) =>
      /from\s+["']@crm\/sync-server/.test(readFileSync(file, "utf8")),
    );
    expect(importers.map((f) => relative(WEB, f))).toEqual([]);
  });

  it("encodes no message by hand", () => {
    const handWritten = sources(join(WEB, "src")).filter((file) =>
      /from\s+["']lib0\/encoding["']|y-protocols\/sync["']/.test(readFileSync(file, "utf8")),
    );
    expect(handWritten.map((f) => relative(WEB, f))).toEqual([]);
  });
});
