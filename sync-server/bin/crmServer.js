#!/usr/bin/env node
// Runs src/cli.ts in this process through tsx's loader (Node 20 cannot run .ts by itself).
// In-process rather than spawning `tsx`, so signals reach the server directly.
import { register } from "tsx/esm/api";

register();
await import("../src/cli.ts");
