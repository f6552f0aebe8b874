import { simpleParser } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, boot, list, type Rec, shutdown, waitUntil, world } from "../inbound/testing.js";
import { mailConfigFromEnv } from "../mail/config.js";
import { headerOf, type SinkMessage, type SmtpSink, smtpSink } from "../mail/testing.js";
import { csatMail, unsurveyable } from "./csat.js";
import { firstOrigin } from "./index.js";

/*
 * CSAT end to end: a real server (createServer with the peer, as `npm start` runs it), a real
 * SMTP sink for the mail; a case resolved through /api/v1 → the survey mail → its links followed
 * over HTTP like a customer's browser. The features' clock is injected to pass the 24 h window.
 */

let sink: SmtpSink;
let offset = 0;

beforeAll(async () => {
  sink = await smtpSink();
  await boot(
    {},
    mailConfigFromEnv({ SMTP_URL: sink.url, MAIL_FROM: "Acme Help <crm@example.test>", MAIL_RATE_PER_SEC: "1000" }),
    { clock: () => Date.now() + offset },
  );
}, 60_000);
afterAll(async () => {
  await shutdown();
  await sink?.close();
});

async function resolvedCase(email: string, subject: string): Promise<Rec> {
  const contact = await api("POST", "/contacts", { firstName: "Dana", lastName: "Fox", email });
  expect(contact.status).toBe(201);
  const made = await api("POST", "/cases", { subject, status: "open", contactId: (contact.body as Rec).id });
  expect(made.status).toBe(201);
  const id = (made.body as Rec).id as string;
  expect((await api("PATCH", `/cases/${id}`, { status: "resolved" })).status).toBe(200);
  return made.body as Rec;
}

async function mailTo(address: string, count = 1): Promise<SinkMessage[]> {
  await waitUntil(() => sink.messages.filter((m) => m.to.includes(address)).length >= count, 20_000);
  return sink.messages.filter((m) => m.to.includes(address));
}

async function linksOf(m: SinkMessage): Promise<Record<number, string>> {
  const text = (await simpleParser(m.raw)).text ?? "";
  const links: Record<number, string> = {};
  for (const [, n, url] of text.matchAll(/^([1-5]) – .*?: (\S+)$/gm)) links[Number(n)] = url!;
  return links;
}

const answers = async (caseId: string) => list("surveyResponses", `&filter[caseId]=${caseId}`);
const get = (url: string) => fetch(url, { redirect: "manual" });

