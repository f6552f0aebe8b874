import { connect } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { api, boot, DOMAIN, list, messagesOf, refusal, send, shutdown, waitUntil, world } from "./testing.js";

/*
 * Inbound mail through the whole server with the SMTP listener on (testing.ts): a real SMTP
 * client on 127.0.0.1, records read back through `/api/v1`.
 */

describe("inbound mail over SMTP", () => {
  beforeEach(() => boot());
  afterEach(shutdown);

  it("opens a case for a new thread, with the sender as a new contact at the account of their domain", async () => {
    const account = (await api("POST", "/accounts", { name: "Globex", website: "https://www.globex.example" })).body;
    const info = await send({
      from: '"Hank Scorpio" <hank@globex.example>',
      subject: "Printer on fire",
      text: "It is on fire.\nPlease help.",
      messageId: "<first@globex.example>",
    });
    expect(info.accepted).toEqual([`${world.workspace}@${DOMAIN}`]);
    await waitUntil(async () => (await list("cases")).length === 1, 15_000);
    const [c] = await list("cases");
    expect(c).toMatchObject({ subject: "Printer on fire", channel: "email", status: "new", accountId: account.id });
    const contact = (await api("GET", `/contacts/${c!.contactId}`)).body;
    expect(contact).toMatchObject({
      firstName: "Hank",
      lastName: "Scorpio",
      email: "hank@globex.example",
      accountId: account.id,
    });
    const [m] = await messagesOf(c!.id);
    expect(m).toMatchObject({
      direction: "inbound",
      channel: "email",
      fromName: "Hank Scorpio",
      fromAddress: "hank@globex.example",
      subject: "Printer on fire",
      messageId: "<first@globex.example>",
      author: "",
    });
    expect(m!.text).toContain("It is on fire.");

    // A second new thread from the same person reuses the contact.
    await send({
      from: "hank@globex.example",
      subject: "Another thing",
      text: "x",
      messageId: "<second@globex.example>",
    });
    await waitUntil(async () => (await list("cases")).length === 2, 15_000);
    expect(await list("contacts")).toHaveLength(1);
  }, 60_000);

  it("adds a reply to its case by In-Reply-To, References or the case token, reopening a resolved case", async () => {
    await send({ from: "ann@example.org", subject: "Login broken", text: "hi", messageId: "<t1@example.org>" });
    await waitUntil(async () => (await list("cases")).length === 1, 15_000);
    const [c] = await list("cases");
    expect((await api("PATCH", `/cases/${c!.id}`, { status: "resolved" })).status).toBe(200);

    await send({
      from: "ann@example.org",
      subject: "Re: Login broken",
      text: "still",
      inReplyTo: "<t1@example.org>",
      messageId: "<t2@example.org>",
    });
    await waitUntil(async () => (await messagesOf(c!.id)).length === 2, 15_000);
    expect((await api("GET", `/cases/${c!.id}`)).body.status).toBe("open");

    await send({
      from: "ann@example.org",
      subject: "Re: Login broken",
      text: "refs only",
      references: ["<nope@elsewhere>", "<t2@example.org>"],
      messageId: "<t3@example.org>",
    });
    await waitUntil(async () => (await messagesOf(c!.id)).length === 3, 15_000);

    expect((await api("PATCH", `/cases/${c!.id}`, { status: "closed" })).status).toBe(200);
    await send({
      from: "someone@else.org",
      subject: `Fwd: about [#CASE-${c!.id}]`,
      text: "token",
      messageId: "<t4@else.org>",
    });
    await waitUntil(async () => (await messagesOf(c!.id)).length === 4, 15_000);
    expect((await api("GET", `/cases/${c!.id}`)).body.status).toBe("open");
    expect(await list("cases")).toHaveLength(1);

    // The same message delivered twice (a client that never saw our 250): still one entry.
    await send({
      from: "ann@example.org",
      subject: "Re: Login broken",
      text: "refs only",
      messageId: "<t3@example.org>",
    });
    await send({ from: "ann@example.org", subject: "marker", text: "m", messageId: "<marker@example.org>" });
    await waitUntil(async () => (await list("cases")).length === 2, 15_000);
    expect(await messagesOf(c!.id)).toHaveLength(4);
  }, 60_000);

  it("never opens a case for auto-replies, bulk mail or the null sender", async () => {
    await send({
      from: "ooo@example.org",
      subject: "Out of office",
      text: "away",
      headers: { "Auto-Submitted": "auto-replied" },
    });
    await send({ from: "news@example.org", subject: "Newsletter", text: "buy", headers: { Precedence: "bulk" } });
    await send({ from: "list@example.org", subject: "List", text: "l", headers: { Precedence: "list" } });
    await send({ from: "bot@example.org", subject: "Auto", text: "a", headers: { "X-Autoreply": "yes" } });
    await send({
      from: "mailer-daemon@example.org",
      envelope: { from: "", to: `${world.workspace}@${DOMAIN}` },
      subject: "Undelivered",
      text: "bounce",
    });
    // Auto-Submitted: no is a person's mail.
    await send({ from: "person@example.org", subject: "A person", text: "p", headers: { "Auto-Submitted": "no" } });
    const spool = () =>
      world.server.auth!.db.prepare("SELECT state, result FROM inbound_spool ORDER BY received_at, id").all() as {
        state: string;
        result: string;
      }[];
    await waitUntil(() => spool().length === 6 && !spool().some((r) => r.state === "new"), 15_000);
    const states = spool();
    expect(states.map((r) => r.state)).toEqual(["ignored", "ignored", "ignored", "ignored", "ignored", "done"]);
    expect(states.slice(0, 5).map((r) => JSON.parse(r.result).ignored)).toEqual([
      "autoSubmitted",
      "precedence",
      "precedence",
      "autoReply",
      "nullSender",
    ]);
    const cases = await list("cases");
    expect(cases.map((c) => c.subject)).toEqual(["A person"]);
  }, 60_000);

  it("refuses mail for an unknown workspace at RCPT with 550, and a message over SIZE with 552", async () => {
    expect(await refusal({ from: "a@example.org", to: `nosuchworkspace@${DOMAIN}`, subject: "x", text: "x" })).toEqual({
      code: 550,
      command: "RCPT TO",
    });
    expect(
      await refusal({ from: "a@example.org", to: `${world.workspace}@other.domain`, subject: "x", text: "x" }),
    ).toMatchObject({ code: 550 });
    // 30 MiB: nodemailer declares SIZE, the server refuses at MAIL FROM; sent raw past it, at the data.
    const big = Buffer.alloc(30 * 2 ** 20, "a");
    const refused = await refusal({
      from: "a@example.org",
      subject: "big",
      text: "see attached",
      attachments: [{ filename: "big.pdf", content: big, contentType: "application/pdf" }],
    });
    expect(refused?.code).toBe(552);
    // A client that declares nothing and sends 30 MiB anyway: refused after the data, not stored.
    expect(await rawSmtp(world.smtpPort, `${world.workspace}@${DOMAIN}`, 30 * 2 ** 20)).toMatch(/^552 /);
    expect(world.server.auth!.db.prepare("SELECT COUNT(*) FROM inbound_spool").pluck().get()).toBe(0);
  }, 60_000);

  it("stores hostile HTML sanitised: no script, handler, form, remote load or CSS url()", async () => {
    const html = `<html><head><style>body{background:url(https://canary.test/css)}</style></head><body>
      <p onclick="alert(1)" style="color:red; background-image:url('https://canary.test/bg')">Hello</p>
      <script>alert('x')</script><img src="https://canary.test/pixel.gif" onerror="alert(2)">
      <form action="https://canary.test/steal"><input name="password"><button>Send</button></form>
      <a href="javascript:alert(3)">click</a><iframe src="https://canary.test/frame"></iframe>
      <svg onload="alert(4)"></svg><div style="background: url(https://canary.test/div)">div</div></body></html>`;
    await send({ from: "evil@example.org", subject: "Hostile", html, text: "Hello" });
    await waitUntil(async () => (await list("caseMessages")).length === 1, 15_000);
    const [m] = await list("caseMessages");
    const stored = m!.html as string;
    expect(stored).toContain("Hello");
    expect(stored).toContain('data-remote-src="https://canary.test/pixel.gif"');
    for (const bad of [
      "<script",
      "onclick",
      "onerror",
      "onload",
      "<form",
      "<input",
      "<iframe",
      "javascript:",
      "url(",
      "<style",
      ' src="https://',
    ])
      expect(stored, bad).not.toContain(bad);
  }, 60_000);
});

