import type { Activity, ActivityKind } from "../records/activity.js";
import type { Case, CasePriority, CaseStatus, Channel } from "../records/case.js";
import type { SurveyResponse } from "../records/surveyResponse.js";
import { defaultSettings } from "../settings.js";
import { ACTIVITY_SUBJECTS, CASE_SUBJECTS, SURVEY_COMMENTS } from "./words.js";
import { between, DAY, DEMO_USERS, type DemoWorld, demoId, pick, streamFor, weighted } from "./world.js";

// The service side of the demo workspace: cases under SLA, survey answers, and activities.

const MIN = 60_000;
const PRIORITIES: CasePriority[] = ["low", "normal", "high", "urgent"];
const CHANNELS: Channel[] = ["phone", "email", "chat", "web"];
const targets = defaultSettings().sla.targets;
const SUBJECTS = Object.keys(CASE_SUBJECTS);

export function* cases(w: DemoWorld, n: number): Generator<Case> {
  const rand = streamFor(w.seed, "cases");
  for (let i = 0; i < n; i++) {
    const ai = w.buyers.length
      ? w.buyers[Math.floor(rand() * w.buyers.length)]!
      : Math.floor(rand() * w.accounts.length);
    const account = w.accounts[ai]!;
    const contacts = w.contactsOf[ai]!;
    const priority = weighted(rand, PRIORITIES, [20, 50, 22, 8]);
    const target = targets[priority];
    const openedAt = between(rand, account.createdAt, account.churnedAt ?? w.now);
    // Most answers come in time; ~15% are late, which is what SLA reports are for.
    const respondAfter = target.firstResponseMinutes * MIN * (rand() < 0.85 ? 0.1 + rand() * 0.85 : 1 + rand());
    const resolveAfter = target.resolutionMinutes * MIN * (rand() < 0.8 ? 0.2 + rand() * 0.75 : 1 + rand() * 0.5);
    const firstResponseAt = openedAt + respondAfter <= w.now ? Math.round(openedAt + respondAfter) : null;
    const resolvedAt = openedAt + resolveAfter <= w.now ? Math.round(openedAt + resolveAfter) : null;
    const closedAt = resolvedAt && resolvedAt + 3 * DAY <= w.now ? resolvedAt + between(rand, DAY, 3 * DAY) : null;
    let status: CaseStatus = "new";
    if (closedAt) status = "closed";
    else if (resolvedAt) status = "resolved";
    else if (firstResponseAt) status = rand() < 0.3 ? "pending" : "open";
    const late = (firstResponseAt ?? w.now) - openedAt > target.firstResponseMinutes * MIN;
    const subject = pick(rand, SUBJECTS);
    const c: Case = {
      id: demoId("cs", w.seed, i),
      createdAt: openedAt,
      createdBy: "demo",
      updatedAt: closedAt ?? resolvedAt ?? firstResponseAt ?? openedAt,
      updatedBy: "demo",
      subject,
      category: CASE_SUBJECTS[subject] ?? "",
      accountId: account.id,
      contactId: contacts.length ? pick(rand, contacts) : "",
      status,
      priority,
      channel: pick(rand, CHANNELS),
      assignee: pick(rand, DEMO_USERS),
      openedAt,
      firstResponseAt,
      resolvedAt,
      closedAt,
      // Half of the late first responses were escalated when they came close to the target.
      escalatedAt: late && rand() < 0.5 ? Math.round(openedAt + target.firstResponseMinutes * MIN * 0.8) : null,
    };
    if (late || (resolvedAt ?? w.now) - openedAt > target.resolutionMinutes * MIN) w.breached.add(c.id);
    w.cases.push(c);
    yield c;
  }
}

/** CSAT: happy customers answer 4–5 unless the case breached its SLA. */
function csatScore(rand: () => number, breached: boolean): number {
  return breached
    ? weighted(rand, [1, 2, 3, 4, 5], [20, 25, 30, 15, 10])
    : weighted(rand, [1, 2, 3, 4, 5], [3, 5, 12, 35, 45]);
}

