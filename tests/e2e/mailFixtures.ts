import { type SmtpSink, smtpSink } from "@crm/peer/mail/testing";
import { freePort, ServerProcess } from "../support/serverProcess.js";
import { test as base } from "./fixtures.js";

/*
 * Fixtures for specs about mail: the server with its inbound SMTP listener on a free port of
 * 127.0.0.1 (support address `<workspace>@support.test`), and — for specs that read what the CRM
 * sends — an SMTP sink it delivers to.
 */

export const DOMAIN = "support.test";

const inboundEnv = (smtpPort: number) => ({
  INBOUND_SMTP_PORT: String(smtpPort),
  INBOUND_SMTP_HOST: "127.0.0.1",
  INBOUND_DOMAIN: DOMAIN,
});

/** The server listens for mail at `smtpPort`. */
export const inboundTest = base.extend<{ smtpPort: number }>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads the fixtures a function destructures
  smtpPort: async ({}, use) => use(await freePort()),
  server: async ({ smtpPort }, use) => {
    const server = await ServerProcess.start({ env: inboundEnv(smtpPort) });
    await use(server);
    await server.dispose();
  },
});

/** As `inboundTest`, and what the server sends arrives at `sink`. */
export const mailTest = inboundTest.extend<{ sink: SmtpSink }>({
  // biome-ignore lint/correctness/noEmptyPattern: as above
  sink: async ({}, use) => {
    const sink = await smtpSink();
    await use(sink);
    await sink.close();
  },
  server: async ({ smtpPort, sink }, use) => {
    const server = await ServerProcess.start({
      env: { ...inboundEnv(smtpPort), SMTP_URL: sink.url, MAIL_FROM: "Acme Help <crm@example.test>" },
    });
    await use(server);
    await server.dispose();
  },
});
