import { type ReactNode, useCallback, useState } from "react";
import { useTranslation } from "react-i18next";
import { useProblemText } from "./useProblemText.js";

/*
 * What the endpoints list and an endpoint's delivery log share: a list read from
 * `/api/v1/webhooks…` with the problem of the last call shown above it, actions that reload it,
 * and a table whose last column holds each row's buttons.
 */

export function useServerList<T>(fetchList: () => Promise<T[]>) {
  const problemText = useProblemText();
  const [items, setItems] = useState<T[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setItems(await fetchList());
      setProblem(null);
    } catch (err) {
      setProblem(problemText(err));
    }
  }, [fetchList, problemText]);

  /** Does `work`, then reads the list again; a failure is shown as the problem. */
  const act = async (work: () => Promise<unknown>) => {
    try {
      await work();
      await load();
    } catch (err) {
      setProblem(problemText(err));
    }
  };

  return { items, problem, load, act };
}

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
