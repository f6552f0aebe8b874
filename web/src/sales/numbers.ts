import { documentNumber } from "@crm/schema";
import type { CrmDatabase } from "../local/db.js";

/**
 * The next "Q-00042" / "O-00042": one more than the highest number on this device. Numbers are
 * zero-padded, so the sort-key index's last entry is the highest. Two devices numbering offline
 * at the same moment can pick the same number; the records stay distinct by id.
 */
export async function nextNumber(db: CrmDatabase, kind: "Q" | "O"): Promise<string> {
  const table = kind === "Q" ? db.quotes : db.orders;
  const last = await table.orderBy("sortKey").last();
  const n = Number(/^[qo]-(\d+)$/.exec(last?.sortKey ?? "")?.[1] ?? 0);
  return documentNumber(kind, n + 1);
}
