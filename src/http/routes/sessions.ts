import { createHash } from "node:crypto";
import { Type } from "@sinclair/typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Actor } from "../../app/actor.js";
import { amendClaim, getClaim, listClaims } from "../../app/claims.js";
import { idempotent, type Answer } from "../../app/idempotency.js";
import {
  cancelSession,
  confirmSession,
  getSession,
  listSessions,
  scheduleSession,
} from "../../app/sessions.js";
import {
  AmendBody,
  ClaimDto,
  ClaimParams,
  ClaimQuery,
  ConfirmBody,
  ConfirmedDto,
  ERRORS,
  IdempotencyHeaders,
  ProblemDto,
  ScheduleBody,
  SessionDto,
  SessionParams,
  SessionQuery,
  WRITE_ERRORS,
} from "../../contract/api/index.js";
import { canonical } from "../../app/canonical.js";
import { actorOf, type Api, type ServerDeps } from "../context.js";
import { claimDto, confirmedDto, sessionDto } from "../session-dto.js";

/** What makes two requests "the same" for an idempotency key: method, path and body. */
const requestHash = (request: FastifyRequest) =>
  createHash("sha256")
    .update(`${request.method} ${request.url}\n${canonical(request.body)}`)
    .digest("base64url");

/** The client whose data a stored session answer shows (for the audit of a replay). */
function clientOf(body: unknown): string | null {
  if (typeof body !== "object" || body === null) return null;
  const b = body as { clientId?: unknown; session?: { clientId?: unknown } };
  const id = b.session?.clientId ?? b.clientId;
  return typeof id === "string" ? id : null;
}

/** Sends `run`'s answer, once per Idempotency-Key (`key`) when the request carries one. */
async function send(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: ServerDeps,
  actor: Actor,
  key: string | undefined,
  run: () => Promise<Answer>,
): Promise<FastifyReply> {
  if (key === undefined) {
    const answer = await run();
    return reply.code(answer.statusCode).send(answer.body);
  }
  const answer = await idempotent(deps.store, actor, key, requestHash(request), run, clientOf);
  if (answer.replayed) void reply.header("idempotent-replayed", "true");
  return reply.code(answer.statusCode).send(answer.body);
}

