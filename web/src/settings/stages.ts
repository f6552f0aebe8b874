import type { PipelineStage, StageKind } from "@crm/schema";

/** A stage as the form edits it: the probability as typed; `id` is "" until the stage is saved. */
export interface StageDraft {
  /** React's key: the stage id, or a local one for a stage not saved yet. */
  key: string;
  id: string;
  label: string;
  probability: string;
  kind: StageKind;
}

/** The list with the item at `index` moved by `delta` places (clamped to the ends). */
export function moveItem<T>(list: readonly T[], index: number, delta: number): T[] {
  const to = Math.max(0, Math.min(list.length - 1, index + delta));
  const out = [...list];
  const [item] = out.splice(index, 1);
  if (item !== undefined) out.splice(to, 0, item);
  return out;
}

/**
 * Why the stage at `index` may not be deleted, or null when it may: deals still in it (a deal in
 * a stage the settings dropped shows in an extra column nobody can configure), or it is the last
 * stage of its kind (a pipeline needs somewhere open, won and lost).
 */
export function deleteRefusal(
  stages: readonly Pick<StageDraft, "id" | "kind">[],
  index: number,
  dealsIn: (stageId: string) => number,
): { reason: "hasDeals"; count: number } | { reason: "lastOfKind"; kind: StageKind } | null {
  const stage = stages[index];
  if (!stage) return null;
  const count = stage.id ? dealsIn(stage.id) : 0;
  if (count > 0) return { reason: "hasDeals", count };
  if (!stages.some((s, i) => i !== index && s.kind === stage.kind)) return { reason: "lastOfKind", kind: stage.kind };
  return null;
}

/**
 * An id for a new stage: readable (from its name) and unique among `taken`, with a random tail
 * so a stage deleted and created again under the same name on another device never collects the
 * old stage's deals. Names with no Latin letters (Chinese) start from "stage".
 */
export function newStageId(label: string, taken: ReadonlySet<string>, random: () => number = Math.random): string {
  const slug =
    label
      .normalize("NFKD")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 30) || "stage";
  for (;;) {
    const id = `${slug}-${Math.floor(random() * 36 ** 4)
      .toString(36)
      .padStart(4, "0")}`;
    if (!taken.has(id)) return id;
  }
}

/** The stages to write: new ones get ids; probabilities as typed become numbers (NaN when not one). */
export function stagesFromDrafts(drafts: readonly StageDraft[], random?: () => number): PipelineStage[] {
  const taken = new Set(drafts.map((d) => d.id).filter(Boolean));
  return drafts.map((d) => {
    const id = d.id || newStageId(d.label, taken, random);
    taken.add(id);
    const p = d.probability.trim();
    return { id, label: d.label, probability: p === "" ? Number.NaN : Number(p), kind: d.kind };
  });
}

/** Saved stages the draft no longer has: the ones whose deals must have moved before saving. */
export function removedStages(saved: readonly PipelineStage[], drafts: readonly StageDraft[]): PipelineStage[] {
  const kept = new Set(drafts.map((d) => d.id));
  return saved.filter((s) => !kept.has(s.id));
}

/**
 * A React key for a row not saved yet. Random, not a counter: a draft kept across page visits
 * (useSettingsSection) must not meet its own keys again. (`crypto.randomUUID` needs a secure
 * context, which a LAN server over plain HTTP is not.)
 */
export function localKey(prefix: string): string {
  return `${prefix}-${Math.random().toString(36).slice(2, 10)}`;
}
