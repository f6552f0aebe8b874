import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signVisitorToken, type VisitorClaims, verifyVisitorToken } from "./token.js";

const key = randomBytes(32);
const claims: VisitorClaims = { w: "ws1", c: "case1", n: "Vera", e: "vera@example.com", x: 2_000 };

describe("visitor tokens", () => {
  it("carry their claims, signed", () => {
    const token = signVisitorToken(key, claims);
    expect(token).toMatch(/^cv1\.[\w-]+\.[\w-]+$/);
    expect(verifyVisitorToken(key, token, 1_000)).toEqual(claims);
  });

  it("are refused once expired, under another key, or changed in any part", () => {
    const token = signVisitorToken(key, claims);
    expect(verifyVisitorToken(key, token, 2_000)).toBeUndefined();
    expect(verifyVisitorToken(randomBytes(32), token, 1_000)).toBeUndefined();
    const [v, , sig] = token.split(".");
    // The same signature over another case: the scope cannot be moved.
    const otherCase = Buffer.from(JSON.stringify({ ...claims, c: "case2" })).toString("base64url");
    expect(verifyVisitorToken(key, `${v}.${otherCase}.${sig}`, 1_000)).toBeUndefined();
    expect(verifyVisitorToken(key, `${v}.${token.split(".")[1]}.${sig!.slice(0, -2)}AA`, 1_000)).toBeUndefined();
    expect(verifyVisitorToken(key, token.replace("cv1.", "cv2."), 1_000)).toBeUndefined();
    expect(verifyVisitorToken(key, "crm_servicetoken", 1_000)).toBeUndefined();
    expect(verifyVisitorToken(key, "", 1_000)).toBeUndefined();
  });

  it("refuse signed claims of the wrong shape", () => {
    const token = signVisitorToken(key, { ...claims, c: 42 } as unknown as VisitorClaims);
    expect(verifyVisitorToken(key, token, 1_000)).toBeUndefined();
  });
});
