import { defineLocale, type Shape } from "../i18n/locale.js";

// Strings of "sign out and remove this device's data". Merged under `device`.

const en = {
  open: "Remove this device's data…",
  title: "Sign out and remove this device's data",
  lead: "For a shared or borrowed computer. You are signed out, and everything this app keeps on this device is deleted: the records, notes, settings and saved views of every workspace opened here, the analytics data, the names of your colleagues and unsaved drafts.",
  kept: "What is already synced stays on the server, and the app itself stays installed, so anyone can sign in here again.",
  confirm: "Sign out and remove this device's data",
  cancel: "Cancel",
  working: "Removing…",
  refused: {
    unsent:
      "Nothing was removed. This device holds changes the server has not stored yet, and removing them would lose them:",
    unsentHint: "Connect to the server and wait until the indicator says “Synced”, then try again.",
    offline:
      "Nothing was removed. The server cannot be reached to end your session, and a session left open would let the next person here into your workspace. Connect to the server and try again.",
    failed: "Nothing was removed: {{message}}",
  },
  /** One line per workspace: "Acme Sales: records, the notes of 2 records". */
  workspace: "{{workspace}}: {{what}}",
  kinds: {
    records: "records",
    notes_one: "the notes of {{count}} record",
    notes_other: "the notes of {{count}} records",
    settings: "workspace settings",
    savedViews: "saved views",
    savedQueries: "saved SQL queries",
    inbox: "which notifications you read",
  },
  separator: ", ",
};

const zh: Shape<typeof en> = {
  open: "清除本机数据…",
  title: "退出登录并清除本机数据",
  lead: "适用于共用或借用的电脑。你将退出登录，本应用在这台设备上保存的一切都会被删除：在这里打开过的每个工作区的记录、备注、设置和已保存视图，分析数据，同事的姓名，以及未保存的草稿。",
  kept: "已同步的内容仍保存在服务器上，应用本身也会保留，任何人都可以在这里重新登录。",
  confirm: "退出登录并清除本机数据",
  cancel: "取消",
  working: "正在清除…",
  refused: {
    unsent: "没有删除任何内容。这台设备上还有服务器尚未保存的更改，删除会使它们丢失：",
    unsentHint: "请连接服务器，等到状态显示“已同步”后再试。",
    offline:
      "没有删除任何内容。无法连接服务器来结束你的会话，而未结束的会话会让下一个使用这台电脑的人进入你的工作区。请连接服务器后再试。",
    failed: "没有删除任何内容：{{message}}",
  },
  workspace: "{{workspace}}：{{what}}",
  kinds: {
    records: "记录",
    notes_one: "{{count}} 条记录的备注",
    notes_other: "{{count}} 条记录的备注",
    settings: "工作区设置",
    savedViews: "已保存的视图",
    savedQueries: "已保存的 SQL 查询",
    inbox: "通知的已读状态",
  },
  separator: "、",
};

export const deviceLocales = defineLocale(en, zh);
