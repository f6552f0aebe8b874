// Every sales screen, loaded together on demand by routes.tsx.
import "./sales.css";

export { LeadEdit, LeadNew } from "./LeadEditor.js";
export { LeadPage } from "./LeadPage.js";
export { LeadsList } from "./LeadsList.js";
export { OpportunityEdit, OpportunityNew } from "./OpportunityEditor.js";
export { OpportunityPage } from "./OpportunityPage.js";
export { OrderPage, OrdersList } from "./Orders.js";
export { PipelinePage } from "./PipelinePage.js";
export { ProductEdit, ProductNew, ProductPage, ProductsList } from "./Products.js";
export { QuoteEdit, QuoteNew } from "./QuoteEditor.js";
export { QuotePage, QuotePrint, QuotesList } from "./Quotes.js";
