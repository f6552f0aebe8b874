import { PostgreSQL, sql } from "@codemirror/lang-sql";
import { setDiagnostics } from "@codemirror/lint";
import { Compartment, EditorSelection, EditorState, type Extension, Prec } from "@codemirror/state";
import { keymap } from "@codemirror/view";
import { basicSetup, EditorView } from "codemirror";
import { useEffect, useRef } from "react";
import { yCollab, yUndoManagerKeymap } from "y-codemirror.next";
import type { Awareness } from "y-protocols/awareness";
import * as Y from "yjs";

/*
 * CodeMirror 6 with SQL highlighting and completion of the tables and columns DuckDB reports
 * (information_schema), PostgreSQL's dialect being the closest to DuckDB's. Ctrl/Cmd+Enter runs.
 * Tab is left to the browser, so keyboard users can leave the editor; completions open as one
 * types or with Ctrl+Space. DuckDB's error position is shown as an underlined diagnostic.
 *
 * With `collab`, the document is a saved query's Y.Text (y-codemirror.next): everyone's typing
 * merges live, their carets show with their names, and undo (Yjs's, which outranks CodeMirror's
 * history) only undoes one's own edits. The parent remounts the editor (a React key) to switch
 * between the scratch text and a saved query.
 */

export interface EditorCollab {
  text: Y.Text;
  awareness: Awareness;
}

export interface EditorError {
  from: number;
  message: string;
}

export function SqlEditor(props: {
  initial: string;
  label: string;
  describedBy: string;
  schema: Map<string, string[]>;
  error: EditorError | null;
  onChange: (text: string) => void;
  onRun: () => void;
  collab?: EditorCollab | null;
  readOnly?: boolean;
}) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const language = useRef(new Compartment());
  // The latest callbacks, read by the editor's handlers (created once).
  const handlers = useRef(props);
  handlers.current = props;

  // biome-ignore lint/correctness/useExhaustiveDependencies: the editor is created once; later props go through effects.
  useEffect(() => {
    const collab = props.collab;
    const undoManager = collab ? new Y.UndoManager(collab.text) : null;
    const shared: Extension[] =
      collab && undoManager
        ? [yCollab(collab.text, collab.awareness, { undoManager }), Prec.high(keymap.of(yUndoManagerKeymap))]
        : [];
    const v = new EditorView({
      parent: host.current!,
      doc: collab ? collab.text.toString() : props.initial,
      extensions: [
        ...shared,
        EditorState.readOnly.of(props.readOnly ?? false),
        basicSetup,
        language.current.of(sql({ dialect: PostgreSQL, upperCaseKeywords: true })),
        Prec.highest(
          keymap.of([
            {
              key: "Mod-Enter",
              run: () => {
                handlers.current.onRun();
                return true;
              },
            },
          ]),
        ),
        EditorView.contentAttributes.of({
          "aria-label": props.label,
          "aria-describedby": props.describedBy,
          "aria-multiline": "true",
        }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) handlers.current.onChange(u.state.doc.toString());
        }),
        EditorView.lineWrapping,
      ],
    });
    view.current = v;
    return () => {
      v.destroy();
      undoManager?.destroy();
    };
  }, []);

  useEffect(() => {
    const schema = Object.fromEntries([...props.schema].map(([table, columns]) => [table, columns]));
    view.current?.dispatch({
      effects: language.current.reconfigure(sql({ dialect: PostgreSQL, upperCaseKeywords: true, schema })),
    });
  }, [props.schema]);

  useEffect(() => {
    const v = view.current;
    if (!v) return;
    if (!props.error) {
      v.dispatch(setDiagnostics(v.state, []));
      return;
    }
    const len = v.state.doc.length;
    const from = Math.min(props.error.from, len);
    const word = v.state.wordAt(from);
    const to = word && word.from === from ? word.to : Math.min(len, from + 1);
    v.dispatch(
      setDiagnostics(v.state, [{ from, to: Math.max(to, from), severity: "error", message: props.error.message }]),
      { selection: EditorSelection.cursor(from), scrollIntoView: true },
    );
  }, [props.error]);

  return <div ref={host} className="analytics-editor" data-error-at={props.error?.from} />;
}
