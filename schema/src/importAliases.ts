/*
 * Column headers people use for each field, in English and Simplified Chinese (the app's two
 * languages), as exported by other CRMs and spreadsheets. Matching ignores case, spaces,
 * underscores, hyphens and dots, so "First Name", "first_name" and "FIRSTNAME" are one alias;
 * the field's own name is always an alias too.
 */

const shared: Record<string, string[]> = {
  firstName: ["first name", "given name", "forename", "名", "名字"],
  lastName: ["last name", "surname", "family name", "姓", "姓氏"],
  email: ["email", "e-mail", "email address", "mail", "邮箱", "电子邮件", "电子邮箱", "邮件"],
  phone: ["phone", "telephone", "tel", "phone number", "mobile", "电话", "手机", "联系电话", "电话号码"],
  title: ["title", "job title", "position", "role", "职位", "职务", "头衔"],
  owner: ["owner", "account owner", "assigned to", "负责人", "所有者", "销售代表"],
  accountId: ["account id", "account", "company id", "客户id", "客户编号", "客户"],
  contactId: ["contact id", "contact", "联系人id", "联系人"],
  status: ["status", "state", "状态"],
  description: ["description", "details", "描述", "说明", "详情"],
  channel: ["channel", "source channel", "渠道"],
  priority: ["priority", "优先级"],
  subject: ["subject", "title", "summary", "主题", "标题"],
  amount: ["amount", "value", "deal value", "金额", "价值"],
  number: ["number", "no", "#", "编号", "单号"],
};

/** Aliases per record type name (the singular typeName), field → header names. */
export const headerAliases: Record<string, Record<string, string[]>> = {
  account: {
    name: [
      "name",
      "account name",
      "company",
      "company name",
      "organisation",
      "organization",
      "公司",
      "公司名称",
      "客户名称",
      "名称",
    ],
    website: ["website", "web", "url", "homepage", "网站", "网址", "主页"],
    industry: ["industry", "sector", "行业"],
    phone: shared.phone!,
    email: shared.email!,
    billingStreet: ["street", "address", "billing street", "billing address", "地址", "街道"],
    billingCity: ["city", "billing city", "城市"],
    billingPostalCode: ["postal code", "postcode", "zip", "zip code", "billing postal code", "邮编", "邮政编码"],
    billingCountry: ["country", "billing country", "国家", "国家/地区"],
    status: shared.status!,
    owner: shared.owner!,
  },
  contact: {
    firstName: shared.firstName!,
    lastName: shared.lastName!,
    email: shared.email!,
    phone: shared.phone!,
    title: shared.title!,
    accountId: shared.accountId!,
  },
  lead: {
    firstName: shared.firstName!,
    lastName: shared.lastName!,
    company: ["company", "company name", "organisation", "organization", "公司", "公司名称", "单位"],
    title: shared.title!,
    email: shared.email!,
    phone: shared.phone!,
    source: ["source", "lead source", "来源", "线索来源"],
    status: shared.status!,
    owner: shared.owner!,
  },
  opportunity: {
    name: ["name", "opportunity", "opportunity name", "deal", "deal name", "商机", "商机名称", "名称"],
    accountId: shared.accountId!,
    contactId: shared.contactId!,
    stage: ["stage", "sales stage", "deal stage", "阶段", "销售阶段"],
    amount: shared.amount!,
    probability: ["probability", "probability (%)", "win probability", "概率", "赢单率", "成交概率"],
    closeDate: ["close date", "expected close", "expected close date", "预计成交日期", "成交日期", "结束日期"],
    owner: shared.owner!,
  },
  product: {
    name: ["name", "product", "product name", "产品", "产品名称", "名称"],
    sku: ["sku", "product code", "item code", "code", "货号", "产品编码", "编码"],
    unitPrice: ["unit price", "price", "list price", "单价", "价格"],
    cost: ["cost", "unit cost", "成本"],
    active: ["active", "enabled", "启用", "有效"],
    description: shared.description!,
  },
  quote: {
    number: [...shared.number!, "quote number", "报价单号"],
    accountId: shared.accountId!,
    opportunityId: ["opportunity id", "opportunity", "商机"],
    contactId: shared.contactId!,
    status: shared.status!,
    validUntil: ["valid until", "expiry", "expires", "有效期至", "有效期"],
  },
  order: {
    number: [...shared.number!, "order number", "订单号", "订单编号"],
    accountId: shared.accountId!,
    quoteId: ["quote id", "quote", "报价单"],
    status: shared.status!,
    orderedAt: ["ordered at", "order date", "date", "下单时间", "订单日期", "日期"],
  },
  case: {
    subject: shared.subject!,
    accountId: shared.accountId!,
    contactId: shared.contactId!,
    status: shared.status!,
    priority: shared.priority!,
    channel: shared.channel!,
    assignee: ["assignee", "assigned to", "agent", "处理人", "负责人"],
    openedAt: ["opened at", "opened", "created", "date opened", "创建时间", "开始时间"],
    firstResponseAt: ["first response at", "first response", "首次响应时间"],
    resolvedAt: ["resolved at", "resolved", "解决时间"],
    closedAt: ["closed at", "closed", "关闭时间"],
  },
  activity: {
    kind: ["kind", "type", "activity type", "类型", "活动类型"],
    subject: shared.subject!,
    dueAt: ["due", "due at", "due date", "截止时间", "截止日期", "到期日"],
    done: ["done", "completed", "complete", "已完成", "完成"],
    doneAt: ["done at", "completed at", "完成时间"],
    relatedType: ["related type", "related to type", "关联类型"],
    relatedId: ["related id", "related to", "关联记录", "关联id"],
    accountId: shared.accountId!,
    owner: shared.owner!,
  },
  surveyResponse: {
    kind: ["kind", "survey", "survey type", "type", "问卷类型", "类型"],
    score: ["score", "rating", "评分", "分数"],
    channel: shared.channel!,
    accountId: shared.accountId!,
    caseId: ["case id", "case", "ticket", "工单", "工单编号"],
    respondedAt: ["responded at", "date", "response date", "回复时间", "日期"],
    comment: ["comment", "comments", "feedback", "评论", "意见", "反馈"],
  },
};

/** What a header is compared by: lowercase, without spaces, "_", "-", "." and full-width spaces. */
export function headerKey(header: string): string {
  return header
    .normalize("NFKC")
    .trim()
    .toLowerCase()
    .replace(/[\s_\-.\u3000]+/g, "");
}
