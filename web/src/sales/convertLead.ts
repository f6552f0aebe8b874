import {
  type CollectionName,
  ConversionError,
  type FieldIssue,
  type FieldSettings,
  type Lead,
  planConversion,
  recordTypes,
  type WorkspaceSettings,
} from "@crm/schema";
import type { LocalStore } from "../local/store.js";

export interface ConvertChoice {
  /** An existing account the person picked, or "" to create one. */
  accountId: string;
  /** Who converts: the new deal (and account) are theirs, whoever owned the lead. */
  owner: string;
  opportunity: { name: string; amount: string; closeDate: string };
}

export type ConvertResult =
  | { ok: true; accountId: string; contactId: string; opportunityId: string }
  | { ok: false; issues: FieldIssue[] };

/**
 * One action: account (unless an existing one was chosen) + contact + opportunity, then the lead
 * marked converted with their ids. Every input is validated before anything is written, so a bad
 * amount leaves no half-converted lead behind.
 */
export async function convertLead(
  store: LocalStore,
  lead: Lead,
  choice: ConvertChoice,
  settings: Pick<WorkspaceSettings, "pipelineStages"> & FieldSettings,
): Promise<ConvertResult> {
  // The plan's default stage when the workspace has it, else the pipeline's first open stage.
  const open = settings.pipelineStages.filter((s) => s.kind === "open");
  const stage = open.find((s) => s.id === "qualification") ?? open[0];
  let plan: ReturnType<typeof planConversion>;
  try {
    plan = planConversion(lead, {
      accountId: choice.accountId || undefined,
      owner: choice.owner,
      opportunity: { name: choice.opportunity.name, closeDate: choice.opportunity.closeDate, stage: stage?.id },
    });
  } catch (e) {
    if (e instanceof ConversionError)
      return { ok: false, issues: [{ field: "", code: "invalidChoice", message: e.message }] };
    throw e;
  }
  const opportunity = plan.opportunity && {
    ...plan.opportunity,
    amount: choice.opportunity.amount,
    probability: stage?.probability,
  };
  const check = (collection: CollectionName, input: unknown, prefix: string): FieldIssue[] => {
    // With the workspace's custom fields: a required one left empty stops the conversion here.
    const r = recordTypes[collection].validate(input, { settings });
    return r.ok ? [] : r.issues.map((i) => ({ ...i, field: `${prefix}.${i.field}` }));
  };
  // A placeholder id stands in for the account that does not exist yet.
  const issues = [
    ...(plan.account ? check("accounts", plan.account, "account") : []),
    ...check("contacts", { ...plan.contact, accountId: "pending" }, "contact"),
    ...(opportunity ? check("opportunities", { ...opportunity, accountId: "pending" }, "opportunity") : []),
  ];
  if (issues.length) return { ok: false, issues };

  const created = async (collection: CollectionName, input: unknown) => {
    const r = await store.create(collection, input);
    if (!r.ok) throw new Error(`${collection}: ${r.issues.map((i) => `${i.field} ${i.message}`).join("; ")}`);
    return r.id;
  };
  const accountId = plan.account ? await created("accounts", plan.account) : plan.existingAccountId;
  const contactId = await created("contacts", { ...plan.contact, accountId });
  const opportunityId = opportunity ? await created("opportunities", { ...opportunity, accountId, contactId }) : "";
  await store.write("leads", lead.id, plan.leadChanges({ accountId, contactId, opportunityId }, Date.now()));
  return { ok: true, accountId, contactId, opportunityId };
}
