import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { WebhookStore } from "./store.js";

/* The shared-database store: per-workspace rows, the failure streak, the capped log. */

function attempt(endpointId: string, n: number, ok: boolean) {
  return {
    endpointId,
    webhookId: `msg_${n}`,
    event: "accounts.created",
    attempt: 1,
    trigger: "auto" as const,
    at: 1_000 + n,
    durationMs: 5,
    request: { url: "https://example.com/", headers: {}, body: "{}" },
    response: ok ? { status: 200, headers: {}, body: "" } : null,
    error: ok ? null : "answered 500",
    ok,
  };
}

describe("WebhookStore", () => {
  it("keeps endpoints per workspace, tracks the failure streak and caps each endpoint's log", () => {
    const store = new WebhookStore(new Database(":memory:"), 3);
    const input = {
      url: "https://example.com/",
      events: ["*"],
      secret: "whsec_x",
      source: "api" as const,
      createdBy: "u",
    };
    const a = store.create({ ...input, workspace: "w1" });
    const b = store.create({ ...input, workspace: "w2" });
    expect(store.list("w1").map((e) => e.id)).toEqual([a.id]);
    expect(store.get("w2", a.id)).toBeUndefined();

    store.record("w1", attempt(a.id, 1, false));
    store.record("w1", attempt(a.id, 2, false));
    expect(store.get("w1", a.id)).toMatchObject({ consecutiveFailures: 2, failingSince: 1_001 });
    store.record("w1", attempt(a.id, 3, true));
    expect(store.get("w1", a.id)).toMatchObject({ consecutiveFailures: 0, failingSince: null, lastSuccessAt: 1_003 });
    store.record("w1", attempt(a.id, 4, true));
    store.record("w2", attempt(b.id, 5, true));
    // Only the newest three of the endpoint are kept; the other endpoint's are its own.
    expect(store.deliveries("w1", a.id).map((d) => d.webhookId)).toEqual(["msg_4", "msg_3", "msg_2"]);
    expect(store.deliveries("w2", b.id)).toHaveLength(1);

    expect(store.setEnabled("w1", a.id, false, "gone", 5_000)).toBe(true);
    expect(store.setEnabled("w1", a.id, false, "failing")).toBe(false);
    expect(store.get("w1", a.id)).toMatchObject({ enabled: false, disabledReason: "gone", disabledAt: 5_000 });
    expect(store.enabled("w1")).toEqual([]);
    expect(store.setEnabled("w1", a.id, true)).toBe(true);
    expect(store.get("w1", a.id)).toMatchObject({ enabled: true, disabledReason: null });

    expect(store.delete("w1", a.id)).toBe(true);
    expect(store.deliveries("w1", a.id)).toEqual([]);
    expect(store.admins("w1")).toEqual([]);
  });
});
