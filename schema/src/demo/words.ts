import type { CaseCategory } from "../descriptors/picklists.js";
import type { AccountStatus } from "../records/account.js";

// Word lists of the demo generator. The first lists feed accounts and contacts and must not change:
// the startup benchmark searches the names they make ("wonka", "stark", "hooli").

export const PREFIX = [
  "Acme",
  "Globex",
  "Initech",
  "Umbrella",
  "Stark",
  "Wayne",
  "Hooli",
  "Vandelay",
  "Tyrell",
  "Wonka",
  "Cyberdyne",
  "Soylent",
  "Aperture",
  "Black Mesa",
  "Nakatomi",
  "Oscorp",
  "Pied Piper",
  "Gringotts",
  "Monarch",
  "Blue Sun",
  "Northwind",
  "Contoso",
  "Fabrikam",
  "Tailspin",
  "Litware",
  "Adatum",
  "Proseware",
  "Woodgrove",
  "Lucerne",
  "Fourth Coffee",
];
export const SUFFIX = [
  "Labs",
  "Systems",
  "Industries",
  "Group",
  "Logistics",
  "Foods",
  "Health",
  "Energy",
  "Capital",
  "Media",
  "Robotics",
  "Analytics",
  "Partners",
  "Works",
  "Trading",
];
export const CITIES: [string, string][] = [
  ["Berlin", "Germany"],
  ["Lyon", "France"],
  ["Austin", "United States"],
  ["Leeds", "United Kingdom"],
  ["Osaka", "Japan"],
  ["Shenzhen", "China"],
  ["Toronto", "Canada"],
  ["Porto", "Portugal"],
  ["Melbourne", "Australia"],
  ["Utrecht", "Netherlands"],
];
export const FIRST = [
  "Ada",
  "Grace",
  "Alan",
  "Linus",
  "Margaret",
  "Dennis",
  "Barbara",
  "Ken",
  "Frances",
  "Edsger",
  "Radia",
  "Tim",
  "Katherine",
  "Donald",
  "Hedy",
  "Wei",
  "Mei",
  "Jun",
  "Sofia",
  "Mateo",
];
export const LAST = [
  "Lovelace",
  "Hopper",
  "Turing",
  "Torvalds",
  "Hamilton",
  "Ritchie",
  "Liskov",
  "Thompson",
  "Allen",
  "Dijkstra",
  "Perlman",
  "Berners-Lee",
  "Johnson",
  "Knuth",
  "Lamarr",
  "Zhang",
  "Wang",
  "Li",
  "Garcia",
  "Silva",
];
export const TITLES = [
  "CEO",
  "CTO",
  "Head of Sales",
  "Buyer",
  "Operations Manager",
  "Engineer",
  "Procurement Lead",
  "Office Manager",
  "CFO",
  "Product Manager",
];
export const STATUSES: AccountStatus[] = ["prospect", "customer", "customer", "customer", "churned"];

/** Sales tax per billing country (demo figures, %). */
export const TAX_BY_COUNTRY: Record<string, number> = {
  Germany: 19,
  France: 20,
  "United States": 0,
  "United Kingdom": 20,
  Japan: 10,
  China: 13,
  Canada: 5,
  Portugal: 23,
  Australia: 10,
  Netherlands: 21,
};

export const PRODUCT_ADJECTIVES = [
  "Smart",
  "Compact",
  "Industrial",
  "Premium",
  "Modular",
  "Wireless",
  "Heavy-Duty",
  "Eco",
  "Cloud",
  "Portable",
];
export const PRODUCT_NOUNS = [
  "Sensor",
  "Gateway",
  "Controller",
  "Pump",
  "Valve",
  "Router",
  "Scanner",
  "Printer",
  "Licence",
  "Support Plan",
  "Battery Pack",
  "Camera",
];

/** Case subjects and the category each is filed under (descriptors/picklists.ts `caseCategories`). */
export const CASE_SUBJECTS: Record<string, CaseCategory> = {
  "Cannot log in": "problem",
  "Invoice shows the wrong amount": "billing",
  "Delivery is late": "delivery",
  "Device does not power on": "problem",
  "Request for a refund": "billing",
  "How do I export my data?": "question",
  "Damaged on arrival": "delivery",
  "Wrong item shipped": "delivery",
  "Licence key not accepted": "problem",
  "Question about the contract": "question",
  "Feature request": "featureRequest",
  "Integration stopped syncing": "problem",
};

export const ACTIVITY_SUBJECTS: Record<"call" | "email" | "meeting" | "task", string[]> = {
  call: ["Discovery call", "Follow-up call", "Check-in call", "Renewal call"],
  email: ["Sent proposal", "Sent pricing", "Answered question", "Sent case update"],
  meeting: ["Product demo", "Quarterly review", "On-site visit", "Kick-off meeting"],
  task: ["Prepare quote", "Update contact details", "Send contract", "Schedule training"],
};

export const SURVEY_COMMENTS = [
  "",
  "",
  "",
  "Quick and friendly help.",
  "Took too long to get an answer.",
  "Great product, support could be faster.",
  "Solved on the first call.",
  "Still waiting for a proper fix.",
  "非常满意",
  "响应太慢",
];

export const LEAD_COMPANY_WORDS = ["Bright", "North", "Silver", "Rapid", "Green", "Harbor", "Summit", "Pixel"];
export const LEAD_COMPANY_KINDS = ["Studio", "Consulting", "Clinic", "Bakery", "Motors", "Design", "Supply"];
