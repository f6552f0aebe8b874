import type { Mailer } from "@crm/peer";
import type { AnyContext, ApiKit } from "./kit.js";

/*
 * The mail `/api` sends through the peer's mail subsystem (invites, password reset): enqueued into
 * the shared database here, sent by whichever process runs jobs. Links point at PUBLIC_URL's first
 * origin when it is set, else at the origin the request came to (its Host passed the server's
 * Host check: a forged Host never reaches this code). Both languages in every message: the
 * server does not know the reader's.
 */

export interface ServerMail {
  mailer: Mailer;
  /** PUBLIC_URL (comma-separated origins); the first is where links point. */
  publicUrl?: string | undefined;
}

export function appOrigin(kit: ApiKit, c: AnyContext, publicUrl?: string): string {
  const first = publicUrl?.split(",")[0]?.trim();
  if (first) return new URL(first).origin;
  const host = c.req.header("host") ?? new URL(c.req.url).host;
  return `${kit.secure(c) ? "https" : "http"}://${host}`;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch]!);

const utc = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace("T", " ")} UTC`;

const roleZh: Record<string, string> = {
  owner: "所有者",
  admin: "管理员",
  editor: "编辑者",
  support: "客服",
  viewer: "只读成员",
};

export function inviteMail(o: { inviter: string; workspace: string; role: string; link: string; expiresAt: number }): {
  subject: string;
  text: string;
  html: string;
} {
  const subject = `${o.inviter} invited you to ${o.workspace} · ${o.inviter} 邀请你加入 ${o.workspace}`;
  const en = [
    `${o.inviter} invited you to join "${o.workspace}" as ${o.role}.`,
    `Open this link to accept (valid until ${utc(o.expiresAt)}):`,
  ];
  const zh = [
    `${o.inviter} 邀请你以「${roleZh[o.role] ?? o.role}」身份加入「${o.workspace}」。`,
    `打开此链接接受邀请（有效期至 ${utc(o.expiresAt)}）：`,
  ];
  const text = [...en, o.link, "", "—", "", ...zh, o.link, ""].join("\n");
  const para = (lines: string[]) =>
    `<p>${escapeHtml(lines[0]!)}</p><p>${escapeHtml(lines[1]!)}<br><a href="${escapeHtml(o.link)}">${escapeHtml(o.link)}</a></p>`;
  const html = `<!doctype html><html><body style="font-family:sans-serif">${para(en)}<hr>${para(zh)}</body></html>`;
  return { subject, text, html };
}

export function resetMail(o: { email: string; link: string }): { subject: string; text: string } {
  return {
    subject: "Reset your CRM password · 重置你的 CRM 密码",
    text: [
      `Someone (hopefully you) asked to reset the password of the CRM account ${o.email}.`,
      "Choose a new password with this link within one hour; it works once:",
      o.link,
      "If you did not ask for this, ignore this message: your password stays as it is.",
      "",
      "—",
      "",
      `有人（希望是你）请求重置 CRM 账户 ${o.email} 的密码。`,
      "请在一小时内通过此链接设置新密码（链接只能使用一次）：",
      o.link,
      "如果不是你本人操作，请忽略此邮件，你的密码不会改变。",
      "",
    ].join("\n"),
  };
}
