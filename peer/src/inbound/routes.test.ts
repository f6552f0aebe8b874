import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { api, boot, list, send, shutdown, waitUntil, world } from "./testing.js";

/*
 * Attachments (stored with a size limit and a type allow-list, served only as downloads to
 * members of the workspace) and the provider webhook `POST /api/v1/inbound/mime`, through the
 * whole server.
 */

beforeEach(() => boot({ attachmentMaxBytes: 2 ** 20, rateLimit: 2 }));
afterEach(shutdown);

const rawMail = (from: string, subject: string, extra = "") =>
  [
    `From: ${from}`,
    `To: ${world.workspace}@support.test`,
    `Subject: ${subject}`,
    `Message-ID: <${subject.replace(/\W/g, "")}@provider.example>`,
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    extra,
    "",
    "Sent through the provider.",
  ]
    .filter((l, i, all) => l !== "" || i === all.length - 2)
    .join("\r\n");

function postMime(body: string, role: "owner" | "admin" | "editor" = "owner") {
  return fetch(`${world.server.url}/api/v1/inbound/mime`, {
    method: "POST",
    headers: { Authorization: `Bearer ${world.token(role)}`, "Content-Type": "message/rfc822" },
    body,
  });
}

describe("attachments", () => {
  it("keeps allowed files within the limit, lists the others as refused, and serves them only as downloads", async () => {
    const pdf = Buffer.from("%PDF-1.4\n% a small pdf\n");
    await send({
      from: "cust@example.org",
      subject: "Files",
      text: "see attached",
      attachments: [
        { filename: "invoice.pdf", content: pdf, contentType: "application/pdf" },
        { filename: "tool.exe", content: Buffer.from("MZ"), contentType: "application/x-msdownload" },
        { filename: "page.html", content: "<script>alert(1)</script>", contentType: "text/html" },
        { filename: "fake.pdf.html", content: "<b>x</b>", contentType: "application/pdf" },
        { filename: "huge.pdf", content: Buffer.alloc(2 * 2 ** 20, 1), contentType: "application/pdf" },
      ],
    });
    await waitUntil(async () => (await list("caseMessages")).length === 1, 15_000);
    const [m] = await list("caseMessages");
    const atts = m!.attachments as { id: string; filename: string; refused?: string; size: number }[];
    expect(atts.map((a) => [a.filename, a.refused ?? "kept"])).toEqual([
      ["invoice.pdf", "kept"],
      ["tool.exe", "typeNotAllowed"],
      ["page.html", "typeNotAllowed"],
      ["fake.pdf.html", "typeNotAllowed"],
      ["huge.pdf", "tooLarge"],
    ]);
    expect(atts.filter((a) => a.refused).every((a) => a.id === "")).toBe(true);

    const res = await fetch(`${world.server.url}/api/v1/inbound/attachments/${atts[0]!.id}`, {
      headers: { Authorization: `Bearer ${world.token("support")}` },
    });
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(pdf)).toBe(true);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="invoice.pdf"/);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    // No credentials, and another workspace's token: nothing.
    expect((await fetch(`${world.server.url}/api/v1/inbound/attachments/${atts[0]!.id}`)).status).toBe(401);
    const store = world.server.auth!;
    const other = store.createUser({ email: "other@example.test", name: "Other", passwordHash: "x" });
    const ws2 = store.createWorkspace("Other", other.id).id;
    const foreign = store.mintToken({ workspaceId: ws2, role: "owner", name: "x", createdBy: other.id }).token;
    const refused = await fetch(`${world.server.url}/api/v1/inbound/attachments/${atts[0]!.id}`, {
      headers: { Authorization: `Bearer ${foreign}` },
    });
    expect(refused.status).toBe(404);
  }, 60_000);
});

describe("POST /api/v1/inbound/mime", () => {
  it("spools a provider's raw message into the same path as SMTP: a case, the sender a contact", async () => {
    const res = await postMime(rawMail('"Pat Doe" <pat@provider-customer.example>', "Via webhook"));
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ workspace: world.workspace });
    await waitUntil(async () => (await list("cases")).length === 1, 15_000);
    const [c] = await list("cases");
    expect(c).toMatchObject({ subject: "Via webhook", channel: "email" });
    expect((await api("GET", `/contacts/${c!.contactId}`)).body).toMatchObject({
      email: "pat@provider-customer.example",
    });

    // Auto-replies posted by a provider open nothing either.
    expect((await postMime(rawMail("bot@example.org", "Auto", "Auto-Submitted: auto-replied"))).status).toBe(201);
    await waitUntil(
      () =>
        world.server.auth!.db.prepare("SELECT COUNT(*) FROM inbound_spool WHERE state = 'ignored'").pluck().get() === 1,
      15_000,
    );
    expect(await list("cases")).toHaveLength(1);
  }, 60_000);

  it("is for owners and admins, takes a message, and limits each sender", async () => {
    expect((await postMime(rawMail("a@example.org", "Editor"), "editor")).status).toBe(403);
    expect((await postMime("")).status).toBe(400);
    expect((await postMime("not a message at all")).status).toBe(400);
    const json = await fetch(`${world.server.url}/api/v1/inbound/mime`, {
      method: "POST",
      headers: { Authorization: `Bearer ${world.token("owner")}`, "Content-Type": "application/json" },
      body: "{}",
    });
    expect(json.status).toBe(415);
    expect((await postMime(rawMail("a@example.org", "One"), "admin")).status).toBe(201);
    expect((await postMime(rawMail("a@example.org", "Two"))).status).toBe(201);
    const limited = await postMime(rawMail("a@example.org", "Three"));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    await waitUntil(async () => (await list("cases")).length === 2, 15_000);
  }, 60_000);
});
