import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dkimVerify } from "mailauth/lib/dkim/verify.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, boot, DOMAIN, list, messagesOf, type Rec, send, shutdown, waitUntil, world } from "../inbound/testing.js";
import { dkimTxtValue, mailConfigFromEnv } from "../mail/config.js";
import { headerOf, type SmtpSink, smtpSink } from "../mail/testing.js";
import { replySubject, textToHtml, threading } from "./compose.js";

/*
 * An agent's reply, end to end over real SMTP: the customer's mail arrives at the inbound
 * listener, the agent answers through `/api/v1/cases/{id}/replies`, the sink receives the reply
 * (threaded, from the support address, DKIM verified by mailauth), and the customer's answer to
 * that message lands in the same case.
 */

let sink: SmtpSink;
let txt: string;
const resolver = async (name: string, type: string) => {
  if (type === "TXT" && name === "sel._domainkey.example.test") return [[txt]];
  throw Object.assign(new Error(`no ${type} record for ${name}`), { code: "ENOTFOUND" });
};

beforeAll(async () => {
  sink = await smtpSink();
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  txt = dkimTxtValue(pem);
  const keyDir = mkdtempSync(join(tmpdir(), "reply-dkim-"));
  const keyFile = join(keyDir, "dkim.pem");
  writeFileSync(keyFile, pem);
  await boot(
    {},
    mailConfigFromEnv({
      SMTP_URL: sink.url,
      MAIL_FROM: "Acme Help <crm@example.test>",
      MAIL_RATE_PER_SEC: "1000",
      DKIM_DOMAIN: "example.test",
      DKIM_SELECTOR: "sel",
      DKIM_PRIVATE_KEY_FILE: keyFile,
    }),
  );
}, 60_000);
afterAll(async () => {
  await shutdown();
  await sink?.close();
});

async function caseOf(subject: string): Promise<Rec> {
  let found: Rec | undefined;
  await waitUntil(async () => {
    found = (await list("cases")).find((c) => c.subject === subject);
    return !!found;
  }, 20_000);
  return found!;
}

/** `role` mints a token for the call; Idempotency-Keys are per caller, so a retry passes its token. */
function reply(
  caseId: string,
  body: unknown,
  role: "owner" | "viewer" | "editor" | { token: string } = "owner",
  key?: string,
) {
  return fetch(`${world.server.url}/api/v1/cases/${caseId}/replies`, {
    method: "POST",
    headers: {
      Authorization: `Bearer ${typeof role === "string" ? world.token(role) : role.token}`,
      "Content-Type": "application/json",
      ...(key ? { "Idempotency-Key": key } : {}),
    },
    body: JSON.stringify(body),
  });
}