export function sessionRoutes(api: Api, deps: ServerDeps): void {
  const now = () => deps.now?.() ?? new Date();

  api.post(
    "/sessions",
    {
      schema: {
        tags: ["sessions"],
        summary: "Schedule a session with one of your clients (ahead of time)",
        description:
          "The service date is the calendar date of startsAt in timeZone. In person needs practiceLocationId; a crisis session lasts at least 16 minutes (from 30 it is billed as 90839, below as 90832). cptCode: a code of the procedure list billed on its own (src/reference/data/procedure-codes.json), else 400 naming cptCode and the allowed codes.",
        headers: IdempotencyHeaders,
        body: ScheduleBody,
        response: { 201: SessionDto, ...WRITE_ERRORS, 409: ProblemDto },
      },
    },
    async (request, reply) => {
      const actor = await actorOf(request, deps);
      const b = request.body;
      return send(request, reply, deps, actor, request.headers["idempotency-key"], async () => {
        const session = await scheduleSession(
          deps.store,
          actor,
          {
            clientId: b.clientId,
            startsAt: b.startsAt,
            timeZone: b.timeZone,
            durationMinutes: b.durationMinutes,
            modality: b.modality,
            cptCode: b.cptCode,
            crisis: b.crisis ?? false,
            audioOnly: b.audioOnly ?? false,
            practiceLocationId: b.practiceLocationId ?? null,
          },
          now(),
          deps.geo,
        );
        return { statusCode: 201, body: sessionDto(session) };
      });
    },
  );

  api.get(
    "/sessions",
    {
      schema: {
        tags: ["sessions"],
        summary: "Sessions you may see (yours; a client: their own; operations: everyone's), by start time",
        querystring: SessionQuery,
        response: { 200: Type.Array(SessionDto), ...ERRORS },
      },
    },
    async (request) => {
      const actor = await actorOf(request, deps);
      const q = request.query;
      return (await listSessions(deps.store, actor, q)).map(sessionDto);
    },
  );

  api.get(
    "/sessions/:id",
    {
      schema: {
        tags: ["sessions"],
        summary: "One session, with the location and decision frozen at confirmation",
        params: SessionParams,
        response: { 200: SessionDto, ...ERRORS },
      },
    },
    async (request) => {
      const actor = await actorOf(request, deps);
      const { id } = request.params;
      return sessionDto(await getSession(deps.store, actor, id));
    },
  );

  api.post(
    "/sessions/:id/confirm",
    {
      schema: {
        tags: ["sessions"],
        summary: "Confirm the session took place, and bill it",
        description:
          "Telehealth: say where the client was (clientLocationId, or a new address). The engine decides; billable → the session is confirmed with its claim (200, the same answer every later time); otherwise 422 with the decision's reasons and fixes and nothing changes. Older than 30 days or cancelled → 409 TOO_LATE.",
        params: SessionParams,
        headers: IdempotencyHeaders,
        body: ConfirmBody,
        response: { 200: ConfirmedDto, ...WRITE_ERRORS, 409: ProblemDto, 422: ProblemDto },
      },
    },
    async (request, reply) => {
      const actor = await actorOf(request, deps);
      const { id } = request.params;
      const b = request.body;
      return send(request, reply, deps, actor, request.headers["idempotency-key"], async () => {
        const result = await confirmSession(deps.store, deps.geo, actor, id, b, now(), {
          claimHoldHours: deps.claimHoldHours,
        });
        return { statusCode: 200, body: confirmedDto(result) };
      });
    },
  );

  api.post(
    "/sessions/:id/cancel",
    {
      schema: {
        tags: ["sessions"],
        summary: "Cancel a scheduled session (a confirmed one cannot be)",
        params: SessionParams,
        headers: IdempotencyHeaders,
        response: { 200: SessionDto, ...WRITE_ERRORS, 409: ProblemDto },
      },
    },
    async (request, reply) => {
      const actor = await actorOf(request, deps);
      const { id } = request.params;
      return send(request, reply, deps, actor, request.headers["idempotency-key"], async () => ({
        statusCode: 200,
        body: sessionDto(await cancelSession(deps.store, actor, id, { geo: deps.geo, now: now() })),
      }));
    },
  );

  api.get(
    "/claims",
    {
      schema: {
        tags: ["claims"],
        summary: "Claims of your confirmed sessions (operations: everyone's), newest first",
        querystring: ClaimQuery,
        response: { 200: Type.Array(ClaimDto), ...ERRORS },
      },
    },
    async (request) => {
      const actor = await actorOf(request, deps);
      const q = request.query;
      return (await listClaims(deps.store, actor, q)).map(claimDto);
    },
  );

  api.get(
    "/claims/:id",
    {
      schema: {
        tags: ["claims"],
        summary: "One claim",
        params: ClaimParams,
        response: { 200: ClaimDto, ...ERRORS },
      },
    },
    async (request) => {
      const actor = await actorOf(request, deps);
      const { id } = request.params;
      return claimDto(await getClaim(deps.store, actor, id));
    },
  );

  api.patch(
    "/claims/:id",
    {
      schema: {
        tags: ["claims"],
        summary: "Correct a held claim: the session's length, CPT code or diagnoses",
        description:
          "Only while the claim is held after confirmation (status pending, before readyAt); afterwards 409. Where the session took place and whom it is billed to stay as confirmed. Crisis sessions: change durationMinutes and the codes follow (90839 + 90840 from 30 minutes, 90832 for 16–29). cptCode must be a code Stateline bills (400 naming cptCode and the allowed codes); diagnosisCodes billable ICD-10-CM codes.",
        params: ClaimParams,
        body: AmendBody,
        response: { 200: ConfirmedDto, ...WRITE_ERRORS, 409: ProblemDto },
      },
    },
    async (request) => {
      const actor = await actorOf(request, deps);
      const { id } = request.params;
      const b = request.body;
      return confirmedDto(await amendClaim(deps.store, actor, id, b, now()));
    },
  );
}
