import { createHash } from "node:crypto";
import { Type, type Static } from "@sinclair/typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Actor } from "../../app/actor.js";
import { amendClaim, getClaim, listClaims } from "../../app/claims.js";
import { idempotent, type Answer } from "../../app/idempotency.js";
import {
  cancelSession,
  confirmSession,
  getSession,
  listSessions,
  payerNames,
  previewConfirmation,
  previewSchedule,
  scheduleSession,
  type ScheduleInput,
} from "../../app/sessions.js";
import {
  AmendBody,
  ClaimDto,
  ClaimListItemDto,
  ClaimParams,
  ClaimQuery,
  ConfirmBody,
  ConfirmedDto,
  ConfirmPreviewDto,
  ConfirmQuery,
  ERRORS,
  IdempotencyHeaders,
  ProblemDto,
  ScheduleBody,
  SchedulePreviewDto,
  SessionDto,
  SessionParams,
  SessionQuery,
  WRITE_ERRORS,
} from "../../contract/api/index.js";
import { canonical } from "../../app/canonical.js";
import { actorOf, type Api, type ServerDeps } from "../context.js";
import { pagedArray, sendPage } from "../paging.js";
import {
  claimDto,
  claimListItemDto,
  confirmedDto,
  confirmPreviewDto,
  schedulePreviewDto,
  sessionDto,
} from "../session-dto.js";

