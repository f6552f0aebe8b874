import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "wouter";
import { TeamShell } from "../admin/TeamShell.js";
import { hasKey } from "../i18n/keys.js";
import { NetworkError } from "../runtime/api.js";
import { restApi } from "../runtime/restApi.js";
import { useSession } from "../runtime/session.js";
import {
  type ApiDocument,
  curlExample,
  fieldRows,
  groupOperations,
  type OperationView,
  refName,
  type Schema,
} from "./openapiView.js";
import "./apiDocs.css";

/**
 * Team → API (`/team/api`, admins): the REST API as the server describes it in
 * `/api/v1/openapi.json` (this workspace's custom fields included), by resource. Each operation
 * is a disclosure (Enter/Space opens it) with its parameters, request and response fields and a
 * curl command with a placeholder token. Drawn by the app itself: no script from elsewhere, so
 * the strict CSP holds.
 */
export function ApiDocsPage() {
  const { t } = useTranslation();
  const { workspace } = useSession();
  const [doc, setDoc] = useState<ApiDocument | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    restApi<ApiDocument>(workspace.id, "/openapi.json").then(
      (d) => live && setDoc(d),
      (err) =>
        live &&
        setProblem(
          err instanceof NetworkError
            ? t("apiDocs.offline")
            : t("apiDocs.failed", { message: String(err.message ?? err) }),
        ),
    );
    return () => {
      live = false;
    };
  }, [workspace.id, t]);

  const groups = useMemo(() => (doc ? groupOperations(doc) : []), [doc]);
  const origin = window.location.origin;

  return (
    <TeamShell>
      <section className="card" aria-labelledby="api-h">
        <h2 id="api-h">{t("apiDocs.title")}</h2>
        <p className="muted">{t("apiDocs.lead", { base: `${origin}/api/v1` })}</p>
        <p className="api-links">
          <a href="/api/v1/openapi.json" target="_blank" rel="noopener">
            {t("apiDocs.rawJson")}
          </a>
          <Link href="/team/tokens">{t("apiDocs.mintToken")}</Link>
        </p>
        <h3>{t("apiDocs.authTitle")}</h3>
        <p className="muted small">{t("apiDocs.authLead")}</p>
        <pre className="api-code">Authorization: Bearer crm_YOUR_TOKEN</pre>
      </section>
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
      {!doc && !problem && <p className="muted pad">{t("apiDocs.loading")}</p>}
      {doc && (
        <nav className="card api-index" aria-label={t("apiDocs.resources")}>
          <h2>{t("apiDocs.resources")}</h2>
          <ul>
            {groups.map((g) => (
              <li key={g.tag}>
                <a href={`#api-${g.tag}`}>{g.tag}</a>
              </li>
            ))}
          </ul>
        </nav>
      )}
      {doc &&
        groups.map((g) => (
          <section key={g.tag} className="card api-group" id={`api-${g.tag}`} aria-labelledby={`api-${g.tag}-h`}>
            <h2 id={`api-${g.tag}-h`}>{g.tag}</h2>
            <p className="muted small">
              {g.description ? `${g.description} · ` : ""}
              {t("apiDocs.operations", { count: g.operations.length })}
            </p>
            {g.operations.map((op) => (
              <Operation key={`${op.method} ${op.path}`} doc={doc} op={op} origin={origin} />
            ))}
          </section>
        ))}
    </TeamShell>
  );
}

