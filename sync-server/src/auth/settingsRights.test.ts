import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { addCustomField, readSettings, settingsDocName, writeSettings } from "@crm/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type RunningServer } from "../app.js";
import { MuxClient, waitUntil } from "../testing/clients.js";
import { person, type TestPerson } from "./testing.js";

/*
 * Custom fields and picklist values live in the workspace settings document: only owners and
 * admins may change them. The web app disables the controls for everyone else; this is the
 * server's side: an editor's update to the document is refused, never stored nor relayed.
 */

let server: RunningServer;
let dataDir: string;
let W: string;
let admin: TestPerson;
let editor: TestPerson;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "crm-settings-rights-"));
  server = await createServer({ port: 0, host: "127.0.0.1", dataDir });
  const owner = await person(server, "Owner");
  W = server.auth!.createWorkspace("Acme", owner.userId).id;
  admin = await person(server, "Admin", { workspaceId: W, role: "admin" });
  editor = await person(server, "Editor", { workspaceId: W, role: "editor" });
});

afterAll(async () => {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("custom fields and picklists in the settings document", () => {
  it("an admin adds a field and edits a list; an editor's change to either is refused and never stored", async () => {
    const DOC = settingsDocName(W);
    const adminClient = await MuxClient.open(server.wsUrl, { Cookie: admin.cookie });
    const mine = adminClient.subscribe(DOC);
    await adminClient.waitSynced(DOC);
    const patch = addCustomField(
      readSettings(mine).settings,
      {
        collection: "accounts",
        kind: "picklist",
        label: { en: "Tier", zh: "等级" },
        values: [{ value: "gold", label: { en: "Gold", zh: "金牌" } }],
      },
      "field-tier-1",
    );
    expect(writeSettings(mine, patch).ok).toBe(true);
    await adminClient.waitPersisted(DOC);
    const rowsBefore = server.storage.loadUpdates(DOC).updates.length;

    const editorClient = await MuxClient.open(server.wsUrl, { Cookie: editor.cookie });
    const copy = editorClient.subscribe(DOC);
    await editorClient.waitSynced(DOC);
    const read = readSettings(copy).settings;
    expect(read.customFields["field-tier-1"]?.key).toBe("cfTier"); // an editor reads the field
    // The editor renames the field and adds a value to the industry list, on its own copy.
    const tier = read.customFields["field-tier-1"]!;
    const forged = writeSettings(copy, {
      customFields: { [tier.id]: { ...tier, label: { en: "Forged", zh: "伪造" } } },
      picklists: { industry: [...read.picklists.industry!, { value: "forged", label: { en: "Forged", zh: "" } }] },
    });
    expect(forged.ok).toBe(true); // schema-valid: only the server's rights stop it
    await waitUntil("the refusal", () => editorClient.errors.length > 0);
    expect(editorClient.errors[0]).toMatchObject({ docName: DOC, code: "read-only" });

    // Nothing stored, nothing relayed: the admin's document and a fresh reader see the admin's field.
    await adminClient.waitPersisted(DOC);
    expect(server.storage.loadUpdates(DOC).updates.length).toBe(rowsBefore);
    expect(readSettings(mine).settings.customFields["field-tier-1"]?.label.en).toBe("Tier");
    expect(readSettings(mine).settings.picklists.industry?.some((v) => v.value === "forged")).toBe(false);
    const fresh = await MuxClient.open(server.wsUrl, { Cookie: admin.cookie });
    const again = fresh.subscribe(DOC);
    await fresh.waitSynced(DOC);
    expect(readSettings(again).settings.customFields["field-tier-1"]?.label.en).toBe("Tier");
    expect(readSettings(again).settings.picklists.industry?.some((v) => v.value === "forged")).toBe(false);
    await fresh.close();
    await editorClient.close();
    await adminClient.close();
  });
});
