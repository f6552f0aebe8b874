import { Liquid } from "liquidjs";

/*
 * A canned response's merge fields, filled for one case in the browser (the reply is edited
 * before it is sent, so the agent sees what the customer will read). Liquid (liquidjs), sandboxed:
 * no file system (`include`/`render`/`layout` find nothing), own properties only, no JavaScript.
 * Each `{{ … }}` is also rendered alone to name the ones that failed or came out empty: those are
 * shown to the agent before sending.
 */

export interface MergeContext {
  contact: { first_name: string; last_name: string; name: string; email: string };
  case: { subject: string; id: string; status: string; priority: string };
  agent: { name: string; email: string };
  account: { name: string };
}

export interface MergeProblem {
  /** The merge field as written, `{{ contact.first_name }}`. */
  field: string;
  reason: "failed" | "empty";
}

const engine = new Liquid({
  ownPropertyOnly: true,
  strictFilters: true,
  strictVariables: false,
  relativeReference: false,
  // Nothing to include: a template naming a file gets an error, never a read.
  fs: {
    exists: async () => false,
    existsSync: () => false,
    readFile: async () => "",
    readFileSync: () => "",
    resolve: (_dir: string, file: string) => file,
  },
  templates: {},
  // Bounds a hostile template (a loop over a huge range) in the agent's tab.
  renderLimit: 200,
  parseLimit: 50_000,
  memoryLimit: 1e6,
});

const OUTPUT = /\{\{-?([\s\S]*?)-?\}\}/g;

export async function fillMergeFields(
  body: string,
  context: MergeContext,
): Promise<{ text: string; problems: MergeProblem[] }> {
  const problems: MergeProblem[] = [];
  const data = context as unknown as Record<string, unknown>;
  for (const [field] of body.matchAll(OUTPUT)) {
    if (problems.some((p) => p.field === field)) continue;
    try {
      const value = await engine.parseAndRender(field, data);
      if (value.trim() === "") problems.push({ field, reason: "empty" });
    } catch {
      problems.push({ field, reason: "failed" });
    }
  }
  try {
    return { text: await engine.parseAndRender(body, data), problems };
  } catch {
    // The whole template does not parse (an unclosed tag): insert it as written, said so.
    return { text: body, problems: problems.length ? problems : [{ field: body.slice(0, 40), reason: "failed" }] };
  }
}

/** The merge context of a case, from what this device holds. */
export function mergeContext(o: {
  theCase: { id: string; subject: string; status: string; priority: string };
  contact?: { firstName?: string; lastName?: string; email?: string } | undefined;
  account?: { name?: string } | undefined;
  agent: { name: string; email: string };
}): MergeContext {
  const first = o.contact?.firstName ?? "";
  const last = o.contact?.lastName ?? "";
  return {
    contact: { first_name: first, last_name: last, name: `${first} ${last}`.trim(), email: o.contact?.email ?? "" },
    case: { subject: o.theCase.subject, id: o.theCase.id, status: o.theCase.status, priority: o.theCase.priority },
    agent: { name: o.agent.name, email: o.agent.email },
    account: { name: o.account?.name ?? "" },
  };
}