describe("replies by email", () => {
  it("sends the reply threaded and DKIM-signed from the support address; the customer's answer joins the case", async () => {
    await send({
      from: "Carol Customer <carol@customer.test>",
      subject: "Printer jam",
      text: "The printer jams on page 2.",
      messageId: "<carol-1@customer.test>",
    });
    const theCase = await caseOf("Printer jam");
    expect(theCase.status).toBe("new");
    expect(theCase.firstResponseAt).toBeNull();

    const res = await reply(theCase.id, { text: "Hello Carol,\n\nOpen tray 2 & pull <gently>." }, "editor");
    expect(res.status).toBe(201);
    const body = (await res.json()) as { entry: Rec; mail: Rec };
    expect(body.mail).toMatchObject({ to: "carol@customer.test", outbox: false });

    await waitUntil(() => sink.messages.length === 1, 20_000);
    const raw = sink.messages[0]!.raw;
    expect(sink.messages[0]!.to).toEqual(["carol@customer.test"]);
    expect(headerOf(raw, "From")).toBe(`Acme Help <${world.workspace}@${DOMAIN}>`);
    expect(headerOf(raw, "In-Reply-To")).toBe("<carol-1@customer.test>");
    expect(headerOf(raw, "References")).toBe("<carol-1@customer.test>");
    expect(headerOf(raw, "Subject")).toBe(`Re: Printer jam [#CASE-${theCase.id}]`);
    const ourId = headerOf(raw, "Message-ID")!;
    expect(ourId).toBe(body.mail.messageId);
    const dkim = await dkimVerify(raw, { resolver });
    expect(dkim.results[0]!.status.result).toBe("pass");

    // The entry carries the Message-ID and the agent; the SLA's first response is set.
    const entries = await messagesOf(theCase.id);
    const out = entries.find((e) => e.direction === "outbound")!;
    expect(out).toMatchObject({
      messageId: ourId,
      fromAddress: `${world.workspace}@${DOMAIN}`,
      to: "carol@customer.test",
    });
    expect(out.author).toMatch(/^token:/);
    expect(out.html).toBe("<p>Hello Carol,</p>\n<p>Open tray 2 &amp; pull &lt;gently&gt;.</p>");
    const answered = (await api("GET", `/cases/${theCase.id}`)).body as Rec;
    expect(answered.firstResponseAt).toBe(out.sentAt);
    expect(answered.status).toBe("pending");

    // The customer answers THAT message (no token in the subject: the headers thread it).
    await send({
      from: "carol@customer.test",
      subject: "Still jammed",
      text: "Tried it, still jams.",
      messageId: "<carol-2@customer.test>",
      inReplyTo: ourId,
      references: ["<carol-1@customer.test>", ourId],
    });
    await waitUntil(async () => (await messagesOf(theCase.id)).length === 3, 20_000);
    expect((await list("cases")).filter((c) => c.subject === "Still jammed")).toHaveLength(0);
    const after = (await api("GET", `/cases/${theCase.id}`)).body as Rec;
    expect(after.status).toBe("open");
    expect(after.firstResponseAt).toBe(out.sentAt);

    // A second reply answers the latest customer message and lists the whole thread.
    expect((await reply(theCase.id, { text: "Sending a technician." })).status).toBe(201);
    await waitUntil(() => sink.messages.length === 2, 20_000);
    const second = sink.messages[1]!.raw;
    expect(headerOf(second, "In-Reply-To")).toBe("<carol-2@customer.test>");
    expect(headerOf(second, "References")).toBe(`<carol-1@customer.test> ${ourId} <carol-2@customer.test>`);
  }, 60_000);

  it("refuses a viewer (403), an empty reply (422) and sends once per Idempotency-Key", async () => {
    await send({ from: "dan@customer.test", subject: "Invoice copy", text: "Please resend." });
    const theCase = await caseOf("Invoice copy");
    expect((await reply(theCase.id, { text: "No." }, "viewer")).status).toBe(403);
    expect((await reply(theCase.id, { text: "  " })).status).toBe(422);
    expect((await reply("zz-missing-1", { text: "Hi" })).status).toBe(404);
    const before = sink.messages.length;
    const agent = { token: world.token("editor") };
    const first = await reply(theCase.id, { text: "Attached." }, agent, "k-1");
    const again = await reply(theCase.id, { text: "Attached." }, agent, "k-1");
    expect([first.status, again.status]).toEqual([201, 200]);
    const [a, b] = [(await first.json()) as Rec, (await again.json()) as Rec];
    expect(b.entry.id).toBe(a.entry.id);
    await waitUntil(() => sink.messages.length === before + 1, 20_000);
    expect((await messagesOf(theCase.id)).filter((e) => e.direction === "outbound")).toHaveLength(1);
    expect(sink.messages.filter((m) => m.to.includes("dan@customer.test"))).toHaveLength(1);
  }, 60_000);
});

describe("compose", () => {
  it("threads on the latest inbound message and addresses the contact, else the first sender", () => {
    const e = (direction: "inbound" | "outbound" | "note", messageId: string, sentAt: number, fromAddress = "") => ({
      direction,
      messageId,
      sentAt,
      fromAddress,
    });
    const t = threading(
      [e("inbound", "<b>", 3, "x@y"), e("note", "", 2), e("inbound", "<a>", 1, "first@y"), e("outbound", "<o>", 2)],
      undefined,
    );
    expect(t).toEqual({ to: "first@y", inReplyTo: "<b>", references: ["<a>", "<o>", "<b>"] });
    expect(threading([e("inbound", "<a>", 1, "first@y")], "contact@y").to).toBe("contact@y");
    expect(replySubject("Re: Help [#CASE-ab1]", "ab1")).toBe("Re: Help [#CASE-ab1]");
    expect(replySubject("Help", "ab1")).toBe("Re: Help [#CASE-ab1]");
    expect(textToHtml('a "b"\nc\n\n\nd')).toBe("<p>a &quot;b&quot;<br>c</p>\n<p>d</p>");
  });
});
