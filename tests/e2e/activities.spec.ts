import { expect, test } from "./fixtures.js";

const yesterday = () => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

test("a task logged on a contact shows on the contact, its account and the activities list; ticked done there, a teammate sees it", async ({
  a,
  b,
  ada,
  bo,
}) => {
  await ada.accounts.create({ Name: "Initech" });
  await ada.contacts.create({ "First name": "Peter", "Last name": "Gibbons" }, "Initech");
  await expect(ada.record.heading("Peter Gibbons")).toBeVisible();

  // Logged on the contact page: a task due yesterday, so overdue.
  const timeline = a.getByRole("region", { name: "Activities" });
  await expect(timeline).toContainText("No activities yet");
  const log = a.getByRole("form", { name: "Log activity" });
  await log.getByLabel("Type").selectOption({ label: "Task" });
  await log.getByRole("button", { name: "Log activity" }).click();
  await expect(log.getByText("This field is required.")).toBeVisible();
  await log.getByLabel("Subject").fill("Send the TPS report");
  await log.getByLabel("Due").fill(yesterday());
  await log.getByRole("button", { name: "Log activity" }).click();
  await expect(timeline.getByRole("listitem").filter({ hasText: "Send the TPS report" })).toContainText("Overdue");

  // The account's timeline holds what is about its contacts too.
  await a.getByRole("link", { name: "Initech" }).click();
  await expect(a.getByRole("region", { name: "Activities" })).toContainText("Send the TPS report");

  // The activities list: overdue, about Peter, owned by the person who logged it; tick it done.
  await ada.shell.goTo("Activities");
  const row = a.getByRole("listitem").filter({ hasText: "Send the TPS report" });
  await expect(row).toContainText("Contact: Peter Gibbons");
  await expect(row).toContainText("Ada Owner (you)");
  await expect(row.locator(".activity-due.overdue")).toBeVisible();
  await row.getByRole("checkbox", { name: "Done: Send the TPS report" }).click();
  await expect(row.getByRole("checkbox", { name: "Done: Send the TPS report" })).toBeChecked();
  await expect(row.locator(".activity-due.overdue")).toHaveCount(0);
  await expect(a).toHaveURL(/\/activities$/);

  // A teammate sees it done, and opens it.
  await bo.shell.goTo("Activities");
  const theirs = b.getByRole("listitem").filter({ hasText: "Send the TPS report" });
  await expect(theirs.getByRole("checkbox", { name: "Done: Send the TPS report" })).toBeChecked();
  await theirs.getByRole("link", { name: "Send the TPS report" }).click();
  await expect(bo.record.heading("Send the TPS report")).toBeVisible();
  await expect(bo.record.details).toContainText("Ada Owner");
  await b.getByRole("link", { name: "Contact: Peter Gibbons" }).click();
  await expect(bo.record.heading("Peter Gibbons")).toBeVisible();
});

test("an activity is planned from the list with the keyboard, edited, and reopened", async ({ a, ada }) => {
  await ada.shell.goTo("Activities");
  await expect(a.getByRole("heading", { name: "No activities yet" })).toBeVisible();
  await a.keyboard.press("n");
  await expect(a.getByRole("heading", { level: 1, name: "New activity" })).toBeVisible();
  await a.keyboard.type("Quarterly review with Initech");
  await a.getByLabel("Type").selectOption({ label: "Meeting" });
  await a.getByLabel("Due").fill("2031-03-14");
  await a.keyboard.press("Enter");
  await expect(ada.record.heading("Quarterly review with Initech")).toBeVisible();
  await expect(ada.record.details).toContainText("Mar 14, 2031");
  await a.getByRole("button", { name: "Mark done" }).click();
  await expect(a.getByRole("button", { name: "Mark not done" })).toBeVisible();
  await ada.record.edit();
  await expect(a.getByLabel("Due")).toHaveValue("2031-03-14");
  await expect(a.getByLabel("Done")).toBeChecked();
  await a.getByLabel("Done").uncheck();
  await a.getByLabel("Subject").fill("Quarterly review with Initech (moved)");
  await ada.form.save();
  await expect(ada.record.heading("Quarterly review with Initech (moved)")).toBeVisible();
  await expect(a.getByRole("button", { name: "Mark done" })).toBeVisible();
  await a.screenshot({ path: "/tmp/activities-shots/activity-en.png", fullPage: true });
  await ada.shell.goTo("Activities");
  await expect(a.getByRole("listitem").filter({ hasText: "(moved)" })).toContainText("Meeting");
  // The list's view bar knows activities: grouped by type, and "Done is Open".
  await a.getByLabel("Group by").selectOption({ label: "Type" });
  await expect(a.getByRole("button", { name: "Meeting 1" })).toBeVisible();
  await a.getByLabel("Group by").selectOption({ label: "No grouping" });
  await a.screenshot({ path: "/tmp/activities-shots/list-en.png", fullPage: true });
  await ada.shell.setLanguage("zh");
  await expect(a.getByRole("heading", { level: 1, name: "活动" })).toBeVisible();
  await expect(a.getByRole("listitem").filter({ hasText: "(moved)" })).toContainText("会议");
  await a.screenshot({ path: "/tmp/activities-shots/list-zh.png", fullPage: true });
});
