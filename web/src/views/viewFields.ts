/*
 * What a list can show, filter, sort and group by, and its operators: in schema
 * (schema/src/filters/fields.ts) since the automation peer's rules use the same language.
 */
export {
  findField,
  isNumeric,
  isTemporal,
  listFieldsOf,
  liveFieldsOf,
  ME,
  mineFieldOf,
  multiValued,
  type Operator,
  operatorFits,
  operators,
  operatorsFor,
  unknownCustom,
  valueless,
} from "@crm/schema";
