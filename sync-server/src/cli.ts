import { resolve } from "node:path";
import { BackupError, backupDatabase, restoreDatabase } from "./backup.js";
import { serveFromEnv } from "./serve.js";

const HELP = `Usage: crm-server <command>

Commands:
  serve                    Start the sync server (HTTP, WebSockets, the built web app).
                           GET /healthz (alive), /readyz (ready: 200, or 503 with a reason),
                           /metrics (Prometheus text).
  backup <file>            Write a consistent copy of DATA_DIR/crm.sqlite to <file>, also while
                           a server is running and writing. Prints one JSON line (file, bytes,
                           documents, updates).
  restore [--force] <file> Replace DATA_DIR/crm.sqlite by the backup <file> after checking it is a
                           crm-server database. Refuses while a server runs on DATA_DIR (its
                           DATA_DIR/crm-server.pid names a live process); --force skips that
                           check, only for a stale pid now used by another program. The replaced
                           database is kept as DATA_DIR/crm.sqlite.before-restore-<timestamp>.
  help                     Show this help.

Environment:
  PORT               8787       HTTP and WebSocket port (serve)
  HOST               127.0.0.1  address to listen on; 0.0.0.0 for other machines (serve)
  DATA_DIR           ./data     where crm.sqlite and crm-server.pid live (serve, backup, restore)
  STATIC_DIR         web/dist   the built web app (serve)
  ROOM_IDLE_MS       30000      unload a document this long after its last client left (serve)
  MAX_FRAME_BYTES    16777216   larger WebSocket frames close the connection with 4413 (serve)
  METRICS            on         off (0/false/no) removes GET /metrics (serve)
  SHUTDOWN_DELAY_MS  0          on SIGTERM, answer /readyz 503 this long before closing (serve)
  LOG_LEVEL          info       info, warn or error: the least severe JSON log line written (serve)

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
  process.stderr.write(`crm-server: unknown command ${JSON.stringify(command)}\n\n${HELP}`);
  return 2;
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
