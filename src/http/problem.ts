/**
 * Errors on the wire: `application/problem+json` (RFC 9457) with the field paths of bad input.
 * One table maps each application error code to an HTTP status.
 */
import type { FastifyReply } from "fastify";
import type { AppErrorCode } from "../app/errors.js";
import type { FieldError } from "../contract/validate.js";

export const STATUS: Record<AppErrorCode, number> = {
  INVALID_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_LATE: 409,
  TOO_EARLY: 409,
  NOT_BILLABLE: 422,
  RATE_LIMITED: 429,
};

const TITLE: Record<AppErrorCode, string> = {
  INVALID_INPUT: "The request has invalid fields",
  UNAUTHENTICATED: "Sign in first",
  FORBIDDEN: "Not allowed for your role",
  NOT_FOUND: "Not found",
  CONFLICT: "Conflict with the record's current state",
  TOO_LATE: "Too late for this change",
  TOO_EARLY: "Too early for this change",
  NOT_BILLABLE: "The session cannot be billed",
  RATE_LIMITED: "Too many attempts",
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: AppErrorCode | "INTERNAL";
  /** Each bad field; `case` is the index of the case for batch input. */
  errors?: { path: string; message: string; case?: number }[];
  decision?: unknown;
}

export function problem(
  code: AppErrorCode,
  detail: string,
  extra: { fields?: readonly FieldError[]; decision?: unknown } = {},
): Problem {
  const body: Problem = {
    type: `https://stateline.dev/problems/${code.toLowerCase().replace(/_/g, "-")}`,
    title: TITLE[code],
    status: STATUS[code],
    detail,
    code,
  };
  if (extra.fields) {
    body.errors = extra.fields.map((f) =>
      f.caseIndex === undefined
        ? { path: f.path, message: f.message }
        : { case: f.caseIndex, path: f.path, message: f.message },
    );
  }
  if (extra.decision !== undefined) body.decision = extra.decision;
  return body;
}

export function sendProblem(reply: FastifyReply, body: Problem): FastifyReply {
  return reply.code(body.status).type("application/problem+json").send(body);
}