describe("inbound rate limit", () => {
  beforeEach(() => boot({ rateLimit: 3 }));
  afterEach(shutdown);

  it("answers a sender over the limit with a temporary failure (4xx) and keeps nothing of it", async () => {
    for (let i = 0; i < 3; i++)
      expect(await refusal({ from: "flood@example.org", subject: `n${i}`, text: "x" })).toBeNull();
    const over = await refusal({ from: "flood@example.org", subject: "n4", text: "x" });
    expect(over?.code).toBe(451);
    // Another sender is not affected.
    expect(await refusal({ from: "calm@example.org", subject: "fine", text: "x" })).toBeNull();
    await waitUntil(async () => (await list("cases")).length === 4, 15_000);
  }, 60_000);
});

/** A raw SMTP session (no SIZE declared) sending `bytes` of body; resolves with the reply to the data. */
function rawSmtp(port: number, to: string, bytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    const steps = ["EHLO client.test", "MAIL FROM:<raw@example.org>", `RCPT TO:<${to}>`, "DATA"];
    let buffer = "";
    let sentData = false;
    socket.on("error", reject);
    socket.on("data", (d) => {
      buffer += d.toString();
      const lines = buffer.split("\r\n");
      buffer = lines.pop() ?? "";
      for (const line of lines) {
        if (/^\d{3}-/.test(line)) continue; // a multi-line reply's first lines
        if (sentData) {
          socket.end("QUIT\r\n");
          return resolve(line);
        }
        if (line.startsWith("354")) {
          sentData = true;
          const chunk = Buffer.alloc(1024 * 1024, "a");
          socket.write("Subject: big\r\n\r\n");
          for (let sent = 0; sent < bytes; sent += chunk.length) socket.write(chunk);
          socket.write("\r\n.\r\n");
          continue;
        }
        if (!/^2\d\d /.test(line)) return reject(new Error(`unexpected reply ${line}`));
        const next = steps.shift();
        if (next) socket.write(`${next}\r\n`);
      }
    });
  });
}