function Operation({ doc, op, origin }: { doc: ApiDocument; op: OperationView; origin: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <details className="api-op" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        <span className={`api-method ${op.method.toLowerCase()}`}>{op.method}</span>
        <code className="api-path">{op.path}</code>
        <span className="api-summary">{op.summary}</span>
      </summary>
      {open && (
        <div className="api-op-body">
          <h4>{t("apiDocs.parameters")}</h4>
          {op.parameters.length === 0 ? (
            <p className="muted small">{t("apiDocs.noParameters")}</p>
          ) : (
            <table className="table api-table">
              <thead>
                <tr>
                  <th>{t("apiDocs.name")}</th>
                  <th>{t("apiDocs.location")}</th>
                  <th>{t("apiDocs.type")}</th>
                  <th>{t("apiDocs.required")}</th>
                  <th>{t("apiDocs.description")}</th>
                </tr>
              </thead>
              <tbody>
                {op.parameters.map((p) => (
                  <tr key={`${p.in} ${p.name}`}>
                    <td>
                      <code>{p.name}</code>
                    </td>
                    <td>{hasKey("apiDocs.locations", p.in) ? t(`apiDocs.locations.${p.in}`) : p.in}</td>
                    <td className="mono">{p.type}</td>
                    <td>{p.required ? t("apiDocs.yes") : ""}</td>
                    <td className="api-description">{p.description}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {op.body && (
            <>
              <h4>{t("apiDocs.requestBody")}</h4>
              <Fields doc={doc} schema={op.body} open />
            </>
          )}
          <h4>{t("apiDocs.responses")}</h4>
          <table className="table api-table">
            <thead>
              <tr>
                <th>{t("apiDocs.status")}</th>
                <th>{t("apiDocs.description")}</th>
                <th>{t("apiDocs.type")}</th>
              </tr>
            </thead>
            <tbody>
              {op.responses.map((r) => (
                <tr key={r.status}>
                  <td className="mono">{r.status}</td>
                  <td>{r.description}</td>
                  <td className="mono">{refName(r.schema) ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {op.responses
            .filter((r) => r.status.startsWith("2") && r.schema)
            .slice(0, 1)
            .map((r) => (
              <Fields key={r.status} doc={doc} schema={r.schema!} />
            ))}
          <h4>{t("apiDocs.example")}</h4>
          <CopyBlock text={curlExample(doc, origin, op)} />
        </div>
      )}
    </details>
  );
}

/** A schema's fields as a table, behind a disclosure unless `open`. */
function Fields({ doc, schema, open = false }: { doc: ApiDocument; schema: Schema; open?: boolean }) {
  const { t, i18n } = useTranslation();
  const zh = i18n.language.startsWith("zh");
  const name = refName(schema) ?? "";
  const rows = fieldRows(doc, schema, zh);
  // A list's page ({data: Account[]}) shows the record's fields: what a reader wants to know.
  const items = rows.length === 2 && rows[0]?.name === "data" ? fieldRows(doc, itemsOf(doc, schema), zh) : null;
  const shown = items ?? rows;
  const title = items ? (refName(itemsOf(doc, schema)) ?? name) : name;
  const table = (
    <table className="table api-table">
      <thead>
        <tr>
          <th>{t("apiDocs.name")}</th>
          <th>{t("apiDocs.type")}</th>
          <th>{t("apiDocs.required")}</th>
          <th>{t("apiDocs.description")}</th>
        </tr>
      </thead>
      <tbody>
        {shown.map((f) => (
          <tr key={f.name}>
            <td>
              <code>{f.name}</code>
            </td>
            <td className="mono">{f.type}</td>
            <td>{f.required ? t("apiDocs.yes") : f.readOnly ? t("apiDocs.readOnly") : ""}</td>
            <td className="api-description">{f.description}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
  if (open)
    return (
      <>
        {title && <p className="muted small">{t("apiDocs.schema", { name: title })}</p>}
        {table}
      </>
    );
  return (
    <details className="api-fields">
      <summary>{t("apiDocs.showSchema", { name: title })}</summary>
      {table}
    </details>
  );
}

function itemsOf(doc: ApiDocument, schema: Schema): Schema | undefined {
  const list = doc.components?.schemas?.[refName(schema) ?? ""] ?? schema;
  const data = (list.properties as Record<string, Schema> | undefined)?.data;
  return data?.items as Schema | undefined;
}

function CopyBlock({ text }: { text: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  return (
    <div className="api-copy">
      <pre className="api-code">{text}</pre>
      <button
        type="button"
        className="button small"
        onClick={() => void navigator.clipboard?.writeText(text).then(() => setCopied(true))}
      >
        {copied ? t("apiDocs.copied") : t("apiDocs.copy")}
      </button>
    </div>
  );
}
