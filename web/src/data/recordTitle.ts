/** What a person calls a record (schema's, shared with the automation peer's notifications). */
export { recordTitle } from "@crm/schema";
