import { register } from "node:module";

/*
 * `node --import tsx --import ./tests/support/nextProtocol.mjs …`: the process runs as the next
 * release would — its @crm/protocol one version newer and no longer speaking this one
 * (nextProtocolVersion.ts stands in for protocol/src/version.ts). For the test of what an
 * installed copy of the app does when it meets a newer server, without a test-only setting in the
 * server itself.
 */
register("./nextProtocolHooks.mjs", import.meta.url);
