import { readFileSync } from "node:fs";
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ServerProcess } from "./support/serverProcess.js";

/*
 * Request body limits against the real server process: an unauthenticated 300 MiB body to the
 * sign-in route (Content-Length declared, or chunked with no length at all) is refused with 413
 * after a few bytes, the upload is cut off, and the server's resident memory does not grow with
 * it (before the limits, the same request took the process from ~230 MiB to 1.4 GiB).
 */

const MiB = 1024 * 1024;
const TOTAL = 300 * MiB;

function rss(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  return Number(kb) * 1024;
}

interface Upload {
  status: number | undefined;
  /** Bytes the client managed to hand to its socket before the server answered or hung up. */
  written: number;
  peakRss: number;
}

/**
 * POSTs a JSON body of `total` bytes to `path`, in 1 MiB writes; stops when the server answers or
 * (`ignoreAnswer`: a hostile client that keeps sending) only when the server hangs up.
 */
function upload(
  server: ServerProcess,
  path: string,
  total: number,
  options: { chunked: boolean; ignoreAnswer?: boolean },
): Promise<Upload> {
  const pid = server.pid!;
  return new Promise((resolve) => {
    const req = request({
      host: "127.0.0.1",
      port: server.port,
      path,
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        ...(options.chunked ? { "Transfer-Encoding": "chunked" } : { "Content-Length": String(total) }),
      },
    });
    let status: number | undefined;
    let written = 0;
    let peakRss = rss(pid);
    let done = false;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, rss(pid));
    }, 10);
    const finish = () => {
      if (done) return;
      done = true;
      clearInterval(sampler);
      peakRss = Math.max(peakRss, rss(pid));
      req.destroy();
      resolve({ status, written, peakRss });
    };
    req.on("response", (res) => {
      status = res.statusCode;
      res.resume();
      if (!options.ignoreAnswer) finish();
    });
    req.on("error", finish);
    req.on("close", finish);
    // A password field that never ends: valid JSON so far, so only a limit stops the server.
    const head = Buffer.from('{"email":"someone@example.test","password":"');
    const chunk = Buffer.alloc(MiB - head.length, 0x61);
    const pump = () => {
      while (!done && written < total) {
        const piece = written === 0 ? Buffer.concat([head, chunk]) : chunk.subarray(0, Math.min(MiB, total - written));
        written += piece.length;
        if (!req.write(piece)) {
          req.once("drain", pump);
          return;
        }
      }
      if (!done) req.end();
    };
    pump();
  });
}

describe("request body limits on the real server", () => {
  let server: ServerProcess;
  let baseline: number;
  beforeAll(async () => {
    server = await ServerProcess.start();
    // One ordinary refused sign-in first, so that what it loads is in the baseline.
    await fetch(`${server.url}/api/sign-in`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email: "someone@example.test", password: "x" }),
    });
    baseline = rss(server.pid!);
  });
  afterAll(() => server?.dispose());

  it("refuses a declared 300 MiB body at once", async () => {
    const result = await upload(server, "/api/sign-in", TOTAL, { chunked: false });
    expect(result.status).toBe(413);
    expect(result.written).toBeLessThan(64 * MiB);
    expect(result.peakRss - baseline).toBeLessThan(64 * MiB);
  });

  it("cuts a 300 MiB chunked body early, without buffering it", async () => {
    const result = await upload(server, "/api/sign-in", TOTAL, { chunked: true });
    expect(result.status).toBe(413);
    expect(result.written).toBeLessThan(64 * MiB);
    expect(result.peakRss - baseline).toBeLessThan(64 * MiB);
    // The server is fine and still answers.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it("hangs up on a client that keeps sending after the 413", async () => {
    const result = await upload(server, "/api/sign-in", TOTAL, { chunked: true, ignoreAnswer: true });
    expect(result.status).toBe(413);
    // What is still read after the answer is discarded: at most 64 MiB or 500 ms, then the socket closes.
    expect(result.written).toBeLessThan(TOTAL / 2);
    expect(result.peakRss - baseline).toBeLessThan(64 * MiB);
  });
});
