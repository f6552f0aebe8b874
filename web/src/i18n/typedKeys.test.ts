import { readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/*
 * The typecheck catches a wrong string key. Compiles fixtures/wrongKeys.ts with the project's
 * compiler options (tsconfig.json, which leaves the fixture out of the normal run) and the app's
 * resources, and expects an error on exactly the lines marked WRONG, naming what is wrong.
 */

const root = join(import.meta.dirname, "../../..");
const fixture = join(import.meta.dirname, "fixtures/wrongKeys.ts");

function diagnostics() {
  const config = ts.readConfigFile(join(root, "tsconfig.json"), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  const program = ts.createProgram({
    rootNames: [fixture, join(import.meta.dirname, "resources.ts")],
    options: { ...options, noEmit: true },
  });
  const source = program.getSourceFile(fixture)!;
  return ts.getPreEmitDiagnostics(program, source).map((d) => ({
    line: source.getLineAndCharacterOfPosition(d.start ?? 0).line + 1,
    text: ts.flattenDiagnosticMessageText(d.messageText, "\n"),
  }));
}

describe("typed string keys", () => {
  it("a missing or misspelt key, a wrong suffix, a wrong table and a short translation fail tsc", () => {
    const lines = readFileSync(fixture, "utf8").split("\n");
    const wrong = lines.flatMap((l, i) => (l.endsWith("// WRONG") ? [i + 1] : []));
    const found = diagnostics();
    expect(wrong.length).toBe(7);
    expect([...new Set(found.map((d) => d.line))]).toEqual(wrong);
    const at = (needle: string) =>
      found
        .filter((d) => lines[d.line - 1]!.includes(needle))
        .map((d) => d.text)
        .join("\n");
    expect(at('"a.missing.key"')).toContain('"a.missing.key"');
    expect(at('"nav.acounts"')).toContain('"nav.acounts"');
    expect(at('"nav.acount"')).toContain('"nav.acount"');
    expect(at('status("shiped")')).toContain('"shiped"');
    expect(at('"auth.erors"')).toContain("auth.erors");
    expect(at("chineseLacksOne")).toMatch(/Property 'b' is missing/);
    expect(at("chineseHasMore")).toContain("'c'");
  }, 180_000);
});
