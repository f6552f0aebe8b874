import type { Aliases } from "../descriptors/types.js";

/*
 * Column headers other CRMs and spreadsheets use for fields many types share, in English and
 * Simplified Chinese. Matching ignores case, spaces, "_", "-" and "." (importMapping.ts), so
 * "First Name", "first_name" and "FIRSTNAME" are one alias. A type's own fields list theirs in
 * the descriptor.
 */
export const commonAliases = {
  firstName: { en: ["first name", "given name", "forename"], zh: ["名", "名字"] },
  lastName: { en: ["last name", "surname", "family name"], zh: ["姓", "姓氏"] },
  email: { en: ["email", "e-mail", "email address", "mail"], zh: ["邮箱", "电子邮件", "电子邮箱", "邮件"] },
  phone: {
    en: ["phone", "telephone", "tel", "phone number", "mobile"],
    zh: ["电话", "手机", "联系电话", "电话号码"],
  },
  title: { en: ["title", "job title", "position", "role"], zh: ["职位", "职务", "头衔"] },
  owner: { en: ["owner", "account owner", "assigned to"], zh: ["负责人", "所有者", "销售代表"] },
  accountId: { en: ["account id", "account", "company id"], zh: ["客户id", "客户编号", "客户"] },
  contactId: { en: ["contact id", "contact"], zh: ["联系人id", "联系人"] },
  status: { en: ["status", "state"], zh: ["状态"] },
  description: { en: ["description", "details"], zh: ["描述", "说明", "详情"] },
  channel: { en: ["channel", "source channel"], zh: ["渠道"] },
  priority: { en: ["priority"], zh: ["优先级"] },
  subject: { en: ["subject", "title", "summary"], zh: ["主题", "标题"] },
  amount: { en: ["amount", "value", "deal value"], zh: ["金额", "价值"] },
  number: { en: ["number", "no", "#"], zh: ["编号", "单号"] },
} satisfies Record<string, Aliases>;

/** `a` with more names. */
export function more(a: Aliases, extra: Partial<Aliases>): Aliases {
  return { en: [...a.en, ...(extra.en ?? [])], zh: [...a.zh, ...(extra.zh ?? [])] };
}
