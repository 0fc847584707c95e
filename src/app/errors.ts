/**
 * One error type for every use case, with a closed list of codes. Use cases know nothing of
 * HTTP; `src/http/problem.ts` maps each code to a status and a problem+json body.
 */
import type { FieldError } from "../contract/validate.js";

export type AppErrorCode =
  /** Input failed validation; `fields` names each bad field. Fix the request and retry. */
  | "INVALID_INPUT"
  /** No credentials, or they expired: sign in again. */
  | "UNAUTHENTICATED"
  /**
   * The record does not exist *or the caller may not see it*: callers cannot tell the two apart,
   * so no one learns that someone else's record exists.
   */
  | "NOT_FOUND"
  /** The request conflicts with the record's state (already confirmed, key reused). Reload and decide. */
  | "CONFLICT"
  /** The session cannot be billed; `detail` carries the engine's decision with reasons and fixes. */
  | "NOT_BILLABLE"
  /** The session can no longer be confirmed (older than 30 days, cancelled). Nothing to retry. */
  | "TOO_LATE"
  /** Not yet: a session is confirmed once it has taken place. Retry after its start time. */
  | "TOO_EARLY"
  /** Too many attempts: wait `retryAfterSeconds` and retry. */
  | "RATE_LIMITED"
  /** The caller's role may not do this at all (e.g. a client scheduling sessions). */
  | "FORBIDDEN";

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly extra: {
      readonly fields?: readonly FieldError[];
      readonly detail?: unknown;
      readonly retryAfterSeconds?: number;
    } = {},
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const notFound = (what: string) => new AppError("NOT_FOUND", `${what} not found`);

export function invalid(path: string, message: string): AppError {
  return new AppError("INVALID_INPUT", `${path}: ${message}`, { fields: [{ path, message }] });
}