/** NPS: churned customers are mostly detractors. */
function npsScore(rand: () => number, churned: boolean): number {
  const values = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  return churned
    ? weighted(rand, values, [8, 8, 10, 12, 14, 14, 12, 8, 6, 4, 4])
    : weighted(rand, values, [1, 1, 1, 2, 3, 4, 6, 12, 20, 25, 25]);
}

export function* surveyResponses(w: DemoWorld, n: number): Generator<SurveyResponse> {
  const rand = streamFor(w.seed, "surveyResponses");
  let i = 0;
  // Every closed case was surveyed; about 60% of customers answered.
  for (const c of w.cases) {
    if (i >= n) return;
    if (c.status !== "closed" || rand() >= 0.6) continue;
    const at = Math.min(w.now, c.closedAt! + between(rand, 0, 3 * DAY));
    yield {
      id: demoId("sv", w.seed, i++),
      createdAt: at,
      createdBy: "demo",
      updatedAt: at,
      updatedBy: "demo",
      kind: "csat",
      score: csatScore(rand, w.breached.has(c.id)),
      channel: c.channel,
      accountId: c.accountId,
      caseId: c.id,
      respondedAt: at,
      comment: pick(rand, SURVEY_COMMENTS),
      source: "customer",
    };
  }
  // The rest are relationship (NPS) surveys of buying accounts.
  const pool = w.buyers.length ? w.buyers : w.accounts.map((_, k) => k);
  while (i < n) {
    const account = w.accounts[pool[Math.floor(rand() * pool.length)]!]!;
    const at = between(rand, account.createdAt, account.churnedAt ?? w.now);
    yield {
      id: demoId("sv", w.seed, i++),
      createdAt: at,
      createdBy: "demo",
      updatedAt: at,
      updatedBy: "demo",
      kind: "nps",
      score: npsScore(rand, account.status === "churned"),
      channel: rand() < 0.7 ? "email" : "web",
      accountId: account.id,
      caseId: "",
      respondedAt: at,
      comment: pick(rand, SURVEY_COMMENTS),
      source: "customer",
    };
  }
}

const KINDS: ActivityKind[] = ["call", "email", "meeting", "task"];
const RELATED = ["account", "contact", "opportunity", "case", "lead"] as const;

export function* activities(w: DemoWorld, n: number): Generator<Activity> {
  const rand = streamFor(w.seed, "activities");
  for (let i = 0; i < n; i++) {
    const kind = weighted(rand, KINDS, [30, 30, 15, 25]);
    let relatedType: (typeof RELATED)[number] = weighted(rand, RELATED, [30, 25, 20, 15, 10]);
    let relatedId = "";
    let accountId = "";
    if (relatedType === "contact" && w.contactIds.length) {
      const k = Math.floor(rand() * w.contactIds.length);
      relatedId = w.contactIds[k]!;
      accountId = w.contactAccountIds[k]!;
    } else if (relatedType === "opportunity" && w.opportunities.length) {
      const o = pick(rand, w.opportunities);
      relatedId = o.id;
      accountId = o.accountId;
    } else if (relatedType === "case" && w.cases.length) {
      const c = pick(rand, w.cases);
      relatedId = c.id;
      accountId = c.accountId;
    } else if (relatedType === "lead" && w.leadIds.length) {
      relatedId = pick(rand, w.leadIds);
    } else {
      relatedType = "account";
      relatedId = pick(rand, w.accounts).id;
      accountId = relatedId;
    }
    const created = w.now - between(rand, 0, 540 * DAY);
    const dueAt = created + between(rand, 0, 14 * DAY);
    const done = dueAt < w.now ? rand() < 0.85 : rand() < 0.1;
    const doneAt = done ? Math.max(created, Math.min(w.now, dueAt + between(rand, -2 * DAY, 2 * DAY))) : null;
    yield {
      id: demoId("ac", w.seed, i),
      createdAt: created,
      createdBy: "demo",
      updatedAt: doneAt ?? created,
      updatedBy: "demo",
      kind,
      subject: pick(rand, ACTIVITY_SUBJECTS[kind]),
      dueAt: kind === "email" ? null : dueAt,
      done,
      doneAt,
      relatedType,
      relatedId,
      accountId,
      owner: pick(rand, DEMO_USERS),
    };
  }
}
