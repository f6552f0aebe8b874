import type { AnswerArticle, FieldIssue, StoredRecord } from "@crm/schema";
import { useLiveQuery } from "dexie-react-hooks";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Row } from "../local/db.js";
import { useRuntime } from "../runtime/context.js";
import { useCanWrite } from "../runtime/session.js";

type Draft = Pick<AnswerArticle, "question" | "answer" | "keywords" | "language">;
const EMPTY: Draft = { question: "", answer: "", keywords: "", language: "en" };

/**
 * Settings → Answers: the articles the chat widget offers visitors (records of `answerArticles`,
 * written on this device and synced like any record). A list, and one form to add or edit.
 */
export function AnswersSection() {
  const { t } = useTranslation();
  const { db, store } = useRuntime();
  const canWrite = useCanWrite("answerArticles");
  const articles = useLiveQuery(
    async () =>
      ((await db.answerArticles.orderBy("sortKey").toArray()) as Row<AnswerArticle>[]).filter((a) => !a.deletedAt),
    [db],
  );
  const [editing, setEditing] = useState<Row<AnswerArticle> | "new" | null>(null);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const id = useId();

  const open = (a: Row<AnswerArticle> | "new") => {
    setEditing(a);
    setIssues([]);
    setDraft(
      a === "new" ? EMPTY : { question: a.question, answer: a.answer, keywords: a.keywords, language: a.language },
    );
  };
  const save = async () => {
    if (!editing) return;
    const result =
      editing === "new"
        ? await store.create("answerArticles", draft)
        : await store.update("answerArticles", editing.id, draft, editing as unknown as StoredRecord);
    if (!result.ok) return setIssues(result.issues);
    setEditing(null);
  };
  const issue = (field: string) => issues.find((i) => i.field === field);
  const input = (field: keyof Draft, label: string, multiline = false) => {
    const problem = issue(field);
    const props = {
      id: `${id}-${field}`,
      value: draft[field],
      "aria-invalid": problem ? true : undefined,
      "aria-describedby": problem ? `${id}-${field}-error` : undefined,
      onChange: (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [field]: e.target.value })),
    };
    return (
      <div className={`field${problem ? " invalid" : ""}`}>
        <label htmlFor={props.id}>{label}</label>
        {multiline ? <textarea rows={5} {...props} /> : <input {...props} />}
        {problem && (
          <p id={`${id}-${field}-error`} className="field-error">
            {t(`errors.${problem.code}` as "errors.required")}
          </p>
        )}
      </div>
    );
  };

  return (
    <section className="card form settings-section" aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`}>{t("chat.answers.title")}</h1>
      <p className="muted">{t("chat.answers.lead")}</p>
      {!canWrite && <p className="muted">{t("chat.answers.readOnly")}</p>}
      {articles && articles.length === 0 && <p className="muted">{t("chat.answers.none")}</p>}
      <ul className="plain-list answer-list">
        {articles?.map((a) => (
          <li key={a.id}>
            <strong>{a.question}</strong> <span className="muted small">{a.language}</span>
            {canWrite && (
              <>
                {" "}
                <button
                  type="button"
                  className="button small"
                  onClick={() => open(a)}
                  aria-label={t("chat.answers.editNamed", { question: a.question })}
                >
                  {t("chat.answers.edit")}
                </button>{" "}
                <button
                  type="button"
                  className="button small danger-outline"
                  onClick={() => void store.remove("answerArticles", a.id)}
                  aria-label={t("chat.answers.deleteNamed", { question: a.question })}
                >
                  {t("chat.answers.delete")}
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
      {canWrite && !editing && (
        <button type="button" className="button primary" onClick={() => open("new")}>
          {t("chat.answers.add")}
        </button>
      )}
      {editing && (
        <form
          aria-label={editing === "new" ? t("chat.answers.add") : t("chat.answers.edit")}
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          {input("question", t("chat.answers.question"))}
          {input("answer", t("chat.answers.answer"), true)}
          {input("keywords", t("chat.answers.keywords"))}
          <div className="field">
            <label htmlFor={`${id}-language`}>{t("chat.answers.language")}</label>
            <select
              id={`${id}-language`}
              value={draft.language}
              onChange={(e) => setDraft((d) => ({ ...d, language: e.target.value as Draft["language"] }))}
            >
              <option value="en">English</option>
              <option value="zh">中文</option>
            </select>
          </div>
          <div className="form-actions">
            <button type="submit" className="button primary">
              {t("chat.answers.save")}
            </button>{" "}
            <button type="button" className="button" onClick={() => setEditing(null)}>
              {t("chat.answers.cancel")}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
