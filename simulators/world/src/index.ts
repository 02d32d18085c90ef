export { worldApi } from "./api";
export { type Mail, Mailbox, type MailInput, parseEmailAddress } from "./mailbox";
export {
  addressKey,
  type ClaimedOrganisation,
  type ComparedField,
  compareOrganisation,
  type Mismatch,
  ORGANISATION_STATUSES,
  type Organisation,
  type OrganisationComparison,
  type OrganisationStatus,
  organisationNameKey,
  phoneKey,
  registrationNumberKey,
  toHalfWidth,
} from "./organisation";
export {
  type AnswerPolicy,
  type Call,
  type CallOutcome,
  type CallState,
  Phone,
  type TextMessage,
} from "./phone";
export { parsePhoneNumber } from "./phoneNumber";
export { parseRegistrationNumber, REGISTRATION_NUMBER_CHARS } from "./registrationNumber";
export { BusinessRegistry, type OrganisationChanges, type OrganisationInput, type OrganisationQuery } from "./registry";
export { registryRoutes } from "./registryApi";
export { openWorldDatabase } from "./schema";
export { parseIsoTime, systemTime, type TimeSource } from "./time";
export { startWorld, type World, type WorldOptions } from "./world";
