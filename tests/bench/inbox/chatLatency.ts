import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { settingsDocName, writeSettings } from "@crm/schema";
import { createServer } from "../../../sync-server/src/app.js";
import { MuxClient } from "../../../sync-server/src/testing/clients.js";
import type { BenchRow, ChatBenchContext } from "./inbox.bench.js";

/*
 * Chat message latency, agent ↔ visitor (issue 13's benchmark: p50 ≤ 50 ms). A real server with
 * the peer in-process; a visitor starts a chat from an allowed origin and both sides follow their
 * event streams (SSE) the way the widget and the app do. One sample is the time from a side's
 * POST until the other side's stream delivers the message — stored through the peer, acknowledged
 * by the sync server, pushed. `npm run bench:inbox` calls `measureChatLatency` (wired by the
 * inbox bench); `npx tsx tests/bench/inbox/chatLatency.ts [rounds]` runs it alone.
 */

export interface ChatLatency {
  rounds: number;
  agentToVisitor: { p50: number; p95: number };
  visitorToAgent: { p50: number; p95: number };
  p50: number;
}

const ORIGIN = "https://shop.bench.example";

type Waiter = { text: string; resolve(at: number): void };

/** Reads an SSE response, calling `onMessage` with each `message` event's text. */
async function follow(res: Response, onMessage: (text: string, at: number) => void): Promise<void> {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read().catch(() => ({ value: "", done: true }));
    if (done) return;
    buffer += value;
    let end = buffer.indexOf("\n\n");
    while (end >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      end = buffer.indexOf("\n\n");
      if (!block.includes("event: message")) continue;
      const data = block
        .split("\n")
        .find((l) => l.startsWith("data:"))
        ?.slice(5);
      if (data) onMessage((JSON.parse(data) as { message: { text: string } }).message.text, performance.now());
    }
  }
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor(q * s.length))]! * 10) / 10;
};

export async function measureChatLatency(options: { rounds?: number } = {}): Promise<ChatLatency> {
  const rounds = options.rounds ?? 100;
  const dir = mkdtempSync(join(tmpdir(), "crm-chat-bench-"));
  const server = await createServer({
    port: 0,
    host: "127.0.0.1",
    dataDir: join(dir, "data"),
    peer: { enabled: true, runJobs: true, chatLimits: { messagesPerMinute: 100_000 } },
  });
  const stop = new AbortController();
  try {
    const store = server.auth!;
    const owner = store.createUser({ email: "agent@bench.example", name: "Agent", passwordHash: "x" });
    const workspace = store.createWorkspace("Bench", owner.id).id;
    const cookie = `crm_session=${store.createSession(owner.id, 3_600_000).secret}`;
    const token = store.mintToken({ workspaceId: workspace, role: "owner", name: "bench", createdBy: owner.id }).token;

    const client = await MuxClient.open(`${server.wsUrl}?token=${token}`);
    const name = settingsDocName(workspace);
    const doc = client.subscribe(name);
    await client.waitSynced(name);
    if (!writeSettings(doc, { chat: { widgetOrigins: [ORIGIN] } }).ok) throw new Error("settings refused");
    await client.waitPersisted(name);
    await client.close();

    const chat = `${server.url}/api/chat`;
    const visitorHeaders = { Origin: ORIGIN, "Content-Type": "application/json" };
    let started: Response | undefined;
    // The server's peer sees the new settings shortly after they are stored.
    for (let i = 0; i < 200 && started?.status !== 201; i++) {
      started = await fetch(`${chat}/w/${workspace}/chats`, {
        method: "POST",
        headers: visitorHeaders,
        body: JSON.stringify({ name: "Vera", email: "vera@bench.example", text: "Hello" }),
      });
      if (started.status !== 201) await new Promise((r) => setTimeout(r, 50));
    }
    if (started?.status !== 201) throw new Error(`the chat did not start: ${started?.status}`);
    const { token: visitorToken, caseId } = (await started.json()) as { token: string; caseId: string };

    const waiting = { visitor: [] as Waiter[], agent: [] as Waiter[] };
    const deliver = (side: keyof typeof waiting) => (text: string, at: number) => {
      const i = waiting[side].findIndex((w) => w.text === text);
      if (i >= 0) waiting[side].splice(i, 1)[0]!.resolve(at);
    };
    const visitorStream = await fetch(`${chat}/conversation/events?token=${visitorToken}`, {
      headers: { Origin: ORIGIN },
      signal: stop.signal,
    });
    void follow(visitorStream, deliver("visitor"));
    const agentHeaders = { Cookie: cookie, "CRM-Workspace": workspace, "Content-Type": "application/json" };
    const agentStream = await fetch(`${chat}/agent/cases/${caseId}/events`, {
      headers: agentHeaders,
      signal: stop.signal,
    });
    void follow(agentStream, deliver("agent"));

    const once = async (from: "visitor" | "agent", text: string): Promise<number> => {
      const to = from === "agent" ? "visitor" : "agent";
      const arrived = new Promise<number>((resolve) => waiting[to].push({ text, resolve }));
      const t0 = performance.now();
      const res =
        from === "agent"
          ? await fetch(`${chat}/agent/cases/${caseId}/messages`, {
              method: "POST",
              headers: agentHeaders,
              body: JSON.stringify({ text }),
            })
          : await fetch(`${chat}/conversation/messages`, {
              method: "POST",
              headers: { ...visitorHeaders, Authorization: `Bearer ${visitorToken}` },
              body: JSON.stringify({ text }),
            });
      if (res.status !== 201) throw new Error(`${from} message refused: ${res.status}`);
      return (await arrived) - t0;
    };
    const a2v: number[] = [];
    const v2a: number[] = [];
    // A few rounds to warm up (the first writes decode and index the shards) are not counted.
    for (let i = -5; i < rounds; i++) {
      const a = await once("agent", `agent ${i}`);
      const v = await once("visitor", `visitor ${i}`);
      if (i >= 0) {
        a2v.push(a);
        v2a.push(v);
      }
    }
    return {
      rounds,
      agentToVisitor: { p50: quantile(a2v, 0.5), p95: quantile(a2v, 0.95) },
      visitorToAgent: { p50: quantile(v2a, 0.5), p95: quantile(v2a, 0.95) },
      p50: quantile([...a2v, ...v2a], 0.5),
    };
  } finally {
    stop.abort();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The rows `npm run bench:inbox` prints (its own server: the inbox run's is loaded with mail). */
export async function measureChat(_ctx: ChatBenchContext): Promise<BenchRow[]> {
  const r = await measureChatLatency({ rounds: Number(process.env.BENCH_CHAT_ROUNDS ?? 100) });
  return [
    { name: "chat message agent ↔ visitor", n: r.rounds * 2, p50: r.p50, unit: "ms", target: "p50 ≤ 50 ms" },
    {
      name: "  agent → visitor",
      n: r.rounds,
      p50: r.agentToVisitor.p50,
      unit: "ms",
      note: `p95 ${r.agentToVisitor.p95} ms`,
    },
    {
      name: "  visitor → agent",
      n: r.rounds,
      p50: r.visitorToAgent.p50,
      unit: "ms",
      note: `p95 ${r.visitorToAgent.p95} ms`,
    },
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await measureChatLatency({ rounds: Number(process.argv[2] ?? 100) });
  console.log(JSON.stringify(result, null, 2));
  process.exit(0);
}
