import { defineLocale, type Shape } from "../i18n/locale.js";

// Strings of the person's own settings page (`/me`) and its calendar feed. Merged under `calendar`.

const en = {
  open: "Your settings",
  title: "Your settings",
  lead: "These settings are yours alone, in this workspace.",
  /** Extra words the command palette finds this page by. */
  words: "profile calendar feed ics subscribe google outlook apple",
  feed: {
    title: "Calendar feed",
    lead: "Your meetings, calls and tasks with a due date in Google Calendar, Outlook or Apple Calendar. Add the address below as a calendar “From URL” (Google), “Subscribe from web” (Outlook) or “New calendar subscription” (Apple). Calendar apps refresh it on their own, from every few minutes to a day.",
    private:
      "Anyone who has the address can read these entries: keep it to yourself. If it got out, make a new address; the old one stops working at once.",
    none: "You have no calendar feed in this workspace.",
    active: "Your feed is on since {{when}}.",
    lastRead: "Last read by a calendar app: {{when}}.",
    neverRead: "No calendar app has read it yet.",
    create: "Create feed address",
    regenerate: "Make a new address",
    revoke: "Turn off the feed",
    address: "Feed address",
    copy: "Copy",
    copied: "Copied",
    subscribe: "Open in your calendar app",
    once: "Copy it now: it is shown only this once. Lost it? Make a new address.",
    revoked: "The feed is off: its address no longer works.",
    failed: "The server did not do it: {{message}}",
    offline: "The server cannot be reached. Try again when you are online.",
    working: "Working…",
  },
};

const zh: Shape<typeof en> = {
  open: "个人设置",
  title: "个人设置",
  lead: "这些设置只属于你（在当前工作区）。",
  words: "个人 资料 日历 订阅 ics google outlook apple",
  feed: {
    title: "日历订阅",
    lead: "在 Google 日历、Outlook 或 Apple 日历中查看你的会议、电话和有截止日期的任务。把下面的地址添加为日历：Google 中选择“通过网址添加”，Outlook 中选择“从 Web 订阅”，Apple 中选择“新建日历订阅”。日历应用会自行刷新，间隔从几分钟到一天不等。",
    private: "任何拿到这个地址的人都能看到这些日程：请勿外传。如果地址泄露了，请生成新地址，旧地址会立即失效。",
    none: "你在当前工作区还没有日历订阅。",
    active: "你的订阅自 {{when}} 起开启。",
    lastRead: "日历应用最近一次读取：{{when}}。",
    neverRead: "还没有日历应用读取过。",
    create: "生成订阅地址",
    regenerate: "生成新地址",
    revoke: "关闭订阅",
    address: "订阅地址",
    copy: "复制",
    copied: "已复制",
    subscribe: "在日历应用中打开",
    once: "请现在复制：地址只显示这一次。丢失了？请生成新地址。",
    revoked: "订阅已关闭：其地址不再可用。",
    failed: "服务器未能完成：{{message}}",
    offline: "无法连接服务器。请在联网后重试。",
    working: "处理中…",
  },
};

export const calendarLocales = defineLocale(en, zh);
