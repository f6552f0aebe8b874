import { expect, test } from "./fixtures.js";

/*
 * The REST API and the open app are one workspace: a record created through `/api/v1` appears in
 * an open list without a reload (the automation peer writes it through the sync protocol like a
 * browser), and an edit in the browser is what the API answers moments later. The API's
 * description is browsable for admins on Team → API, in both languages, with the keyboard.
 */

test("an account created through the API appears live in the open list; a browser edit is read back through it", async ({
  ada,
  server,
}) => {
  const token = await ada.team.mintToken("Playwright", "Editor");
  const api = (method: string, path: string, body?: unknown) =>
    fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body ? { "Content-Type": "application/json" } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });

  await ada.accounts.goto();
  await expect(ada.accounts.newButton).toBeVisible();
  const made = await api("POST", "/accounts", { name: "Made Through The API", billingCity: "Lisbon" });
  expect(made.status).toBe(201);
  const { id } = (await made.json()) as { id: string };
  // No reload: the list shows it as the server relays the peer's write.
  await expect(ada.accounts.link("Made Through The API")).toBeVisible();

  const record = await ada.accounts.open("Made Through The API");
  await ada.accounts.editOpen({ City: "Porto" });
  await expect(record.heading("Made Through The API")).toBeVisible();
  await expect
    .poll(async () => ((await (await api("GET", `/accounts/${id}`)).json()) as { billingCity: string }).billingCity)
    .toBe("Porto");
  const listed = (await (await api("GET", "/accounts?filter[billingCity]=Porto")).json()) as { data: { id: string }[] };
  expect(listed.data.map((a) => a.id)).toEqual([id]);
});

test("admins browse the API's description on Team → API, by keyboard, in English and Chinese", async ({
  ada,
  a,
}, testInfo) => {
  await ada.team.openApiDocs();
  await expect(a.getByRole("heading", { name: "REST API", level: 2 })).toBeVisible();
  await expect(a.getByRole("link", { name: "OpenAPI document (JSON)" })).toHaveAttribute(
    "href",
    "/api/v1/openapi.json",
  );
  await expect(a.getByRole("link", { name: "Create a service token" })).toHaveAttribute("href", "/team/tokens");
  const resources = a.getByRole("navigation", { name: "Resources" });
  for (const name of ["accounts", "contacts", "opportunities", "activities", "meta"])
    await expect(resources.getByRole("link", { name, exact: true })).toBeVisible();

  // Open "POST /api/v1/accounts" with the keyboard: its fields and a curl with a placeholder token.
  const create = ada.team.operation("POST", "/api/v1/accounts");
  await create.locator(":scope > summary").focus();
  await a.keyboard.press("Enter");
  await expect(create).toHaveAttribute("open", "");
  await expect(create.getByText("Schema AccountInput")).toBeVisible();
  await expect(create.getByRole("cell", { name: "billingCity", exact: true })).toBeVisible();
  await expect(create.locator("pre")).toContainText("curl -X POST");
  await expect(create.locator("pre")).toContainText("Authorization: Bearer crm_YOUR_TOKEN");
  await expect(create.getByRole("cell", { name: "422", exact: true })).toBeVisible();
  await create.locator(":scope > summary").scrollIntoViewIfNeeded();
  await a.screenshot({ path: testInfo.outputPath("api-docs-en.png"), fullPage: false });

  // The list's filters are described; a Tab reaches the next operation's disclosure.
  const list = ada.team.operation("GET", "/api/v1/accounts");
  await list.locator(":scope > summary").focus();
  await a.keyboard.press("Space");
  await expect(list.getByRole("cell", { name: "filter", exact: true })).toBeVisible();

  await ada.shell.setLanguage("zh");
  await expect(a.getByRole("heading", { name: "REST API", level: 2 })).toBeVisible();
  await expect(a.getByRole("link", { name: "OpenAPI 文档（JSON）" })).toBeVisible();
  await expect(create.getByText("结构 AccountInput")).toBeVisible();
  await expect(create.getByRole("cell", { name: "城市", exact: true })).toBeVisible();
  await expect(a.getByRole("navigation", { name: "资源" })).toBeVisible();
  await create.locator(":scope > summary").scrollIntoViewIfNeeded();
  await a.screenshot({ path: testInfo.outputPath("api-docs-zh.png"), fullPage: false });
});

test("the API page is for admins: an editor is told so", async ({ bo, b }) => {
  await b.goto(`${new URL(b.url()).origin}/team/api`);
  await expect(b.getByText("Only owners and admins manage the team.")).toBeVisible();
  await expect(b.locator("details.api-op")).toHaveCount(0);
  await expect(bo.nav("Team")).toHaveCount(0);
});
