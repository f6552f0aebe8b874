import { defineLocale, type Shape } from "../i18n/locale.js";

// Strings of the notifications bell and panel, and of @mentions in notes. Merged under `notifications`.

const en = {
  bell: "Notifications",
  bellUnread_one: "Notifications, {{count}} unread",
  bellUnread_other: "Notifications, {{count}} unread",
  shortcut: "Alt+Shift+N",
  title: "Notifications",
  markAll: "Mark all read",
  markRead: "Mark read",
  dismiss: "Dismiss",
  empty: "Nothing new. You are told here when someone assigns you a record or mentions you, and when a rule says so.",
  unread: "Unread",
  hint: "↑ ↓ to move · Enter to open · Esc to close",
  someone: "Someone",
  automation: "Automation",
  what: {
    assignment: "{{who}} assigned {{title}} to you",
    mention: "{{who}} mentioned you in {{title}}",
  },
  kinds: {
    assignment: "Assignment",
    mention: "Mention",
    due: "Due",
    rule: "Rule",
    webhook: "Webhook",
  },
  mention: {
    none: "No one matches “{{q}}”.",
    label: "People to mention",
  },
};

const zh: Shape<typeof en> = {
  bell: "通知",
  bellUnread_one: "通知，{{count}} 条未读",
  bellUnread_other: "通知，{{count}} 条未读",
  shortcut: "Alt+Shift+N",
  title: "通知",
  markAll: "全部标为已读",
  markRead: "标为已读",
  dismiss: "移除",
  empty: "暂无新通知。有人把记录分配给你、在笔记中提到你，或规则发出通知时，会显示在这里。",
  unread: "未读",
  hint: "↑ ↓ 移动 · Enter 打开 · Esc 关闭",
  someone: "有人",
  automation: "自动化",
  what: {
    assignment: "{{who}} 将 {{title}} 分配给了你",
    mention: "{{who}} 在 {{title}} 中提到了你",
  },
  kinds: {
    assignment: "分配",
    mention: "提及",
    due: "到期",
    rule: "规则",
    webhook: "Webhook",
  },
  mention: {
    none: "没有与“{{q}}”匹配的人。",
    label: "可提及的人",
  },
};

export const notificationsLocales = defineLocale(en, zh);
