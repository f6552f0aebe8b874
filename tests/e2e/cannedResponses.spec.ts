import nodemailer from "nodemailer";
import { expect } from "./fixtures.js";
import { DOMAIN, inboundTest as test } from "./mailFixtures.js";

/*
 * Canned responses: an admin adds one in Settings → Canned responses (keyboard only), an agent
 * inserts it into a case's reply with Alt+/ — the merge fields filled for this case (the
 * customer's first name, the subject, the agent) and one that stays empty named before sending.
 */

test("a canned response is added in Settings and inserted into a reply with its merge fields filled", async ({
  ada,
  a,
  team,
  smtpPort,
}) => {
  await ada.shell.openSettings();
  await a.getByRole("link", { name: "Canned responses" }).click();
  await expect(a.getByRole("heading", { name: "Canned responses", level: 1 })).toBeVisible();
  await a.getByRole("button", { name: "Add a canned response" }).press("Enter");
  // Focus lands on the new response's title.
  await a.keyboard.type("Fixed");
  await a.keyboard.press("Tab");
  await a.keyboard.type(
    'Hi {{ contact.first_name | default: "there" }}, "{{ case.subject }}" is fixed. {{ contact.nickname }}— {{ agent.name }}',
  );
  await a.getByRole("button", { name: "Save changes" }).press("Enter");
  await expect(a.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();

  const transport = nodemailer.createTransport({ host: "127.0.0.1", port: smtpPort, secure: false, ignoreTLS: true });
  await ada.cases.goto();
  await expect
    .poll(
      () =>
        transport
          .sendMail({
            from: '"Linus Customer" <linus@kernel.example>',
            to: `${team.workspace}@${DOMAIN}`,
            subject: "Build fails on ARM",
            text: "The build fails.",
          })
          .then(
            () => true,
            () => false,
          ),
      { timeout: 20_000 },
    )
    .toBe(true);
  await a.getByRole("link", { name: "Build fails on ARM" }).click({ timeout: 20_000 });
  const conversation = a.getByRole("region", { name: "Conversation" });
  const box = conversation.getByRole("textbox", { name: "Reply to the customer" });
  await box.focus();
  await a.keyboard.press("Alt+/");
  const picker = a.getByRole("dialog", { name: "Insert a canned response" });
  await expect(picker).toBeVisible();
  await a.keyboard.type("fix");
  await a.keyboard.press("Enter");
  await expect(picker).toBeHidden();
  await expect(box).toHaveValue('Hi Linus, "Build fails on ARM" is fixed. — Ada Owner');
  await expect(box).toBeFocused();
  await expect(conversation.getByRole("alert")).toContainText("{{ contact.nickname }} is empty for this case");
});
