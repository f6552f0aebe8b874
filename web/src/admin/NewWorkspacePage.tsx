import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "wouter";
import { api, call } from "../runtime/api.js";
import { useSession } from "../runtime/session.js";
import { FormError } from "../ui/FormError.js";
import { useProblem } from "./TeamShell.js";

/** `/workspaces/new`: starts another workspace, owned by the signed-in person, and opens it. */
export function NewWorkspacePage() {
  const { t } = useTranslation();
  const problemOf = useProblem();
  const { openWorkspace } = useSession();
  const [name, setName] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const ws = await call(api.workspaces.$post({ json: { name } }));
      await openWorkspace(ws.id);
    } catch (err) {
      setProblem(problemOf(err));
    }
  };
  return (
    <div className="form-page">
      <form className="form card narrow" onSubmit={submit} noValidate>
        <h1>{t("workspace.newTitle")}</h1>
        <p className="muted">{t("workspace.newLead")}</p>
        <FormError message={problem} />
        <label className="field">
          <span>{t("auth.fields.workspaceName")}</span>
          <input value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <div className="form-actions">
          <button type="submit" className="button primary">
            {t("workspace.create")}
          </button>
          <Link href="/accounts" className="button">
            {t("common.cancel")}
          </Link>
        </div>
      </form>
    </div>
  );
}
