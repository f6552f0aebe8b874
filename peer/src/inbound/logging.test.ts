import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loggingAddress, loggingAddresses } from "./logging.js";
import { api, boot, DOMAIN, list, type Rec, shutdown, transport, waitUntil, world } from "./testing.js";

/*
 * Sales email logging over real SMTP: a member's `log+<token>@domain` BCC'd on a mail to a
 * customer → an email activity on that contact's timeline (and their open deal's), no case; the
 * same message again, an auto-reply or a revoked address change nothing.
 */

let address: string;
let dana: Rec;
let openDeal: Rec;
let wonDeal: Rec;

beforeAll(async () => {
  await boot();
  address = loggingAddress(
    loggingAddresses(world.server.auth!.db).forMember(world.workspace, world.ownerId).token,
    DOMAIN,
  );
  const account = (await api("POST", "/accounts", { name: "Dana's shop" })).body as Rec;
  dana = (
    await api("POST", "/contacts", {
      firstName: "Dana",
      lastName: "Fox",
      email: "dana@shop.test",
      accountId: account.id,
    })
  ).body as Rec;
  openDeal = (
    await api("POST", "/opportunities", {
      name: "Shelves",
      accountId: account.id,
      contactId: dana.id,
      stage: "proposal",
      amount: 100,
      closeDate: "2027-01-01",
    })
  ).body as Rec;
  wonDeal = (
    await api("POST", "/opportunities", {
      name: "Old order",
      accountId: account.id,
      contactId: dana.id,
      stage: "won",
      amount: 100,
      closeDate: "2026-01-01",
    })
  ).body as Rec;
  expect(openDeal.id && wonDeal.id).toBeTruthy();
}, 60_000);
afterAll(shutdown);

const bcc = (
  mail: { messageId: string; subject: string; headers?: Record<string, string>; to?: string },
  rcpt = address,
) =>
  transport().sendMail({
    from: "Ada Rep <ada@acme.test>",
    to: mail.to ?? "Dana Fox <DANA@shop.test>",
    cc: "stranger@elsewhere.test",
    subject: mail.subject,
    text: "Here is the proposal.",
    messageId: mail.messageId,
    ...(mail.headers ? { headers: mail.headers } : {}),
    envelope: { from: "ada@acme.test", to: [rcpt] },
  });

const activitiesAbout = (id: string) => list("activities", `&filter[relatedId]=${id}`);

describe("sales email logging", () => {
  it("logs a BCC'd mail on the contact's timeline and their open deal's, without a case", async () => {
    await bcc({ messageId: "<proposal-1@acme.test>", subject: "Proposal for the shelves" });
    await waitUntil(async () => (await activitiesAbout(dana.id)).length === 1, 20_000);
    const [entry] = await activitiesAbout(dana.id);
    expect(entry).toMatchObject({
      kind: "email",
      subject: "Proposal for the shelves",
      done: true,
      relatedType: "contact",
      accountId: dana.accountId,
      owner: world.ownerId,
    });
    const onDeal = await activitiesAbout(openDeal.id);
    expect(onDeal).toHaveLength(1);
    expect(onDeal[0]).toMatchObject({ kind: "email", relatedType: "opportunity", subject: "Proposal for the shelves" });
    expect(await activitiesAbout(wonDeal.id)).toEqual([]);
    expect(await list("cases")).toEqual([]);
    // Nobody is made for an address no contact has.
    expect((await list("contacts")).map((c) => c.email)).toEqual(["dana@shop.test"]);
  });

  it("logs a message once, however often it comes, and ignores auto-replies", async () => {
    await bcc({ messageId: "<proposal-1@acme.test>", subject: "Proposal for the shelves" });
    await bcc({
      messageId: "<ooo-1@acme.test>",
      subject: "Out of office",
      headers: { "Auto-Submitted": "auto-replied" },
    });
    // The barrier: a later message is filed after the ones before it (one at a time per workspace).
    await bcc({ messageId: "<follow-up@acme.test>", subject: "Follow-up" });
    await waitUntil(async () => (await activitiesAbout(dana.id)).length >= 2, 20_000);
    const subjects = (await activitiesAbout(dana.id)).map((a) => a.subject).sort();
    expect(subjects).toEqual(["Follow-up", "Proposal for the shelves"]);
    expect(await list("cases")).toEqual([]);
  });

  it("refuses an unknown or revoked logging address at RCPT", async () => {
    const refused = async (rcpt: string) => {
      try {
        await bcc({ messageId: `<x-${Math.random()}@acme.test>`, subject: "x" }, rcpt);
        return null;
      } catch (err) {
        return (err as { responseCode?: number; command?: string }).responseCode;
      }
    };
    expect(await refused(`log+${"a".repeat(24)}@${DOMAIN}`)).toBe(550);
    const fresh = loggingAddresses(world.server.auth!.db).regenerate(world.workspace, world.ownerId);
    expect(await refused(address)).toBe(550);
    expect(await refused(loggingAddress(fresh.token, DOMAIN))).toBeNull();
  });

  it("takes a provider's webhook naming the logging address as the envelope recipient", async () => {
    const current = loggingAddress(
      loggingAddresses(world.server.auth!.db).forMember(world.workspace, world.ownerId).token,
      DOMAIN,
    );
    const raw = [
      "From: Ada Rep <ada@acme.test>",
      "To: dana@shop.test",
      "Subject: Sent from the provider",
      "Message-ID: <provider-1@acme.test>",
      "",
      "Hello",
      "",
    ].join("\r\n");
    const post = (recipient: string) =>
      fetch(`${world.server.url}/api/v1/inbound/mime?recipient=${encodeURIComponent(recipient)}`, {
        method: "POST",
        headers: { Authorization: `Bearer ${world.token("owner")}`, "Content-Type": "message/rfc822" },
        body: raw,
      });
    expect((await post(`log+${"b".repeat(24)}@${DOMAIN}`)).status).toBe(400);
    expect((await post(current)).status).toBe(201);
    await waitUntil(
      async () => (await activitiesAbout(dana.id)).some((a) => a.subject === "Sent from the provider"),
      20_000,
    );
    expect(await list("cases")).toEqual([]);
  });

  it("shows a person their address and replaces it, never to a token", async () => {
    const asToken = await api("GET", "/inbound/logging-address");
    expect(asToken.status).toBe(403);
  });
});
