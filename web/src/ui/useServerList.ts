import { useCallback, useState } from "react";

/**
 * A list read from the server (team members, tokens, webhook endpoints, a delivery log) with the
 * problem of the last call: `load` reads it (again), `act` makes a change and reads it again;
 * either failing becomes the problem, in the words `problemText` gives it. `fetchList` and
 * `problemText` should be stable: `load` changes when they do.
 */
export function useServerList<T>(fetchList: () => Promise<T[]>, problemText: (err: unknown) => string) {
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

  const act = async (work: () => Promise<unknown>) => {
    try {
      await work();
      await load();
    } catch (err) {
      setProblem(problemText(err));
    }
  };

  return { items, problem, setProblem, load, act };
}
