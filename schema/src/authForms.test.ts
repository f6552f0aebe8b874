import { describe, expect, it } from "vitest";
import {
  authIssueMessages,
  checkJoin,
  checkJoinSignIn,
  checkSetup,
  checkSignIn,
  checkWorkspaceName,
  passwordIssue,
  sameEmail,
} from "./authForms.js";

const GOOD = "violet-harbour-kettle-42";
const common = new Set(["password", "password1234", "qwerty123456"]);
const isCommon = (lower: string) => common.has(lower);

describe("the forms' rules", () => {
  it("names every wrong field of setup at once, in field order, with its parameters", () => {
    const r = checkSetup({ name: " ", email: "ada@", password: "short", workspaceName: "x".repeat(101) });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toEqual([
      { field: "name", code: "required", message: "This field is required." },
      { field: "email", code: "invalidEmail", message: authIssueMessages.invalidEmail },
      { field: "password", code: "passwordTooShort", message: "Use at least 12 characters.", params: { min: 12 } },
      { field: "workspaceName", code: "tooLong", message: "Use at most 100 characters.", params: { max: 100 } },
    ]);
  });

  it("trims what it returns and treats anything but text as missing", () => {
    expect(checkSetup({ name: " Ada ", email: " ada@example.test ", password: GOOD, workspaceName: " Acme " })).toEqual(
      {
        ok: true,
        value: { name: "Ada", email: "ada@example.test", password: GOOD, workspaceName: "Acme" },
      },
    );
    const r = checkSignIn({ email: 42, password: null });
    expect(r.ok ? [] : r.issues.map((i) => [i.field, i.code])).toEqual([
      ["email", "required"],
      ["password", "required"],
    ]);
    expect(checkSignIn(null).ok).toBe(false);
    expect(checkWorkspaceName({ name: "Acme" })).toEqual({ ok: true, value: { name: "Acme" } });
  });

  it("judges passwords the same with or without the common list, which only the server has", () => {
    expect(passwordIssue("short")).toBe("passwordTooShort");
    expect(passwordIssue("x".repeat(257))).toBe("passwordTooLong");
    expect(passwordIssue("Password2024!", [], { isCommon })).toBe("passwordCommon");
    expect(passwordIssue("Password2024!")).toBeNull(); // the browser cannot know; the server says so
    expect(passwordIssue("abcabcabcabcabc")).toBe("passwordRepetitive");
    expect(passwordIssue("grace-hopper-rules", ["grace@example.test", "Grace"])).toBe("passwordPersonal");
    expect(passwordIssue(GOOD, ["ada@example.test", "Ada"], { isCommon })).toBeNull();
    // Sign-in never judges strength: an old password still signs in.
    expect(checkSignIn({ email: "ada@example.test", password: "short" }).ok).toBe(true);
  });

  it("binds a join to the invite's address: left out means the invite's, another one is refused", () => {
    const invite = { email: "nina@example.test" };
    expect(checkJoin({ name: "Nina", email: "", password: GOOD }, invite)).toEqual({
      ok: true,
      value: { name: "Nina", email: "nina@example.test", password: GOOD },
    });
    expect(checkJoin({ name: "Nina", email: "NINA@example.test", password: GOOD }, invite).ok).toBe(true);
    const other = checkJoin({ name: "Eve", email: "eve@example.test", password: GOOD }, invite);
    expect(other.ok ? [] : other.issues).toEqual([
      {
        field: "email",
        code: "inviteEmailMismatch",
        message: "This invite is for nina@example.test. Use that address, or ask for an invite for yours.",
        params: { email: "nina@example.test" },
      },
    ]);
    // A wrong address is reported as wrong, not as someone else's.
    const bad = checkJoin({ name: "Eve", email: "eve@", password: GOOD }, invite);
    expect(bad.ok ? [] : bad.issues.map((i) => i.code)).toEqual(["invalidEmail"]);
    // An open invite takes any address.
    expect(checkJoin({ name: "Eve", email: "eve@example.test", password: GOOD }, { email: "" }).ok).toBe(true);
    expect(checkJoinSignIn({ email: "eve@example.test", password: "x" }, invite).ok).toBe(false);
    expect(checkJoinSignIn({ email: "", password: "x" }, invite)).toEqual({
      ok: true,
      value: { email: "nina@example.test", password: "x" },
    });
  });

  it("compares addresses as the database does", () => {
    expect(sameEmail(" Ada@Example.test", "ada@example.TEST ")).toBe(true);
    expect(sameEmail("ada@example.test", "ada@example.org")).toBe(false);
  });
});
