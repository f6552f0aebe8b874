import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

/*
 * The web app speaks to the server through @crm/protocol only: it never depends on the server
 * package's code (SQLite, argon2, ws have no business in a browser bundle), and it writes no
 * message by hand (the encoders are @crm/protocol's, pinned to its version). The one thing it takes
 * from the server is a type: the HTTP routes' (`import type { ApiRoutes } from "@crm/sync-server/api"`),
 * which the compiler erases, so a changed route fails the typecheck instead of a page.
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
  it("takes nothing from @crm/sync-server but the API's route types", () => {
    const pkg = JSON.parse(readFileSync(join(WEB, "package.json"), "utf8")) as Record<string, Record<string, string>>;
    expect(Object.keys(pkg.dependencies ?? {})).not.toContain("@crm/sync-server");
    expect(Object.keys(pkg.dependencies ?? {})).toContain("@crm/protocol");
    const imports = sources(join(WEB, "src")).flatMap((file) =>
      [
        ...readFileSync(file, "utf8").matchAll(/^import\s+(type\s+)?[^;]*?from\s+["'](@crm\/sync-server[^"']*)["']/gms),
      ].map((m) => `${relative(WEB, file)}: ${m[1] ? "type " : ""}${m[2]}`),
    );
    expect(imports.filter((line) => !line.endsWith(": type @crm/sync-server/api"))).toEqual([]);
    expect(imports.length).toBeGreaterThan(0);
  });

  it("encodes no message by hand", () => {
    const handWritten = sources(join(WEB, "src")).filter((file) =>
      /from\s+["']lib0\/encoding["']|y-protocols\/sync["']/.test(readFileSync(file, "utf8")),
    );
    expect(handWritten.map((f) => relative(WEB, f))).toEqual([]);
  });
});
