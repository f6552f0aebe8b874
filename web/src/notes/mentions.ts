import type { Editor } from "@tiptap/core";
import Mention from "@tiptap/extension-mention";
import type { Node as PmNode } from "@tiptap/pm/model";
import type { Transaction } from "@tiptap/pm/state";
import type { SuggestionKeyDownProps, SuggestionProps } from "@tiptap/suggestion";

/*
 * `@name` in the notes editor: typing `@` offers the workspace's people (filtered by what follows,
 * ↑/↓ to choose, Enter or Tab to insert, Esc to leave it), and inserts a mention node carrying the
 * person's user id (`id`), their name at the time (`label`) and an id of its own (`mentionId`),
 * which is what makes "notified once per mention" possible: the server keys the notification by
 * the notes document and this id (peer/src/notifications/mentions.ts).
 *
 * Which mentions this person just made: those in a transaction of this editor that the
 * collaboration binding did not make (a teammate's edit arriving, or the note being loaded, carry
 * its "y-sync$" meta), present after it and not before. Saving the note again, reloading it or
 * undoing and redoing reports nothing new.
 */

export interface MentionPerson {
  id: string;
  name: string;
  email?: string;
}

export interface MadeMention {
  /** The mention node's id. */
  id: string;
  userId: string;
}

/** The transaction came from the Yjs binding (a remote change, or the document being rendered). */
function fromCollaboration(tr: Transaction): boolean {
  // y-tiptap's ySyncPluginKey is `new PluginKey("y-sync")`, whose meta key is "y-sync$".
  const meta = tr.getMeta("y-sync$") as { isChangeOrigin?: boolean } | undefined;
  return !!meta?.isChangeOrigin;
}

function mentionsIn(doc: PmNode): Map<string, string> {
  const out = new Map<string, string>();
  doc.descendants((node) => {
    if (node.type.name === "mention" && typeof node.attrs.mentionId === "string" && typeof node.attrs.id === "string")
      out.set(node.attrs.mentionId, node.attrs.id);
    return true;
  });
  return out;
}

/** The mentions a local transaction inserted. */
export function insertedMentions(tr: Transaction, after: PmNode): MadeMention[] {
  if (!tr.docChanged || fromCollaboration(tr)) return [];
  const before = mentionsIn(tr.before);
  const out: MadeMention[] = [];
  for (const [id, userId] of mentionsIn(after)) if (!before.has(id)) out.push({ id, userId });
  return out;
}

/** A new mention node id: URL-safe, unique enough to never meet another in one note. */
export function newMentionId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** People whose name or email starts a word with `query` (case-insensitive), at most 8. */
export function matchPeople(people: readonly MentionPerson[], query: string): MentionPerson[] {
  const q = query.trim().toLowerCase();
  const hits = q
    ? people.filter((p) =>
        [p.name, p.email ?? ""].some((s) =>
          s
            .toLowerCase()
            .split(/[\s@._-]+/)
            .some((w) => w.startsWith(q)),
        ),
      )
    : [...people];
  return hits.sort((a, b) => a.name.localeCompare(b.name)).slice(0, 8);
}

interface Strings {
  none(query: string): string;
  label: string;
}

/** The suggestion list under the caret: a listbox drawn with the DOM (no React root inside the editor). */
function suggestionList(strings: Strings) {
  let box: HTMLUListElement | null = null;
  let props: SuggestionProps<MentionPerson> | null = null;
  let selected = 0;
  const draw = () => {
    if (!box || !props) return;
    const items = props.items;
    selected = Math.min(selected, Math.max(0, items.length - 1));
    box.replaceChildren();
    if (!items.length) {
      const li = document.createElement("li");
      li.className = "mention-none";
      li.textContent = strings.none(props.query);
      box.append(li);
    }
    items.forEach((p, i) => {
      const li = document.createElement("li");
      li.id = `mention-option-${i}`;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", String(i === selected));
      li.textContent = p.name;
      if (p.email) {
        const small = document.createElement("small");
        small.textContent = p.email;
        li.append(small);
      }
      li.addEventListener("mousedown", (e) => {
        e.preventDefault();
        choose(i);
      });
      box!.append(li);
    });
    props.editor.view.dom.setAttribute("aria-activedescendant", items.length ? `mention-option-${selected}` : "");
    const rect = props.clientRect?.();
    if (rect) {
      box.style.left = `${Math.round(rect.left)}px`;
      box.style.top = `${Math.round(rect.bottom + 4)}px`;
    }
  };
  const choose = (i: number) => {
    const p = props?.items[i];
    if (p && props) props.command({ id: p.id, label: p.name, mentionId: newMentionId() } as never);
  };
  return {
    onStart(p: SuggestionProps<MentionPerson>) {
      props = p;
      selected = 0;
      box = document.createElement("ul");
      box.className = "mention-list";
      box.id = "mention-options";
      box.setAttribute("role", "listbox");
      box.setAttribute("aria-label", strings.label);
      document.body.append(box);
      p.editor.view.dom.setAttribute("aria-controls", "mention-options");
      p.editor.view.dom.setAttribute("aria-expanded", "true");
      draw();
    },
    onUpdate(p: SuggestionProps<MentionPerson>) {
      props = p;
      draw();
    },
    onKeyDown({ event }: SuggestionKeyDownProps): boolean {
      const n = props?.items.length ?? 0;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (n) selected = (selected + (event.key === "ArrowDown" ? 1 : n - 1)) % n;
        draw();
        return true;
      }
      if ((event.key === "Enter" || event.key === "Tab") && n) {
        choose(selected);
        return true;
      }
      return false;
    },
    onExit() {
      const dom = props?.editor.view.dom;
      dom?.removeAttribute("aria-activedescendant");
      dom?.removeAttribute("aria-controls");
      dom?.removeAttribute("aria-expanded");
      box?.remove();
      box = null;
      props = null;
    },
  };
}

/** The Mention extension, offering `people()` (read at each keystroke: the directory may arrive later). */
export function mentionExtension(people: () => readonly MentionPerson[], strings: Strings) {
  return Mention.extend({
    addAttributes() {
      return {
        ...this.parent?.(),
        mentionId: {
          default: null,
          parseHTML: (el: HTMLElement) => el.getAttribute("data-mention-id"),
          renderHTML: (attrs: { mentionId?: string | null }) =>
            attrs.mentionId ? { "data-mention-id": attrs.mentionId } : {},
        },
      };
    },
  }).configure({
    HTMLAttributes: { class: "mention" },
    suggestion: {
      char: "@",
      items: ({ query }) => matchPeople(people(), query),
      render: () => suggestionList(strings),
    },
  });
}

/** Calls `report` with the mentions each local change of `editor` inserts; returns the unsubscribe. */
export function watchMentions(editor: Editor, report: (made: MadeMention[]) => void): () => void {
  const onTransaction = ({ transaction }: { transaction: Transaction }) => {
    const made = insertedMentions(transaction, transaction.doc);
    if (made.length) report(made);
  };
  editor.on("transaction", onTransaction);
  return () => editor.off("transaction", onTransaction);
}
