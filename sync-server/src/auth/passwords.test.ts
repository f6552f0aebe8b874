import { describe, expect, it } from "vitest";
import { passwordProblem } from "./passwords.js";
import { GOOD_PASSWORD } from "./testing.js";

describe("password policy", () => {
  it("wants 12 characters and refuses common passwords, with digits appended or not", () => {
    expect(passwordProblem("short")).toMatch(/at least 12/);
    expect(passwordProblem("qwertyuiopas")).toBeNull();
    expect(passwordProblem("1qaz2wsx3edc")).toMatch(/common/);
    expect(passwordProblem("Password2024!")).toMatch(/common/);
    expect(passwordProblem("aaaaaaaaaaaaa")).toMatch(/few different/);
    expect(passwordProblem("ada.lovelace-rocks", ["ada.lovelace@example.test"])).toMatch(/name or email/);
    expect(passwordProblem(GOOD_PASSWORD)).toBeNull();
  });
});
