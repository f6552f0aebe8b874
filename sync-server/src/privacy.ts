import {
  allShardDocNames,
  ConsentType,
  ContactType,
  eraseHistory,
  noteDocName,
  readRecord,
  recordDocName,
  recordsOf,
  type StoredRecord,
} from "@crm/schema";
import * as Y from "yjs";
import type { ContactPrivacy } from "./api/privacy.js";
import { AuthError } from "./auth/store.js";
import type { RoomPeer } from "./room.js";
import type { Rooms } from "./rooms.js";
import type { DocStorage } from "./storage/types.js";

/*
 * GDPR for contacts: export everything stored about one, and erase one.
 *
 * Erasure goes through the same path as any edit — an update stored, applied and relayed to every
 * open copy — so connected devices lose the content at once, and offline devices that come back
 * cannot bring it back (their old items are already deleted on the server; Yjs ignores them).
 * The update *sets* every personal field to empty (record documents never delete keys, see
 * schema/yrecords.ts), deletes every entry of the contact's field history (its old values are
 * personal data too; schema/recordHistory.ts) and empties the contact's notes. The blanking
 * itself records no history entry: it is not written through `writeRecord`, so no old value is
 * copied anywhere. Yjs then garbage-collects the overwritten
 * values (their content becomes "deleted" placeholders), and compaction replaces the document's
 * whole update log by that collected state, so the old values are in no stored row. SQLite runs
 * with `secure_delete`, and a checkpoint truncates the write-ahead log, so they are in no free page
 * of the file either. Backups taken before the erasure still hold them: see the README.
 *
 * The contact's marketing consents (`consents` records: the wording agreed to, the IP address it
 * came from) are personal data too: every one whose `contactId` is the contact is blanked the
 * same way, in each consent shard that holds one.
 */

const ERASED_BY = "gdpr-erasure";

/** Fields kept on an erased contact: identity and bookkeeping, no personal content. */
const KEPT = new Set(["id", "_v", "createdAt", "createdBy", "accountId"]);

function loadDoc(storage: DocStorage, name: string): Y.Doc {
  const doc = new Y.Doc();
  const { updates } = storage.loadUpdates(name);
  for (const u of updates) Y.applyUpdate(doc, u);
  return doc;
}

/** Stores and relays `update` through the document's room, as if a client had sent it. */
function submit(rooms: Rooms, name: string, update: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    const room = rooms.get(name);
    const peer: RoomPeer = {
      awarenessIds: new Set(),
      send: () => {},
      persisted: () => {
        room.leave(peer);
        resolve();
      },
      failed: (error) => {
        room.leave(peer);
        reject(error);
      },
    };
    try {
      room.join(peer);
      room.handle(peer, { type: "sync-update", update, empty: false });
    } catch (err) {
      room.leave(peer);
      reject(err);
    }
  });
}

/** The change `mutate` makes to the stored state of `name`, as one update (null if none). */
function changeOf(storage: DocStorage, name: string, mutate: (doc: Y.Doc) => void): Uint8Array | null {
  const doc = loadDoc(storage, name);
  let update: Uint8Array | null = null;
  doc.on("update", (u: Uint8Array) => {
    update = update ? Y.mergeUpdates([update, u]) : u;
  });
  mutate(doc);
  doc.destroy();
  return update;
}

/** Replaces the stored rows of `name` by its garbage-collected state. */
function compact(storage: DocStorage, name: string): void {
  const { updates, lastId } = storage.loadUpdates(name);
  if (!updates.length) return;
  const doc = new Y.Doc({ gc: true });
  for (const u of updates) Y.applyUpdate(doc, u);
  storage.compact(name, Y.encodeStateAsUpdate(doc), lastId);
  doc.destroy();
}

function noteText(doc: Y.Doc): string {
  const fragment = doc.getXmlFragment("notes");
  return fragment
    .toArray()
    .map((n) => (n instanceof Y.XmlElement || n instanceof Y.XmlText ? plain(n) : ""))
    .join("\n");
}

