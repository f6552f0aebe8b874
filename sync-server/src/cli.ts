import { resolve } from "node:path";
import { adminCommand } from "./auth/cli.js";
import { BackupError, backupDatabase, restoreDatabase } from "./backup.js";
import { DemoSeedError, seedDemo } from "./demoSeed.js";
import { serveFromEnv } from "./serve.js";
import { WorkerRefused, workerFromEnv } from "./worker.js";

const HELP = `Usage: crm-server <command>

Commands:
  serve                    Start the sync server (HTTP, WebSockets, the built web app).
                           GET /healthz (alive), /readyz (ready: 200, or 503 with a reason),
                           /metrics (Prometheus text).
  worker                   Run the automation peers' jobs (rules, webhook deliveries,
                           notifications) as their own process, beside a server started with
                           PEER_JOBS=off on the same DATA_DIR; connects to it at SYNC_URL.
                           Refuses to start while another live process runs the jobs (the
                           server with PEER_JOBS on, or another worker). SIGTERM stops it.
  backup <file>            Write a consistent copy of DATA_DIR/crm.sqlite to <file>, also while
                           a server is running and writing. Prints one JSON line (file, bytes,
                           documents, updates).
  restore [--force] <file> Replace DATA_DIR/crm.sqlite by the backup <file> after checking it is a
                           crm-server database. Refuses while a server runs on DATA_DIR (its
                           DATA_DIR/crm-server.pid names a live process); --force skips that
                           check, only for a stale pid now used by another program. The replaced
                           database is kept as DATA_DIR/crm.sqlite.before-restore-<timestamp>.
  create-admin --email <e> --name <n> [--workspace <name>]
                           Create a person who owns a new workspace (the first admin). The
                           password is read from stdin (prompted on a terminal). Prints JSON.
  token --workspace <id> --role <role> [--expires <n>h|d|m] [--name <text>]
                           Mint a service token for scripts, bots and stock y-websocket
                           providers (?token=...). Prints the token once; roles: owner, admin,
                           editor, support, viewer.
  token --revoke <token-id> --workspace <id>
                           Revoke a service token. A server running on DATA_DIR closes the
                           sockets using it within seconds.
  member --workspace <id> --email <e> (--role <role> | --remove)
                           Change a member's role, or remove them from the workspace (as the
                           Team page does; the last owner stays). A running server closes or
                           reconnects the person's sockets within seconds.
  workspaces               List workspaces and their members' count (JSON lines).
  demo --workspace <id> [--size demo|big] [--seed <n>] [--url <server>]
                           Write the seeded demo records (the web app's "Load demo data") into a
                           workspace through a running server, with a service token of an editor
                           or above in CRM_TOKEN (or --token). --url defaults to
                           http://127.0.0.1:$PORT. Progress on stderr; Ctrl+C stops after the
                           batch being written (what was written stays). Prints JSON.
  help                     Show this help.

Environment:
  PORT               8787       HTTP and WebSocket port (serve)
  HOST               127.0.0.1  address to listen on; 0.0.0.0 for other machines (serve)
  DATA_DIR           ./data     where crm.sqlite and crm-server.pid live (serve, backup, restore)
  STATIC_DIR         web/dist   the built web app (serve)
  ROOM_IDLE_MS       30000      unload a document this long after its last client left (serve)
  ROOM_INDEX_MAX_ROWS 2500000  rows (~200 bytes each) of record shards' struct indexes kept by all rooms (no decode for
                                updates that only continue a shard); least recently used dropped (serve)
  MAX_FRAME_BYTES    16777216   larger WebSocket frames close the connection with 4413 (serve)
  MAX_DOC_BYTES      67108864   an update growing a document beyond this closes the connection (4413)
  MAX_MESSAGES_PER_SECOND 500   per connection on average (bursts of 10 s worth); beyond: close 4029 (serve)
  MAX_BYTES_PER_SECOND 33554432 frame bytes per connection per second (bursts of 10 s); beyond: 4029
  MAX_AWARENESS_BYTES_PER_SECOND 65536
                                presence bytes per connection per second (bursts of 10 s); beyond: 4029
  MAX_DOCS_PER_CONNECTION 1000  documents open on one connection (the web app opens ~360); more are
                                refused one by one with an error naming this setting (serve)
  MAX_DOCS_PER_PRINCIPAL 4000   documents open by one person or token over all its connections
  MAX_NEW_DOCS_PER_HOUR 2000    documents one person or token may create per hour (serve)
  METRICS            on         off (0/false/no) removes GET /metrics (serve)
  SHUTDOWN_DELAY_MS  0          on SIGTERM, answer /readyz 503 this long before closing (serve)
  LOG_LEVEL          info       info, warn or error: the least severe JSON log line written (serve)
  PEER               on         off runs the sync server without the automation peer and /api/v1 (serve)
  PEER_JOBS          on         with the peer on, run the peer's jobs in this process (serve)
  PEER_DIR           DATA_DIR/peer  the peers' SQLite files, one per workspace (serve)
  API_RATE_LIMIT     600        /api/v1 requests per caller per minute (serve)
  CHAT_MESSAGES_PER_MINUTE 20   a chat visitor's messages per conversation per minute (serve)
  CHAT_STARTS_PER_HOUR 5        new chats per client address per hour (serve)
  WEBHOOK_ALLOWED_HOSTS (none)  hosts webhooks may reach although they are private or loopback
                                (comma-separated, e.g. 127.0.0.1 for tests); every other private,
                                loopback, link-local or own address is refused (SSRF) (serve, worker)
  SMTP_URL           (none)     outgoing mail: smtp://user:pass@host:587 or smtps://...:465 (pooled).
                                Without it every message stays in the outbox an admin reads in
                                Settings -> Email, marked not delivered. Mail is sent by the
                                process that runs jobs (serve, or worker)
  MAIL_FROM          CRM <crm@localhost>  the sender of invites and password resets
  MAIL_RATE_PER_SEC  50         messages per second at most; a 4xx answer pauses sending (retried)
  DKIM_DOMAIN        (none)     DKIM signing domain; with DKIM_SELECTOR and DKIM_PRIVATE_KEY_FILE
  DKIM_SELECTOR      (none)     every message is signed (key at <selector>._domainkey.<domain>)
  DKIM_PRIVATE_KEY_FILE (none)  the PEM private key (RSA or Ed25519)
  INBOUND_SMTP_PORT  (off)      SMTP port for email into cases; only the process running the jobs
                                listens (serve with PEER_JOBS on, or worker); unset: no listener
  INBOUND_SMTP_HOST  0.0.0.0    address the SMTP listener binds (serve, worker)
  INBOUND_DOMAIN     localhost  each workspace's support address is <workspace id>@INBOUND_DOMAIN;
                                mail to any other address is refused with 550 (serve, worker)
  INBOUND_MAX_MB     25         largest message (SMTP SIZE, refused with 552; POST /api/v1/inbound/mime 413)
  INBOUND_ATTACHMENT_MAX_MB 10  larger attachments are listed on the message but not kept
  INBOUND_RATE_LIMIT 20         messages one sender may send per window; more get 451 / 429
  INBOUND_RATE_WINDOW_S 600     that window, seconds
  RULES_SCAN_MS      15000      how often workflow rules' date, schedule and SLA triggers are checked (serve)
  PEER_HOT_MIB       4          decoded record shards a peer keeps in memory, MiB (serve, worker)
  SYNC_URL           http://127.0.0.1:$PORT  the server a worker connects to (worker)
  WORKER_DIR         DATA_DIR/worker  the worker's peer files, never the server's PEER_DIR (worker)
  SESSION_TTL_HOURS  720        how long a sign-in lasts (serve)
  INVITE_TTL_HOURS   168        how long an invite link can be accepted (serve)
  TRUST_PROXY        0          reverse proxies in front; >0 believes X-Forwarded-For/-Proto (serve)
  PUBLIC_URL         (listen address)
                                where people open the app, comma-separated origins
                                (https://crm.example.com); /api and WebSockets answer only to these
                                names and to localhost/127.0.0.1 (a DNS-rebinding page is refused).
                                Default: HOST:PORT, or any IP address of the machine with HOST=0.0.0.0.
                                The first is where links in mail point (invites, CSAT surveys;
                                a worker without it links to SYNC_URL)
  ALLOWED_ORIGINS    (none)     pages of other origins allowed to call /api and open WebSockets,
                                comma-separated
  COOKIE_SECURE      auto       Secure cookies: auto (when HTTPS), on, off (serve)
  LOGIN_LIMIT_PER_ACCOUNT 5     failed sign-ins per account from one client address per 15 minutes;
                                after twice as many from anywhere, the account's attempts slow down
                                (1 s, 2 s, … 1 min), except from browsers that signed in to it (serve)
  LOGIN_LIMIT_PER_IP 30         failed sign-ins per client address per 15 minutes (serve)

Options:
  -h, --help  Show this help.
`;

