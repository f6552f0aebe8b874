import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { newSecret, secretKey, sign, signedHeaders } from "./signing.js";

/* Our signatures, checked by the reference implementation (`standardwebhooks`' Webhook.verify). */

describe("Standard Webhooks signing", () => {
  it("makes whsec_ secrets of 32 random bytes", () => {
    const a = newSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(secretKey(a)).toHaveLength(32);
    expect(newSecret()).not.toBe(a);
  });

  it("signs so that standardwebhooks verifies, and refuses a changed body, id, timestamp or secret", () => {
    const secret = newSecret();
    const body = JSON.stringify({ type: "accounts.updated", data: { name: { old: "A", new: "Ä 😀" } } });
    const headers = signedHeaders(secret, "msg_1_wh_x", body);
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(secret).verify(`${body} `, headers)).toThrow();
    expect(() => new Webhook(secret).verify(body, { ...headers, "webhook-id": "msg_2" })).toThrow();
    expect(() =>
      new Webhook(secret).verify(body, {
        ...headers,
        "webhook-timestamp": String(Number(headers["webhook-timestamp"]) + 1),
      }),
    ).toThrow();
    expect(() => new Webhook(newSecret()).verify(body, headers)).toThrow();
  });

  it("agrees with the reference implementation's own signature", () => {
    const secret = newSecret();
    const at = new Date(1_700_000_000_000);
    expect(sign(secret, "msg_abc", 1_700_000_000, "{}")).toBe(new Webhook(secret).sign("msg_abc", at, "{}"));
  });
});
