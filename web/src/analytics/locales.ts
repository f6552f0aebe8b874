// Strings of the Analytics page. The app merges them into its resources under the `analytics`
// key, so `title` here is `analytics.title` in t().

const en = {
  title: "Analytics",
  intro: "Counts and ad-hoc SQL over the data on this device. Works offline.",
  loading: {
    title: "Starting the analytics engine…",
    prepare: "Preparing…",
    download: "Downloading the engine: {{loaded}} of {{total}} MB",
    downloadUnknown: "Downloading the engine: {{loaded}} MB",
    compile: "Compiling the engine…",
    open: "Opening the database…",
    firstTime:
      "The first start downloads the engine (about 35 MB, less when compressed); after that it is kept on this device.",
    accounts: "Loading your accounts…",
  },
  startFailed: "The analytics engine could not start.",
  loadFailed: "Your accounts could not be loaded into the analytics engine.",
  queryFailed: "The charts could not be computed.",
  retry: "Try again",
  summary_one: "{{count}} account on this device",
  summary_other: "{{count}} accounts on this device",
  updating: "Updating…",
  empty: {
    title: "No accounts yet",
    body: "Charts appear here once there are accounts. Create a few and they will be counted here, on this device.",
    action: "Create an account",
  },
  byIndustry: "Accounts by industry",
  byStatus: "Accounts by status",
  columns: { industry: "Industry", status: "Status", accounts: "Accounts" },
  none: "(none)",
  statuses: { prospect: "Prospect", customer: "Customer", churned: "Churned" },
  sql: {
    title: "SQL console",
    label: "SQL",
    hint: "Table: accounts. Run with Ctrl+Enter (⌘+Enter on a Mac).",
    run: "Run",
    running: "Running…",
    error: "DuckDB reported an error",
    result: "Query result",
    rows_one: "{{count}} row in {{ms}} ms",
    rows_other: "{{count}} rows in {{ms}} ms",
    truncated: "Showing the first {{shown}} of {{count}} rows.",
    noRows: "The query ran and returned no rows.",
    noColumns: "Done in {{ms}} ms.",
    null: "NULL",
  },
};

type Strings = typeof en;
type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

const zh: Shape<Strings> = {
  title: "分析",
  intro: "基于本设备上的数据进行统计和自定义 SQL 查询，离线也可使用。",
  loading: {
    title: "正在启动分析引擎…",
    prepare: "正在准备…",
    download: "正在下载引擎：{{loaded}} / {{total}} MB",
    downloadUnknown: "正在下载引擎：{{loaded}} MB",
    compile: "正在编译引擎…",
    open: "正在打开数据库…",
    firstTime: "首次启动需要下载引擎（约 35 MB，压缩后更小），之后引擎会保存在本设备上。",
    accounts: "正在加载客户…",
  },
  startFailed: "分析引擎无法启动。",
  loadFailed: "无法将客户数据加载到分析引擎。",
  queryFailed: "无法计算图表。",
  retry: "重试",
  summary_one: "本设备上有 {{count}} 个客户",
  summary_other: "本设备上有 {{count}} 个客户",
  updating: "正在更新…",
  empty: {
    title: "还没有客户",
    body: "有了客户之后，图表会显示在这里。请先创建几个客户，它们会在本设备上被统计。",
    action: "创建客户",
  },
  byIndustry: "按行业统计客户",
  byStatus: "按状态统计客户",
  columns: { industry: "行业", status: "状态", accounts: "客户数" },
  none: "（无）",
  statuses: { prospect: "潜在客户", customer: "客户", churned: "已流失" },
  sql: {
    title: "SQL 控制台",
    label: "SQL",
    hint: "表：accounts。按 Ctrl+Enter（Mac 上为 ⌘+Enter）运行。",
    run: "运行",
    running: "正在运行…",
    error: "DuckDB 报告了错误",
    result: "查询结果",
    rows_one: "{{count}} 行，用时 {{ms}} 毫秒",
    rows_other: "{{count}} 行，用时 {{ms}} 毫秒",
    truncated: "显示前 {{shown}} 行，共 {{count}} 行。",
    noRows: "查询已运行，没有返回任何行。",
    noColumns: "已完成，用时 {{ms}} 毫秒。",
    null: "NULL",
  },
};

/** English and Simplified Chinese, to merge under the `analytics` key of each language. */
export const analyticsLocales = { en, zh };
export { en, zh };
