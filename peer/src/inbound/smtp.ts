import type { AddressInfo } from "node:net";
import { SMTPServer, type SMTPServerAddress, type SMTPServerDataStream, type SMTPServerSession } from "smtp-server";
import type { Logger } from "../logger.js";
import { loggingTokenOf } from "./logging.js";
import { type InboundSettings, supportAddress, workspaceOfAddress } from "./settings.js";
import type { InboundSpool } from "./spool.js";

/*
 * The built-in SMTP listener (smtp-server). Runs only in the process holding the jobs lease (the
 * server with PEER_JOBS on, or `crm-server worker`): sync-server/src/peerHost.ts starts it beside
 * the peers. What it decides at SMTP time, so a refused message never costs a byte of storage:
 *
 * - RCPT to anything but `<existing workspace>@INBOUND_DOMAIN` or an active member's logging
 *   address `log+<token>@INBOUND_DOMAIN`: 550 (no relaying, no guessing). One kind per message.
 * - More than `rateLimit` messages from one envelope sender in `rateWindowMs` (counted in the
 *   spool, so a restart does not reset it): 451, a temporary failure the sender retries later.
 * - SIZE is announced; a larger message is refused with 552 (smtp-server checks the MAIL FROM
 *   SIZE= parameter and the bytes actually sent; the data is not kept past the limit).
 *
 * An accepted message is stored in the spool (shared database, synchronous=FULL) BEFORE the 250
 * goes out; a crash after that loses nothing: the jobs-running peer finds the row. Loops (auto
 * replies, bulk, the null sender) are accepted and dropped by the job, not refused: refusing an
 * auto-reply would make its sender bounce to us.
 */

export interface InboundListenerOptions {
  settings: InboundSettings & { port: number };
  spool: InboundSpool;
  workspaceExists(workspace: string): boolean;
  /**
   * The workspace of a member's logging address (`log+<token>@domain`) that is active and whose
   * member is still in it; undefined for an unknown or revoked one (refused at RCPT like any).
   */
  loggingWorkspace?(address: string): string | undefined;
  logger: Logger;
}

export interface InboundListener {
  port: number;
  close(): Promise<void>;
}

function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

export async function startInboundListener(o: InboundListenerOptions): Promise<InboundListener> {
  const { settings, spool, logger } = o;
  const isLogging = (address: string) => loggingTokenOf(address, settings.domain) !== undefined;
  const recipientWorkspace = (address: string) =>
    isLogging(address) ? o.loggingWorkspace?.(address) : workspaceOfAddress(address, settings.domain);
  const server = new SMTPServer({
    name: settings.domain,
    banner: "CRM inbound mail",
    size: settings.maxBytes,
    authOptional: true,
    // No certificates are configured for this listener; put a TLS-terminating MTA in front of it
    // for mail from the internet.
    disabledCommands: ["AUTH", "STARTTLS"],
    logger: false,
    maxClients: 200,
    socketTimeout: 60_000,
    closeTimeout: 2_000,
    onMailFrom(address: SMTPServerAddress, _session: SMTPServerSession, callback: (err?: Error | null) => void) {
      const sender = address.address.toLowerCase();
      const since = Date.now() - settings.rateWindowMs;
      if (spool.countFrom(sender, since) >= settings.rateLimit)
        return callback(smtpError(451, "4.7.1 Too many messages from this sender, try again later"));
      callback();
    },
    onRcptTo(address: SMTPServerAddress, session: SMTPServerSession, callback: (err?: Error | null) => void) {
      const ws = recipientWorkspace(address.address);
      if (!ws || !o.workspaceExists(ws)) return callback(smtpError(550, "5.1.1 No such mailbox here"));
      const first = session.envelope.rcptTo[0];
      // One spool row belongs to one workspace and is either support mail or logged mail: another
      // workspace, or the other kind, in the same transaction is asked to come again in its own.
      if (
        first &&
        (recipientWorkspace(first.address) !== ws || isLogging(first.address) !== isLogging(address.address))
      )
        return callback(smtpError(452, "4.5.3 One workspace per message, send again for this recipient"));
      callback();
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (err?: Error | null) => void) {
      const chunks: Buffer[] = [];
      let bytes = 0;
      stream.on("data", (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes <= settings.maxBytes) chunks.push(chunk);
      });
      stream.on("error", (err) => callback(err));
      stream.on("end", () => {
        if (stream.sizeExceeded) return callback(smtpError(552, "5.3.4 Message too big"));
        const rcpt = session.envelope.rcptTo.map((r) => r.address);
        const ws = recipientWorkspace(rcpt[0] ?? "");
        if (!ws) return callback(smtpError(554, "5.5.1 No valid recipients"));
        const mailFrom = session.envelope.mailFrom;
        try {
          spool.add({
            workspace: ws,
            sender: mailFrom ? mailFrom.address : "",
            recipients: rcpt,
            raw: Buffer.concat(chunks),
            source: "smtp",
          });
        } catch (err) {
          logger.error("inbound: could not store a message", { error: String(err), workspace: ws });
          return callback(smtpError(451, "4.3.0 Could not store the message, try again later"));
        }
        callback();
      });
    },
  });
  server.on("error", (err) => logger.error("inbound smtp error", { error: String(err) }));
  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(settings.port, settings.host, () => {
      server.server.off("error", reject);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;
  logger.info("inbound smtp listening", {
    port,
    host: settings.host,
    address: supportAddress("<workspace>", settings.domain),
  });
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
