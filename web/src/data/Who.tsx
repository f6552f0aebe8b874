import { PersonName } from "../ui/Person.js";

/** A person by their user id, named from the workspace's directory (runtime/people.ts). */
export function Who({ id }: { id: string }) {
  if (!id) return null;
  return <PersonName id={id} />;
}
