import { useLiveQuery } from "dexie-react-hooks";
import { Link } from "wouter";
import { useRuntime } from "../runtime/context.js";

/** An account's name as a link, looked up in the local projection. */
export function AccountName({ id, link = false }: { id: string; link?: boolean }) {
  const { db } = useRuntime();
  const name = useLiveQuery(() => (id ? db.accounts.get(id).then((a) => a?.name ?? "") : ""), [db, id]);
  if (!id || !name) return <>—</>;
  return link ? <Link href={`/accounts/${id}`}>{name}</Link> : name;
}
