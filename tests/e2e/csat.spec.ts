import { simpleParser } from "mailparser";
import nodemailer from "nodemailer";
import { expect } from "./fixtures.js";
import { DOMAIN, mailTest as test } from "./mailFixtures.js";

/*
 * A customer's CSAT answer, end to end: a customer's email opens a case, the agent resolves it in
 * the browser, the survey mail reaches this test's SMTP sink, the customer follows its "4" link
 * (a public page, no account), and the answer shows on the case and in the CSAT dashboard.
 */

test("a resolved case's customer answers 4 from the survey mail; the case and the CSAT dashboard show it", async ({
  ada,
  a,
  team,
  smtpPort,
  sink,
}) => {
  await ada.cases.goto();
  await expect(ada.cases.newButton).toBeVisible();
  const transport = nodemailer.createTransport({ host: "127.0.0.1", port: smtpPort, secure: false, ignoreTLS: true });
  await expect
    .poll(
      () =>
        transport
          .sendMail({
            from: '"Linus Customer" <linus@kernel.example>',
            to: `${team.workspace}@${DOMAIN}`,
            subject: "Build fails on ARM",
            text: "The build fails with an illegal instruction.",
          })
          .then(
            () => true,
            () => false,
          ),
      { timeout: 20_000 },
    )
    .toBe(true);
  await a.getByRole("link", { name: "Build fails on ARM" }).click({ timeout: 20_000 });

  // The agent resolves it; the customer will answer for themselves.
  await a.getByRole("button", { name: "Resolve" }).click();
  await a.getByRole("dialog").getByRole("button", { name: "Resolve without an answer" }).click();

  await expect
    .poll(() => sink.messages.filter((m) => m.to.includes("linus@kernel.example")).length, {
      timeout: 30_000,
    })
    .toBe(1);
  const mail = await simpleParser(sink.messages.find((m) => m.to.includes("linus@kernel.example"))!.raw);
  expect(mail.subject).toBe("How did we do? “Build fails on ARM”");
  const four = /^4 – Satisfied: (\S+)$/m.exec(mail.text ?? "")?.[1];
  expect(four).toMatch(/\/api\/v1\/surveys\/csat\/[\w-]+\.[\w-]+\?score=4$/);

  // The customer's browser: no session needed.
  const customer = await a.context().browser()!.newContext();
  const survey = await customer.newPage();
  await survey.goto(four!);
  await expect(survey.getByRole("heading", { level: 1 })).toHaveText("Thank you! We recorded your answer: 4 of 5.");
  await survey.getByLabel("Anything you would like to add? (optional)").fill("Quick and friendly");
  await survey.getByRole("button", { name: "Send comment" }).press("Enter");
  await expect(survey.getByRole("status")).toHaveText("Thank you, your comment was saved.");
  await customer.close();

  const csat = a.getByRole("region", { name: "Satisfaction" });
  await expect(csat).toContainText("4 / 5");
  await expect(csat).toContainText("answered by the customer");
  await expect(csat).toContainText("Quick and friendly");

  await ada.shell.goTo("Analytics");
  const month = `${new Date().toISOString().slice(0, 7)}-01`;
  const byMonth = a.getByRole("region", { name: "Customer satisfaction (CSAT) by month" });
  await byMonth.getByRole("button", { name: "Show as table" }).click();
  await expect(byMonth.getByRole("row", { name: `${month} 1 1 100 %` })).toBeVisible({ timeout: 30_000 });
});
