import { defineLocale, type Shape } from "../i18n/locale.js";

// Canned responses: the team's library (Settings → Canned responses) and the picker in a case's
// reply box. Merged under `canned`.

const en = {
  title: "Canned responses",
  lead: "Replies agents insert into a case's answer. Merge fields (Liquid) are filled for the case when inserted:",
  none: "No canned responses yet.",
  add: "Add a canned response",
  remove: "Remove “{{title}}”",
  untitled: "(untitled)",
  fields: { title: "Title", body: "Text" },
  item: "Canned response {{n}}",
  // The picker in the reply box.
  insert: "Insert canned response",
  shortcut: "Alt+/ opens the canned responses.",
  pickerTitle: "Insert a canned response",
  search: "Find a canned response",
  noMatch: "No canned response matches.",
  empty: "Your team has no canned responses yet; admins add them in Settings → Canned responses.",
  close: "Close",
  problems: "Check before sending — these merge fields did not fill in:",
  failed: "{{field}} could not be filled",
  emptyField: "{{field}} is empty for this case",
};

const zh: Shape<typeof en> = {
  title: "快捷回复",
  lead: "客服可以插入到工单回复中的常用回复。插入时会按工单填入以下合并字段（Liquid）：",
  none: "还没有快捷回复。",
  add: "添加快捷回复",
  remove: "删除“{{title}}”",
  untitled: "（无标题）",
  fields: { title: "标题", body: "内容" },
  item: "快捷回复 {{n}}",
  insert: "插入快捷回复",
  shortcut: "按 Alt+/ 打开快捷回复。",
  pickerTitle: "插入快捷回复",
  search: "查找快捷回复",
  noMatch: "没有匹配的快捷回复。",
  empty: "团队还没有快捷回复；管理员可以在“设置 → 快捷回复”中添加。",
  close: "关闭",
  problems: "发送前请检查——以下合并字段没有填入：",
  failed: "{{field}} 无法填入",
  emptyField: "{{field}} 在此工单中为空",
};

export const cannedLocales = defineLocale(en, zh);