function plain(node: Y.XmlElement | Y.XmlText): string {
  if (node instanceof Y.XmlText) return node.toString().replace(/<[^>]*>/g, "");
  return node
    .toArray()
    .map((c) => (c instanceof Y.XmlElement || c instanceof Y.XmlText ? plain(c) : ""))
    .join("");
}

export function contactPrivacy(storage: DocStorage, rooms: Rooms): ContactPrivacy {
  const docsOf = (workspaceId: string, contactId: string) => ({
    record: recordDocName(workspaceId, ContactType, contactId),
    notes: noteDocName(workspaceId, ContactType.typeName, contactId),
  });

  const find = (workspaceId: string, contactId: string): { name: string; record: StoredRecord } => {
    if (!/^[a-z0-9][a-z0-9_-]{0,63}$/.test(contactId)) throw new AuthError(404, "no-contact", "no such contact");
    const name = docsOf(workspaceId, contactId).record;
    const doc = loadDoc(storage, name);
    const record = readRecord(doc, contactId);
    doc.destroy();
    if (!record) throw new AuthError(404, "no-contact", "no such contact");
    return { name, record };
  };

  return {
    exportContact(workspaceId, contactId) {
      const { record } = find(workspaceId, contactId);
      const notesDoc = loadDoc(storage, docsOf(workspaceId, contactId).notes);
      const notes = noteText(notesDoc);
      notesDoc.destroy();
      return { kind: "contact", exportedAt: new Date().toISOString(), record, notes };
    },

    async eraseContact(workspaceId, contactId) {
      const { name } = find(workspaceId, contactId);
      const docs = docsOf(workspaceId, contactId);
      const now = Date.now();
      const recordChange = changeOf(storage, name, (doc) => {
        const rec = recordsOf(doc).get(contactId);
        if (!rec) return;
        const blank = ContactType.defaults() as Record<string, unknown>;
        doc.transact(() => {
          for (const key of [...rec.keys()]) {
            if (KEPT.has(key)) continue;
            const empty = key in blank ? blank[key] : typeof rec.get(key) === "string" ? "" : null;
            rec.set(key, empty);
          }
          rec.set("deletedAt", now);
          rec.set("erasedAt", now);
          rec.set("updatedAt", now);
          rec.set("updatedBy", ERASED_BY);
          eraseHistory(doc, contactId);
        });
      });
      if (recordChange) await submit(rooms, name, recordChange);
      const notesChange = changeOf(storage, docs.notes, (doc) => {
        // Notes documents hold one fragment, "notes" (web/src/notes/NotesEditor.tsx).
        const fragment = doc.getXmlFragment("notes");
        if (fragment.length) fragment.delete(0, fragment.length);
      });
      if (notesChange) await submit(rooms, docs.notes, notesChange);
      let consentDocs = 0;
      for (const shard of allShardDocNames(workspaceId, ConsentType)) {
        const change = changeOf(storage, shard, (doc) => {
          const blank = ConsentType.defaults() as Record<string, unknown>;
          doc.transact(() => {
            for (const [id, rec] of recordsOf(doc)) {
              if (rec.get("contactId") !== contactId) continue;
              for (const key of [...rec.keys()]) {
                if (KEPT.has(key)) continue;
                rec.set(key, key in blank ? blank[key] : typeof rec.get(key) === "string" ? "" : null);
              }
              rec.set("deletedAt", now);
              rec.set("erasedAt", now);
              rec.set("updatedAt", now);
              rec.set("updatedBy", ERASED_BY);
              eraseHistory(doc, id);
            }
          });
        });
        if (!change) continue;
        await submit(rooms, shard, change);
        compact(storage, shard);
        consentDocs++;
      }
      compact(storage, name);
      compact(storage, docs.notes);
      storage.scrub?.();
      return { documents: 1 + (notesChange ? 1 : 0) + consentDocs };
    },
  };
}
