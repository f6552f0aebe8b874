import { register } from "node:module";

/*
 * `node --import tsx --import ./tests/support/next-protocol.mjs …`: the process runs as the next
 * release would — its @crm/protocol one version newer and no longer speaking this one
 * (next-protocol-version.ts stands in for protocol/src/version.ts). For the test of what an
 * installed copy of the app does when it meets a newer server, without a test-only setting in the
 * server itself.
 */
register("./next-protocol-hooks.mjs", import.meta.url);
