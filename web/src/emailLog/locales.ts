import { defineLocale, type Shape } from "../i18n/locale.js";

// The member's personal address for logging sales email (on `/me`). Merged under `emailLog`.

const en = {
  title: "Log emails to the CRM",
  lead: "BCC or forward an email to this address and it is logged on the timeline of each contact it was sent to (To and Cc) and of their open deals. No case is opened, and addresses that are not contacts are left out.",
  address: "Your logging address",
  copy: "Copy",
  copied: "Copied",
  regenerate: "Make a new address",
  regenerated: "New address made: mail to the old one is refused from now on.",
  private: "Anyone with this address can add emails to your timelines: keep it to your mail program.",
  failed: "The server did not do it: {{message}}",
  offline: "The server cannot be reached. Try again when you are online.",
};

const zh: Shape<typeof en> = {
  title: "将邮件记录到 CRM",
  lead: "将邮件密送（BCC）或转发到此地址，它会被记录到收件人（收件人和抄送）中每位联系人及其进行中商机的时间线上。不会创建工单；不是联系人的地址会被忽略。",
  address: "您的记录地址",
  copy: "复制",
  copied: "已复制",
  regenerate: "生成新地址",
  regenerated: "已生成新地址：发往旧地址的邮件从现在起将被拒收。",
  private: "任何知道此地址的人都可以向您的时间线添加邮件：请只在您的邮件程序中使用。",
  failed: "服务器未能完成：{{message}}",
  offline: "无法连接服务器。请在联网后重试。",
};

export const emailLogLocales = defineLocale(en, zh);
