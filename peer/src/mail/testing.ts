import type { AddressInfo } from "node:net";
import { SMTPServer, type SMTPServerSession } from "smtp-server";

/*
 * A real SMTP server on 127.0.0.1 for tests (the `smtp-server` package): collects what it
 * accepts and can answer a MAIL FROM or RCPT TO with an error code (a 454 throttle, a 550).
 */

export interface SinkMessage {
  from: string;
  to: string[];
  raw: string;
}

export interface SmtpSink {
  port: number;
  url: string;
  messages: SinkMessage[];
  /** MAIL FROM commands seen (accepted or not). */
  mailCommands: number;
  close(): Promise<void>;
}

export interface SinkOptions {
  /** An error code to answer the n-th MAIL FROM with (1-based), or undefined to accept. */
  onMail?(n: number): number | undefined;
  /** An error code to answer RCPT TO with, or undefined to accept. */
  onRcpt?(address: string): number | undefined;
  /** Wait this long between storing a message and answering 250 (a crash test's window). */
  answerDelayMs?: number;
}

function smtpError(code: number): Error {
  const text =
    code === 454 ? "4.7.0 Throttling: try again later" : code >= 500 ? "5.1.1 Mailbox unavailable" : "Try again";
  return Object.assign(new Error(text), { responseCode: code });
}

export async function smtpSink(o: SinkOptions = {}): Promise<SmtpSink> {
  const sink = { messages: [] as SinkMessage[], mailCommands: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onMailFrom(_address, _session, callback) {
      const code = o.onMail?.(++sink.mailCommands);
      callback(code ? smtpError(code) : undefined);
    },
    onRcptTo(address, _session, callback) {
      const code = o.onRcpt?.(address.address);
      callback(code ? smtpError(code) : undefined);
    },
    onData(stream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        sink.messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
        });
        if (o.answerDelayMs) setTimeout(() => callback(), o.answerDelayMs);
        else callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return Object.assign(sink, {
    port,
    url: `smtp://127.0.0.1:${port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  });
}

/** The value of a header in a raw message (unfolded), or undefined. */
export function headerOf(raw: string, name: string): string | undefined {
  const head = raw.slice(0, raw.search(/\r?\n\r?\n/));
  const unfolded = head.replace(/\r?\n[ \t]+/g, " ");
  const line = unfolded.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line?.slice(name.length + 1).trim();
}