function fail(command: string, message: string, code = 1): number {
  process.stderr.write(`crm-server ${command}: ${message}\n`);
  return code;
}

export async function runCli(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "help" || command === "--help" || command === "-h") {
    process.stdout.write(HELP);
    return 0;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    process.stdout.write(HELP);
    return 0;
  }
  const dataDir = resolve(env.DATA_DIR || "./data");
  if (command === "serve") {
    await serveFromEnv(env);
    return -1; // keeps running until a signal
  }
  if (command === "worker") {
    if (rest.length)
      return fail("worker", `unexpected ${JSON.stringify(rest[0])} (settings are environment variables)`, 2);
    try {
      await workerFromEnv(env);
    } catch (err) {
      if (err instanceof WorkerRefused) return fail("worker", err.message);
      throw err;
    }
    return -1; // keeps running until a signal
  }
  if (command === "backup" || command === "restore") {
    const force = command === "restore" && rest.includes("--force");
    const args = rest.filter((a) => !(command === "restore" && a === "--force"));
    if (args.length !== 1 || args[0]!.startsWith("-")) {
      const usage = command === "backup" ? "backup <file>" : "restore [--force] <file>";
      return fail(command, `usage: crm-server ${usage}`, 2);
    }
    try {
      if (command === "backup") {
        const result = await backupDatabase(dataDir, args[0]!);
        process.stdout.write(`${JSON.stringify({ msg: "backup written", ...result })}\n`);
      } else {
        const result = restoreDatabase(dataDir, args[0]!, { force });
        process.stdout.write(`${JSON.stringify({ msg: "restored", ...result })}\n`);
      }
      return 0;
    } catch (err) {
      return fail(command, err instanceof BackupError ? err.message : String(err));
    }
  }
  if (command === "demo") return demoCommand(rest, env);
  if (command === "create-admin" || command === "token" || command === "member" || command === "workspaces") {
    return adminCommand(command, rest, dataDir, fail);
  }
  process.stderr.write(`crm-server: unknown command ${JSON.stringify(command)}\n\n${HELP}`);
  return 2;
}

