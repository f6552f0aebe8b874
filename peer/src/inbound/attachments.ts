import { createHash } from "node:crypto";
import type { AttachmentMeta } from "@crm/schema";
import type { Attachment } from "mailparser";
import type { InboundSpool } from "./spool.js";

/*
 * A message's attachments: kept in the shared database (inbound_attachments) when within the
 * size limit and of an allowed type, listed with a reason otherwise. The bytes are served only by
 * `GET /api/v1/inbound/attachments/:id`, to members who may read cases' conversations, always as
 * a download (Content-Disposition: attachment, nosniff): a file a customer sent never renders in
 * the app's origin. Types are judged by the declared content type AND the file name's extension.
 */

export interface AttachmentPolicy {
  maxBytes: number;
}

/** Content type → the extensions a file of that type may have. */
export const ALLOWED_TYPES: Record<string, readonly string[]> = {
  "application/pdf": ["pdf"],
  "image/png": ["png"],
  "image/jpeg": ["jpg", "jpeg"],
  "image/gif": ["gif"],
  "image/webp": ["webp"],
  "text/plain": ["txt", "log"],
  "text/csv": ["csv"],
  "application/zip": ["zip"],
  "application/msword": ["doc"],
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ["docx"],
  "application/vnd.ms-excel": ["xls"],
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ["xlsx"],
  "application/vnd.ms-powerpoint": ["ppt"],
  "application/vnd.openxmlformats-officedocument.presentationml.presentation": ["pptx"],
  "message/rfc822": ["eml"],
};

export function attachmentRefusal(filename: string, contentType: string, size: number, maxBytes: number) {
  if (size > maxBytes) return "tooLarge";
  const exts = ALLOWED_TYPES[contentType.toLowerCase()];
  const ext = /\.([a-z0-9]{1,8})$/i.exec(filename)?.[1]?.toLowerCase();
  if (!exts || (ext !== undefined && !exts.includes(ext))) return "typeNotAllowed";
  return undefined;
}

/** A stable id for the n-th attachment of a conversation entry (a rerun stores it once). */
export function attachmentId(entryId: string, n: number): string {
  return `att_${createHash("sha256").update(`${entryId}:${n}`).digest("hex").slice(0, 24)}`;
}

export function storeAttachments(
  spool: InboundSpool,
  workspace: string,
  entryId: string,
  attachments: readonly Attachment[],
  policy: AttachmentPolicy,
): AttachmentMeta[] {
  const out: AttachmentMeta[] = [];
  attachments.slice(0, 100).forEach((a, n) => {
    const filename = (a.filename ?? `attachment-${n + 1}`).replace(/[\r\n"\\/]/g, "_").slice(0, 300);
    const contentType = (a.contentType || "application/octet-stream").toLowerCase().slice(0, 200);
    const size = a.content?.length ?? a.size ?? 0;
    const refused = attachmentRefusal(filename, contentType, size, policy.maxBytes);
    if (refused) {
      out.push({ id: "", filename, contentType, size, refused });
      return;
    }
    const id = attachmentId(entryId, n);
    spool.putAttachment({ id, workspace, messageRecordId: entryId, filename, contentType, size, data: a.content });
    out.push({ id, filename, contentType, size });
  });
  return out;
}
