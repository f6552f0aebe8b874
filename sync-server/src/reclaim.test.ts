import { describe, expect, it } from "vitest";
import { Reclaimer } from "./reclaim.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function waitFor(condition: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await sleep(5);
  }
}

describe("Reclaimer", () => {
  it("collects soon after a large release, once, however many rooms released", async () => {
    let collections = 0;
    const seconds: number[] = [];
    const r = new Reclaimer({
      gc: () => {
        collections++;
      },
      bigBytes: 1000,
      quietMs: 20,
      idleMs: 10_000,
      onCollected: (s) => seconds.push(s),
    });
    for (let i = 0; i < 5; i++) r.released(300);
    expect(collections).toBe(0);
    await sleep(60);
    expect(collections).toBe(1);
    expect(seconds).toHaveLength(1);
    r.stop();
  });

  it("does not wait past maxDelayMs while large releases keep coming", async () => {
    let collections = 0;
    const r = new Reclaimer({
      gc: () => {
        collections++;
      },
      bigBytes: 1,
      quietMs: 30,
      maxDelayMs: 60,
      idleMs: 10_000,
    });
    const started = performance.now();
    while (collections === 0 && performance.now() - started < 500) {
      r.released(10);
      await sleep(10);
    }
    expect(collections).toBe(1);
    expect(performance.now() - started).toBeLessThan(200);
    r.stop();
  });

  it("after small releases, collects only once they stopped for idleMs", async () => {
    let collections = 0;
    const r = new Reclaimer({
      gc: () => {
        collections++;
      },
      bigBytes: 1_000_000,
      idleMs: 50,
    });
    for (let i = 0; i < 8; i++) {
      r.released(10);
      await sleep(15);
    }
    expect(collections).toBe(0);
    await sleep(80);
    expect(collections).toBe(1);
    r.stop();
  });

  it("by default collects through the inspector, returning the heap's garbage", async () => {
    const seconds: number[] = [];
    const r = new Reclaimer({ bigBytes: 1, quietMs: 1, onCollected: (s) => seconds.push(s) });
    expect(r.enabled).toBe(true);
    let garbage: unknown[] | undefined = Array.from({ length: 200_000 }, (_, i) => ({ i, list: [i] }));
    const before = process.memoryUsage().heapUsed;
    garbage = undefined;
    r.released(1);
    await waitFor(() => seconds.length === 1);
    expect(garbage).toBeUndefined();
    expect(process.memoryUsage().heapUsed).toBeLessThan(before - 10 * 2 ** 20);
    r.stop();
  });

  it("does nothing without a collector", async () => {
    const r = new Reclaimer({ gc: undefined, quietMs: 1 });
    expect(r.enabled).toBe(false);
    r.released(10 ** 9);
    await sleep(10);
    r.stop();
  });
});
