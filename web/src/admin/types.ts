import type { InferResponseType } from "hono/client";
import type { api } from "../runtime/api.js";

/** What the team pages show, as the server's routes answer it (sync-server/src/api/). */

type Workspace = (typeof api.workspaces)[":ws"];

export type Member = InferResponseType<Workspace["members"]["$get"], 200>["members"][number];
export type Invite = InferResponseType<Workspace["invites"]["$get"], 200>["invites"][number];
export type Token = InferResponseType<Workspace["tokens"]["$get"], 200>["tokens"][number];
export type AuditEntry = InferResponseType<Workspace["audit"]["$get"], 200>["entries"][number];