/** A schedule request's body as the use case takes it (defaults filled in). */
const scheduleInput = (b: Static<typeof ScheduleBody>): ScheduleInput => ({
  clientId: b.clientId,
  startsAt: b.startsAt,
  timeZone: b.timeZone,
  durationMinutes: b.durationMinutes,
  modality: b.modality,
  cptCode: b.cptCode,
  crisis: b.crisis ?? false,
  audioOnly: b.audioOnly ?? false,
  practiceLocationId: b.practiceLocationId ?? null,
});

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
  const names = payerNames(deps.geo);

  api.post(
    "/sessions",
    {
      schema: {
        tags: ["sessions"],
        summary: "Schedule a session with one of your clients (ahead of time)",
        description:
          "The service date is the calendar date of startsAt in timeZone. In person needs practiceLocationId; a crisis session lasts at least 16 minutes (from 30 it is billed as 90839, below as 90832). cptCode: a code of the procedure list billed on its own (src/reference/data/procedure-codes.json), else 400 naming cptCode and the allowed codes. The client's sessions are re-checked at once: the answer carries the new session's outlook (can it go ahead, billed to whom).",
        headers: IdempotencyHeaders,
        body: ScheduleBody,
        response: { 201: SessionDto, ...WRITE_ERRORS, 409: ProblemDto },
      },
    },
    async (request, reply) => {
      const actor = await actorOf(request, deps);
      const b = request.body;
      return send(request, reply, deps, actor, request.headers["idempotency-key"], async () => {
        const session = await scheduleSession(deps.store, actor, scheduleInput(b), now(), deps.geo);
        return { statusCode: 201, body: sessionDto(session, names) };
      });
    },
  );

  api.post(
    "/sessions/preview",
    {
      schema: {
        tags: ["sessions"],
        summary: "Whether a session could go ahead, before scheduling it; nothing is stored",
        description:
          "The same body and the same checks as scheduling (400 naming each bad field). The session is then decided where the re-check would place it: in person, the practice location; telehealth, where the client is expected to be that day (a trip covering it, else their latest virtual-session place, else home). The answer is the outlook scheduling would give it.",
        body: ScheduleBody,
        response: { 200: SchedulePreviewDto, ...WRITE_ERRORS },
      },
    },
    async (request) => {
      const actor = await actorOf(request, deps);
      return schedulePreviewDto(
        await previewSchedule(deps.store, deps.geo, actor, scheduleInput(request.body), now()),
      );
    },
  );

  api.get(
    "/sessions",
    {
      schema: {
        tags: ["sessions"],
        summary: "Sessions you may see (yours; a client: their own; operations: everyone's), by start time",
        description:
          "By start time, then id; `limit` a page (default 200, at most 500), `cursor` the next page (the X-Next-Cursor of the previous one).",
        querystring: SessionQuery,
        response: { 200: pagedArray(SessionDto, "Sessions by start time."), ...ERRORS },
      },
    },
    async (request, reply) => {
      const actor = await actorOf(request, deps);
      const page = await listSessions(deps.store, actor, request.query);
      return sendPage(request, reply, page, (x) => sessionDto(x, names));
    },
  );

  api.get(
    "/sessions/:id",
    {
      schema: {
        tags: ["sessions"],
        summary:
          "One session: scheduled, with its outlook (the latest re-check); confirmed, with the location and decision frozen then",
        params: SessionParams,
        response: { 200: SessionDto, ...ERRORS },
      },
    },
    async (request) => {
      const actor = await actorOf(request, deps);
      const { id } = request.params;
      return sessionDto(await getSession(deps.store, actor, id), names);
    },
  );

  api.post(
    "/sessions/:id/confirm",
    {
      schema: {
        tags: ["sessions"],
        summary:
          "Confirm the session took place, and bill it (or, with dryRun, see what confirming would do)",
        description:
          "Telehealth: say where the client was (clientLocationId, or a new address). An address belongs to this session only, unless saveLocation is true: then it is kept as the client's virtual-session place and decides their later sessions (a crisis call from elsewhere should not). The engine decides; billable → the session is confirmed with its claim (200, the same answer every later time); otherwise 422 with the decision's reasons and fixes and nothing changes. Older than 30 days or cancelled → 409 TOO_LATE. ?dryRun=true (or 1): the same checks and errors and the same decision, nothing written; 200 ConfirmPreview with wouldConfirm, the outlook at the place given and the claim it would add (a refusal is wouldConfirm false, not 422). A confirmed session's dry run answers its stored confirmation (wouldConfirm true).",
        params: SessionParams,
        querystring: ConfirmQuery,
        headers: IdempotencyHeaders,
        body: ConfirmBody,
        response: {
          200: Type.Union([ConfirmedDto, ConfirmPreviewDto]),
          ...WRITE_ERRORS,
          409: ProblemDto,
          422: ProblemDto,
        },
      },
    },
    async (request, reply) => {
      const actor = await actorOf(request, deps);
      const { id } = request.params;
      const b = request.body;
      if (request.query.dryRun === true) {
        // Nothing is written, so an Idempotency-Key has nothing to guard: it is not taken.
        const preview = await previewConfirmation(deps.store, deps.geo, actor, id, b, now(), {
          claimHoldHours: deps.claimHoldHours,
        });
        return reply.code(200).send(confirmPreviewDto(preview));
      }
      return send(request, reply, deps, actor, request.headers["idempotency-key"], async () => {
        const result = await confirmSession(deps.store, deps.geo, actor, id, b, now(), {
          claimHoldHours: deps.claimHoldHours,
        });
        return { statusCode: 200, body: confirmedDto(result, names) };
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
        body: sessionDto(await cancelSession(deps.store, actor, id, { geo: deps.geo, now: now() }), names),
      }));
    },
  );

  api.get(
    "/claims",
    {
      schema: {
        tags: ["claims"],
        summary: "Claims of your confirmed sessions (operations: everyone's), newest first",
        description:
          "Newest first (then by id); `limit` a page (default 200, at most 500), `cursor` the next page (the X-Next-Cursor of the previous one).",
        querystring: ClaimQuery,
        response: {
          200: pagedArray(ClaimListItemDto, "Claims, newest first, with client and provider names."),
          ...ERRORS,
        },
      },
    },
    async (request, reply) => {
      const actor = await actorOf(request, deps);
      const page = await listClaims(deps.store, actor, request.query);
      return sendPage(request, reply, page, claimListItemDto);
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
      return confirmedDto(await amendClaim(deps.store, actor, id, b, now()), names);
    },
  );
}
