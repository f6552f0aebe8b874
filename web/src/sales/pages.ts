// Every sales screen, loaded together on demand by routes.tsx.
import "./sales.css";

export {
  LeadEdit,
  LeadNew,
  OpportunityEdit,
  OpportunityNew,
  ProductEdit,
  ProductNew,
  QuoteEdit,
  QuoteNew,
} from "./forms.js";
export { LeadPage } from "./LeadPage.js";
export { LeadsList } from "./LeadsList.js";
export { OpportunityPage } from "./OpportunityPage.js";
export { OrderPage, OrdersList } from "./Orders.js";
export { PipelinePage } from "./PipelinePage.js";
export { ProductPage, ProductsList } from "./Products.js";
export { QuotePage, QuotePrint, QuotesList } from "./Quotes.js";
