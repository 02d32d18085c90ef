export { errorHandler, type InFlightTracker, type Parsed, type RouteSpec, Service, type ServiceOptions } from "./app";
export { type Db, openDatabase } from "./database";
export { ApiError, badRequest, fromZodError, notFound } from "./errors";
export { type Listening, listen } from "./listen";
