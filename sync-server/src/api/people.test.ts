import { describe, expect, it } from "vitest";
import { api, person } from "../auth/testing.js";
import { client, serverPerTest } from "./testing.js";

const fixture = serverPerTest();

describe("people", () => {
  it("tells every member who is in the workspace, and nobody else", async () => {
    const { server, owner, ws } = fixture();
    const viewer = await person(server, "Vera", { workspaceId: ws, role: "viewer" });
    const outsider = await person(server, "Olga");
    const seen = await client(server, viewer).workspaces[":ws"].people.$get({ param: { ws } });
    expect(seen.status).toBe(200);
    expect((await seen.json()).people).toEqual([
      { id: owner.userId, name: "Owner", email: owner.email, role: "owner" },
      { id: viewer.userId, name: "Vera", email: viewer.email, role: "viewer" },
    ]);
    const refused = await api(server, "GET", `/api/workspaces/${ws}/people`, { cookie: outsider.cookie });
    expect(refused.status).toBe(404);
    expect((await api(server, "GET", `/api/workspaces/${ws}/people`)).status).toBe(401);
    // A path that cannot name a workspace is as unknown as someone else's.
    const malformed = await api(server, "GET", "/api/workspaces/NO..WS/people", { cookie: viewer.cookie });
    expect(malformed.status).toBe(404);
    expect(malformed.json.error).toMatchObject({ code: "no-workspace" });
  });
});
