import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, type Page } from "@playwright/test";

/** A web shop on another origin (this test's own HTTP server) whose page embeds the chat widget. */
export async function siteServer(crm: string, workspace: string): Promise<{ origin: string; close(): Promise<void> }> {
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    res.end(
      `<!doctype html><html lang="en"><head><title>Shop</title></head><body><h1>Our shop</h1>` +
        `<script src="${crm}/widget.js" data-workspace="${workspace}" async></script></body></html>`,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Settings → Chat by keyboard: the shop origin may show the widget. */
export async function allowOrigin(a: Page, crm: string, origin: string): Promise<void> {
  await a.goto(`${crm}/settings/chat`);
  const origins = a.getByLabel("Websites allowed to show the chat");
  await origins.focus();
  await a.keyboard.type(origin);
  await a.getByRole("button", { name: "Save changes" }).focus();
  await a.keyboard.press("Enter");
  await expect(a.getByText("<script src=")).toHaveCount(0);
  await expect(a.getByLabel("Code for your website")).toHaveValue(/data-workspace=/);
}

/** Settings → Answers: one answer article. */
export async function addAnswer(
  a: Page,
  crm: string,
  question: string,
  answer: string,
  keywords: string,
): Promise<void> {
  await a.goto(`${crm}/settings/answers`);
  await a.getByRole("button", { name: "Add an answer" }).click();
  await a.getByLabel("Question").fill(question);
  await a.getByLabel("Answer", { exact: true }).fill(answer);
  await a.getByLabel("Keywords").fill(keywords);
  await a.getByRole("button", { name: "Save answer" }).press("Enter");
  await expect(a.getByRole("listitem").filter({ hasText: question })).toBeVisible();
}