async function demoCommand(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const flags = new Map<string, string>();
  for (let i = 0; i < args.length; i += 2) {
    const [flag, value] = [args[i]!, args[i + 1]];
    if (!["--workspace", "--size", "--seed", "--url", "--token"].includes(flag))
      return fail("demo", `unknown option ${JSON.stringify(flag)}`, 2);
    if (value === undefined || value.startsWith("--")) return fail("demo", `${flag} needs a value`, 2);
    flags.set(flag, value);
  }
  const workspace = flags.get("--workspace");
  const token = flags.get("--token") ?? env.CRM_TOKEN;
  if (!workspace) return fail("demo", "--workspace <id> is required (see `crm-server workspaces`)", 2);
  if (!token) return fail("demo", "a service token is required: CRM_TOKEN=<token> (see `crm-server token`)", 2);
  const seed = Number(flags.get("--seed") ?? 7);
  if (!Number.isSafeInteger(seed)) return fail("demo", "--seed must be a whole number", 2);
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once("SIGINT", stop);
  try {
    const result = await seedDemo({
      url: flags.get("--url") ?? `http://127.0.0.1:${env.PORT || 8787}`,
      token,
      workspace,
      size: (flags.get("--size") ?? "demo") as "demo",
      seed,
      signal: controller.signal,
      onProgress: (done, total) =>
        process.stderr.write(`\r${done.toLocaleString("en")} / ${total.toLocaleString("en")} records`),
    });
    process.stderr.write("\n");
    process.stdout.write(
      `${JSON.stringify({ msg: result.cancelled ? "demo stopped" : "demo written", workspace, ...result })}\n`,
    );
    return result.cancelled ? 130 : 0;
  } catch (err) {
    return fail("demo", err instanceof DemoSeedError ? err.message : String(err));
  } finally {
    process.off("SIGINT", stop);
  }
}

runCli(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err: unknown) => {
    console.error(JSON.stringify({ msg: "failed", level: "error", error: String(err) }));
    process.exit(1);
  },
);
