import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

/*
 * What the endpoints list and an endpoint's delivery log share (their list state is
 * ui/useServerList.ts): the problem of the last call above the list, and a table whose last
 * column holds each row's buttons.
 */

export function ProblemAlert({ problem }: { problem: string | null }) {
  if (!problem) return null;
  return (
    <p className="form-error" role="alert">
      {problem}
    </p>
  );
}

/** A table of `headings`, then a last column of buttons whose heading only screen readers read. */
export function ActionsTable(props: { className: string; headings: string[]; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <table className={`table ${props.className}`}>
      <thead>
        <tr>
          {props.headings.map((h) => (
            <th key={h} scope="col">
              {h}
            </th>
          ))}
          <th scope="col">
            <span className="sr-only">{t("webhooks.list.actions")}</span>
          </th>
        </tr>
      </thead>
      <tbody>{props.children}</tbody>
    </table>
  );
}