describe("CSAT after a resolved case", () => {
  let theCase: Rec;
  let links: Record<number, string>;

  it("mails the case's contact once, with five signed links", async () => {
    theCase = await resolvedCase("dana@customer.test", "Printer on fire");
    const [mail] = await mailTo("dana@customer.test");
    expect(headerOf(mail!.raw, "Auto-Submitted")).toBe("auto-generated");
    const parsed = await simpleParser(mail!.raw);
    expect(parsed.subject).toContain("Printer on fire");
    expect(parsed.text).toContain("Hello Dana,");
    links = await linksOf(mail!);
    expect(Object.keys(links).sort()).toEqual(["1", "2", "3", "4", "5"]);
    expect(links[4]).toMatch(new RegExp(`^${world.server.url}/api/v1/surveys/csat/[\\w-]+\\.[\\w-]+\\?score=4$`));
  });

  it("records the 4 clicked as the customer's answer", async () => {
    const res = await get(links[4]!);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    const page = await res.text();
    expect(page).toContain("We recorded your answer: 4 of 5");
    expect(page).toMatch(/<textarea id="comment" name="comment"/);
    const [answer, ...more] = await answers(theCase.id);
    expect(more).toEqual([]);
    expect(answer).toMatchObject({ kind: "csat", score: 4, source: "customer", caseId: theCase.id, channel: "email" });
  });

  it("changes the same answer on a second click within 24 hours, and takes a comment", async () => {
    offset = 23 * 3600_000;
    expect((await get(links[2]!)).status).toBe(200);
    const token = new URL(links[2]!).pathname;
    const comment = await fetch(`${world.server.url}${token}`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: world.server.url },
      body: new URLSearchParams({ comment: "Fast, but it took two tries" }).toString(),
    });
    expect(comment.status).toBe(200);
    expect(await comment.text()).toContain("your comment was saved");
    const all = await answers(theCase.id);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ score: 2, comment: "Fast, but it took two tries", source: "customer" });
    // A form posted from another site is refused: the page cannot be driven from elsewhere.
    const foreign = await fetch(`${world.server.url}${token}`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "https://evil.test" },
      body: "comment=spam",
    });
    expect(foreign.status).toBe(400);
  });

  it("refuses a change after 24 hours and says so", async () => {
    offset = 25 * 3600_000;
    const res = await get(links[5]!);
    expect(res.status).toBe(409);
    expect(await res.text()).toContain("can no longer be changed");
    expect((await answers(theCase.id))[0]).toMatchObject({ score: 2 });
    offset = 0;
  });

  it("answers a tampered or malformed link with a 400 error page", async () => {
    const url = new URL(links[4]!);
    const [payload, sig] = url.pathname.split("/").pop()!.split(".");
    const flipped = `${sig!.slice(0, -2)}${sig!.endsWith("AA") ? "BB" : "AA"}`;
    const bad = await get(`${world.server.url}/api/v1/surveys/csat/${payload}.${flipped}?score=5`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("This survey link is not valid");
    // Another case's id under the same signature.
    const other = Buffer.from(JSON.stringify(["x", "other", 1])).toString("base64url");
    expect((await get(`${world.server.url}/api/v1/surveys/csat/${other}.${sig}?score=5`)).status).toBe(400);
    expect((await get(`${links[4]!.replace("score=4", "score=9")}`)).status).toBe(400);
    expect((await answers(theCase.id))[0]).toMatchObject({ score: 2 });
  });

  it("never surveys twice per case, nor machine or blank addresses", async () => {
    // Reopened and resolved again.
    expect((await api("PATCH", `/cases/${theCase.id}`, { status: "open" })).status).toBe(200);
    expect((await api("PATCH", `/cases/${theCase.id}`, { status: "resolved" })).status).toBe(200);
    const noreply = await resolvedCase("no-reply@vendor.test", "Automated notice");
    const blank = await api("POST", "/cases", { subject: "Walk-in", status: "resolved" });
    expect(blank.status).toBe(201);
    // A later case's mail is the barrier: the jobs before it have run.
    await resolvedCase("eve@customer.test", "Barrier");
    await mailTo("eve@customer.test");
    await waitUntil(async () => (await api("GET", "/cases?limit=1")).status === 200, 5_000);
    expect(sink.messages.filter((m) => m.to.includes("dana@customer.test"))).toHaveLength(1);
    expect(sink.messages.filter((m) => m.to.includes("no-reply@vendor.test"))).toHaveLength(0);
    expect(noreply.id).toBeTruthy();
  });

  it("limits how often one case's links answer", async () => {
    const [mail] = await mailTo("eve@customer.test");
    const eve = await linksOf(mail!);
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) statuses.push((await get(eve[3]!)).status);
    expect(statuses.slice(0, 20).every((s) => s === 200)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });
});

describe("the survey mail", () => {
  it("is written in Chinese for a Chinese workspace, with every link", () => {
    const m = csatMail({ language: "zh", firstName: "", caseSubject: "发票", link: (n) => `https://x.test/${n}` });
    expect(m.subject).toBe("您对我们的服务满意吗？“发票”");
    expect(m.text).toContain("4 – 满意: https://x.test/4");
    expect(m.html).toContain('href="https://x.test/1"');
  });

  it("escapes what the case says in its HTML", () => {
    const m = csatMail({
      language: "en",
      firstName: "<b>",
      caseSubject: "<script>",
      link: (n) => `https://x.test/${n}`,
    });
    expect(m.html).not.toMatch(/<script>|<b>/);
  });

  it("links to PUBLIC_URL's first origin, and to nothing when it is malformed", () => {
    expect(firstOrigin("https://crm.example.com/app, http://crm.internal:8080")).toBe("https://crm.example.com");
    expect(firstOrigin("ws://127.0.0.1:8787/sync".replace(/^ws/, "http"))).toBe("http://127.0.0.1:8787");
    expect(firstOrigin("not a url")).toBeUndefined();
    expect(firstOrigin(undefined)).toBeUndefined();
  });

  it("tells machine and blank addresses apart from people's", () => {
    expect(unsurveyable("", "support.test")).toBe("no address");
    expect(unsurveyable("noreply@x.test", "support.test")).toBe("machine address");
    expect(unsurveyable("MAILER-DAEMON@x.test", "support.test")).toBe("machine address");
    expect(unsurveyable("ws@support.test", "support.test")).toBe("our own address");
    expect(unsurveyable("nora@x.test", "support.test")).toBeUndefined();
  });
});
