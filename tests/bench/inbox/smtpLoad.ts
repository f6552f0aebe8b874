import nodemailer from "nodemailer";
import { SMTPServer } from "smtp-server";

/*
 * The SMTP half of bench:inbox: a paced sender (nodemailer, pooled, as a provider's MTA would
 * keep a few connections open) and the reference listener (`smtp-server` alone: reads each
 * message to its end and answers 250, nothing else).
 */

export interface Sent {
  i: number;
  subject: string;
  /** When it was due to be sent, and when the 250 came back (epoch ms, sub-ms precision). */
  scheduledAt: number;
  acceptedAt: number | null;
  error?: string;
}

export const now = () => performance.timeOrigin + performance.now();

/**
 * Sends `count` messages at `rate` a second to 127.0.0.1:`port`, message i due at start + i/rate,
 * each from its own sender (the listener's per-sender limit is for loops, not for this).
 */
export async function sendPaced(opts: {
  port: number;
  to: string;
  count: number;
  rate: number;
  tag: string;
  connections?: number;
}): Promise<Sent[]> {
  const transport = nodemailer.createTransport({
    host: "127.0.0.1",
    port: opts.port,
    secure: false,
    ignoreTLS: true,
    pool: true,
    maxConnections: opts.connections ?? 8,
    maxMessages: Number.POSITIVE_INFINITY,
  });
  const start = now() + 50;
  const out: Sent[] = [];
  const pending: Promise<void>[] = [];
  for (let i = 0; i < opts.count; i++) {
    const scheduledAt = start + (i * 1000) / opts.rate;
    const wait = scheduledAt - now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const sent: Sent = { i, subject: `${opts.tag} ${String(i).padStart(5, "0")}`, scheduledAt, acceptedAt: null };
    out.push(sent);
    pending.push(
      transport
        .sendMail({
          from: `"Customer ${i}" <customer${i}@bench${i % 97}.example>`,
          to: opts.to,
          subject: sent.subject,
          text: `Message ${i} of the inbox benchmark.\nNothing is wrong; this is a test.`,
          messageId: `<${opts.tag.replace(/\W/g, "")}-${i}-${Math.round(start)}@bench.example>`,
        })
        .then(
          () => {
            sent.acceptedAt = now();
          },
          (e: Error) => {
            sent.error = e.message;
          },
        ),
    );
  }
  await Promise.all(pending);
  transport.close();
  return out;
}

/** `smtp-server` with nothing behind it: the message is read to its end, then 250. */
export async function referenceServer(): Promise<{ port: number; close(): Promise<void> }> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, _session, callback) {
      stream.on("data", () => {});
      stream.on("end", () => callback());
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.server.address() as { port: number }).port;
  return { port, close: () => new Promise<void>((r) => server.close(() => r())) };
}
