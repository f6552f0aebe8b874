import { serveFromEnv } from "./serve.js";

const HELP = `Usage: crm-server <command>

Commands:
  serve     Start the sync server (HTTP, WebSockets, the built web app).
            Environment: PORT (8787), HOST (127.0.0.1), DATA_DIR (./data),
            STATIC_DIR (web/dist), ROOM_IDLE_MS (30000), MAX_FRAME_BYTES (16777216).
  help      Show this help.

Options:
  -h, --help  Show this help.
`;

export async function runCli(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "help" || command === "--help" || command === "-h") {
    process.stdout.write(HELP);
    return 0;
  }
  if (command === "serve") {
    if (rest.includes("--help") || rest.includes("-h")) {
      process.stdout.write(HELP);
      return 0;
    }
    await serveFromEnv();
    return -1; // keeps running until a signal
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
