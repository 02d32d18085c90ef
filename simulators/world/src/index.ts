export { worldApi } from "./api";
export { type Mail, Mailbox, type MailInput, parseEmailAddress } from "./mailbox";
export {
  type AnswerPolicy,
  type Call,
  type CallOutcome,
  type CallState,
  Phone,
  type TextMessage,
} from "./phone";
export { parsePhoneNumber } from "./phoneNumber";
export { openWorldDatabase } from "./schema";
export { systemTime, type TimeSource } from "./time";
export { startWorld, type World, type WorldOptions } from "./world";
