import http from "node:http";
import https from "node:https";
import { checkWebhookUrl, type GuardOptions, guardedLookup } from "./ssrf.js";

/*
 * One HTTP POST of a webhook, guarded: the URL is checked (scheme, credentials, a literal
 * address) and the connection resolves its host through `guardedLookup`, which refuses a
 * forbidden address at connect time. Redirects are not followed (a 3xx is a failure: following
 * one would send the signed body to a host nobody checked). Every request has a deadline, and at
 * most `maxBodyBytes` of the answer are read — a receiver cannot hold a job or fill memory.
 */

export interface SendOptions {
  guard?: GuardOptions;
  /** Whole request, connect to last byte read; default 10 s. */
  timeoutMs?: number;
  /** Bytes of the response read at most; default 64 KiB. */
  maxBodyBytes?: number;
  /** Bytes of the response body kept for the log; default 4 KiB. */
  snippetBytes?: number;
}

export interface SendResult {
  ok: boolean;
  status: number | null;
  headers: Record<string, string>;
  /** The start of the response body (text). */
  body: string;
  error: string | null;
  durationMs: number;
}

const USER_AGENT = "crm-webhooks/1 (+https://www.standardwebhooks.com/)";

export async function sendWebhook(
  rawUrl: string,
  headers: Record<string, string>,
  body: string,
  o: SendOptions = {},
): Promise<SendResult> {
  const started = performance.now();
  const done = (r: Omit<SendResult, "durationMs">): SendResult => ({
    ...r,
    durationMs: Math.round(performance.now() - started),
  });
  let url: URL;
  try {
    url = await checkWebhookUrl(rawUrl, o.guard);
  } catch (err) {
    return done({ ok: false, status: null, headers: {}, body: "", error: (err as Error).message });
  }
  const timeoutMs = o.timeoutMs ?? 10_000;
  const maxBody = o.maxBodyBytes ?? 65_536;
  const snippet = o.snippetBytes ?? 4096;
  const payload = Buffer.from(body);
  return new Promise<SendResult>((resolve) => {
    let settled = false;
    const finish = (r: Omit<SendResult, "durationMs">) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve(done(r));
    };
    const req = (url.protocol === "https:" ? https : http).request(url, {
      method: "POST",
      headers: { ...headers, "user-agent": USER_AGENT, "content-length": String(payload.length) },
      lookup: guardedLookup(o.guard),
      agent: false,
    });
    const deadline = setTimeout(
      () => req.destroy(new Error(`no complete answer within ${Math.round(timeoutMs / 1000)} s`)),
      timeoutMs,
    );
    req.on("error", (err) =>
      finish({ ok: false, status: null, headers: {}, body: "", error: err.message || String(err) }),
    );
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      let read = 0;
      const answer = () => {
        const status = res.statusCode ?? 0;
        const text = Buffer.concat(chunks).subarray(0, snippet).toString("utf8");
        const hs: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers))
          if (v !== undefined) hs[k] = Array.isArray(v) ? v.join(", ") : v;
        const ok = status >= 200 && status < 300;
        finish({
          ok,
          status,
          headers: hs,
          body: text,
          error: ok
            ? null
            : status >= 300 && status < 400
              ? `answered ${status} (redirects are not followed)`
              : `answered ${status}`,
        });
      };
      res.on("data", (chunk: Buffer) => {
        if (read >= maxBody) return;
        chunks.push(chunk);
        read += chunk.length;
        if (read >= maxBody) {
          // Enough: the status is what counts; stop reading and drop the connection.
          answer();
          res.destroy();
        }
      });
      res.on("end", answer);
      res.on("error", (err) =>
        finish({ ok: false, status: res.statusCode ?? null, headers: {}, body: "", error: err.message }),
      );
    });
    req.end(payload);
  });
}
