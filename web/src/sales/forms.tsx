import { EditRecord, NewRecord } from "../fields/RecordFormPage.js";
import { leadSlots } from "./leadForm.js";
import { opportunitySlots } from "./opportunityForm.js";
import { quoteSlots } from "./QuoteLines.js";

// The sales forms: the descriptors' form, with each type's own small parts.
export const LeadNew = () => <NewRecord collection="leads" slots={leadSlots} />;
export const LeadEdit = ({ id }: { id: string }) => <EditRecord collection="leads" id={id} slots={leadSlots} />;
export const OpportunityNew = () => <NewRecord collection="opportunities" slots={opportunitySlots} />;
export const OpportunityEdit = ({ id }: { id: string }) => (
  <EditRecord collection="opportunities" id={id} slots={opportunitySlots} />
);
export const ProductNew = () => <NewRecord collection="products" />;
export const ProductEdit = ({ id }: { id: string }) => <EditRecord collection="products" id={id} />;
export const QuoteNew = () => <NewRecord collection="quotes" slots={quoteSlots} />;
export const QuoteEdit = ({ id }: { id: string }) => <EditRecord collection="quotes" id={id} slots={quoteSlots} />;
