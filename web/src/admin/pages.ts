/* The team pages, loaded together on demand (App.tsx): one chunk for the admin screens. */

export { ApiDocsPage } from "../apiDocs/ApiDocsPage.js";
export { AuditPage } from "./AuditPage.js";
export { MembersPage } from "./MembersPage.js";
export { NewWorkspacePage } from "./NewWorkspacePage.js";
export { TokensPage } from "./TokensPage.js";
