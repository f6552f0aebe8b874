import { serveFromEnv } from "./serve.js";

serveFromEnv().catch((err: unknown) => {
  console.error(JSON.stringify({ msg: "failed to start", level: "error", error: String(err) }));
  process.exit(1);
});
