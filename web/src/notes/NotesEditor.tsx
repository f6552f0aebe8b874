import Collaboration from "@tiptap/extension-collaboration";
import CollaborationCaret from "@tiptap/extension-collaboration-caret";
import { EditorContent, useEditor, useEditorState } from "@tiptap/react";
import StarterKit from "@tiptap/starter-kit";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { type MadeMention, type MentionPerson, mentionExtension, watchMentions } from "./mentions.js";
import type { NoteDoc } from "./useNoteDoc.js";
import "./notes.css";

/**
 * A record's rich-text notes, co-edited live: the Yjs document is the editor's state, and every
 * other person's caret and selection is drawn with their name. Loaded on demand (Tiptap is big).
 */
export default function NotesEditor({
  note,
  user,
  labelledBy,
  editable = true,
  people = [],
  onMentions,
}: {
  note: NoteDoc;
  user: { id: string; name: string; color: string };
  labelledBy: string;
  /** False for roles that may only read: the notes show, the caret and toolbar do not. */
  editable?: boolean;
  /** Whom `@` offers (the workspace's people). */
  people?: readonly MentionPerson[];
  /** The mentions this person inserts (mentions.ts: not the ones already there, nor a teammate's). */
  onMentions?: (made: MadeMention[]) => void;
}) {
  const { t } = useTranslation();
  // Read at each keystroke and each change: the editor is not rebuilt when they change.
  const peopleRef = useRef(people);
  peopleRef.current = people;
  const reportRef = useRef(onMentions);
  reportRef.current = onMentions;
  const editor = useEditor(
    {
      extensions: [
        // Yjs keeps the undo history per person; ProseMirror's own would undo others' typing.
        StarterKit.configure({ undoRedo: false }),
        Collaboration.configure({ document: note.doc, field: "notes" }),
        CollaborationCaret.configure({ provider: { awareness: note.awareness }, user }),
        mentionExtension(() => peopleRef.current, {
          none: (q) => t("notifications.mention.none", { q }),
          label: t("notifications.mention.label"),
        }),
      ],
      editable,
      editorProps: { attributes: notesAttributes(labelledBy, t("notes.placeholder")) },
    },
    [note, editable],
  );
  // The editor is not rebuilt for a language switch: its placeholder follows it here.
  const placeholder = t("notes.placeholder");
  useEffect(() => {
    if (!editor || editor.isDestroyed) return;
    editor.setOptions({
      editorProps: { ...editor.options.editorProps, attributes: notesAttributes(labelledBy, placeholder) },
    });
  }, [editor, labelledBy, placeholder]);
  useEffect(() => {
    if (!editor || !editable) return;
    return watchMentions(editor, (made) => reportRef.current?.(made));
  }, [editor, editable]);
  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      bold: e?.isActive("bold") ?? false,
      italic: e?.isActive("italic") ?? false,
      bullets: e?.isActive("bulletList") ?? false,
      heading: e?.isActive("heading", { level: 3 }) ?? false,
      empty: e?.isEmpty ?? true,
    }),
  });
  if (!editor) return null;
  const tool = (key: "bold" | "italic" | "bullets" | "heading", label: string, run: () => void) => (
    <button
      type="button"
      className="tool"
      aria-label={t(`notes.${key}`)}
      title={t(`notes.${key}`)}
      aria-pressed={state?.[key] ?? false}
      disabled={!editable}
      onMouseDown={(e) => e.preventDefault()}
      onClick={run}
    >
      {label}
    </button>
  );
  return (
    <div className={`notes${state?.empty ? " is-empty" : ""}`}>
      <div className="notes-toolbar" role="toolbar" aria-label={t("notes.label")}>
        {tool("bold", "B", () => editor.chain().focus().toggleBold().run())}
        {tool("italic", "I", () => editor.chain().focus().toggleItalic().run())}
        {tool("heading", "H", () => editor.chain().focus().toggleHeading({ level: 3 }).run())}
        {tool("bullets", "•", () => editor.chain().focus().toggleBulletList().run())}
      </div>
      <EditorContent editor={editor} />
    </div>
  );
}

function notesAttributes(labelledBy: string, placeholder: string): Record<string, string> {
  return {
    class: "notes-editor",
    role: "textbox",
    "aria-multiline": "true",
    "aria-labelledby": labelledBy,
    "data-placeholder": placeholder,
  };
}
