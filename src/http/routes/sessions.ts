import { createHash } from "node:crypto";
import { Type, type Static } from "@sinclair/typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
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
import { IsoDate, MODALITIES, oneOf, StateCodeSchema } from "../../contract/schema.js";
import { actorOf, type ServerDeps } from "../context.js";
import { AddressText, DiagnosisCodesBody, ERRORS, ProblemDto, ZipInput } from "../dto.js";
import { ClaimDto, claimDto, ConfirmedDto, confirmedDto, SessionDto, sessionDto } from "../session-dto.js";

const Params = Type.Object({ id: Type.String() });

const IdempotencyHeaders = Type.Object({
  "idempotency-key": Type.Optional(
    Type.String({
      description:
        "Optional. Retrying with the same key and the same request answers the first response again (header Idempotent-Replayed: true); the same key with a different request is 409.",
    }),
  ),
});

const ScheduleBody = Type.Object({
  clientId: Type.String({ minLength: 1 }),
  startsAt: Type.String({
    pattern: "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})$",
    "x-expected": "an ISO 8601 date and time with its offset, such as 2026-07-01T10:00:00-04:00",
  }),
  timeZone: Type.String({
    minLength: 1,
    maxLength: 64,
    "x-expected": "an IANA time zone such as America/New_York",
  }),
  durationMinutes: Type.Integer({ minimum: 1, maximum: 600, "x-expected": "whole minutes from 1 to 600" }),
  modality: oneOf(MODALITIES, "telehealth or in_person"),
  cptCode: Type.String({ pattern: "^[0-9]{5}$", "x-expected": "a 5-digit CPT code such as 90837" }),
  crisis: Type.Optional(Type.Boolean()),
  audioOnly: Type.Optional(
    Type.Boolean({ description: "Telehealth by audio only, no video (modifier 93; FQ for Medicare)" }),
  ),
  practiceLocationId: Type.Optional(
    Type.Union([Type.String(), Type.Null()], { description: "Required in person: your practice location" }),
  ),
});

const ConfirmBody = Type.Object({
  clientLocationId: Type.Optional(
    Type.Union([Type.String(), Type.Null()], {
      description: "Telehealth: where the client was, one of their current locations",
    }),
  ),
  address: Type.Optional(
    Type.Union(
      [
        Type.Object({
          ...AddressText,
          state: StateCodeSchema,
          zip: Type.Optional(Type.Union([ZipInput, Type.Null()])),
        }),
        Type.Null(),
      ],
      {
        description: "Telehealth: where the client was, if not a saved location (it is saved for next time)",
      },
    ),
  ),
  crisisDocumentation: Type.Optional(
    Type.Union([Type.String({ maxLength: 20_000 }), Type.Null()], {
      description: "Crisis sessions: the crisis and how it was resolved",
    }),
  ),
  /** ICD-10-CM diagnoses for the claim (default: the client's working diagnoses). */
  diagnosisCodes: Type.Optional(DiagnosisCodesBody),
  audioOnly: Type.Optional(
    Type.Boolean({
      description:
        "Telehealth: the session took place by audio only (true) or with video (false); as scheduled when left out",
    }),
  ),
});

const AmendBody = Type.Object(
  {
    cptCode: Type.Optional(
      Type.String({ pattern: "^[0-9]{5}$", "x-expected": "a 5-digit CPT code such as 90834" }),
    ),
    durationMinutes: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 600, "x-expected": "whole minutes from 1 to 600" }),
    ),
    diagnosisCodes: Type.Optional(DiagnosisCodesBody),
  },
  { additionalProperties: false },
);

const SESSION_STATUSES = ["scheduled", "confirmed", "cancelled"] as const;
const CLAIM_STATUSES = ["pending", "ready", "exported"] as const;
const Limit = Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 200 }));

const SessionQuery = Type.Object({
  from: Type.Optional(IsoDate),
  to: Type.Optional(IsoDate),
  status: Type.Optional(oneOf(SESSION_STATUSES, SESSION_STATUSES.join(", "))),
  clientId: Type.Optional(Type.String()),
  providerId: Type.Optional(Type.String({ description: "Operations: one provider's sessions" })),
  limit: Limit,
});

const ClaimQuery = Type.Object({
  from: Type.Optional(IsoDate),
  to: Type.Optional(IsoDate),
  status: Type.Optional(oneOf(CLAIM_STATUSES, CLAIM_STATUSES.join(", "))),
  limit: Limit,
});

/** JSON with object keys sorted, so that `{a, b}` and `{b, a}` are the same request. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  // JSON.stringify(undefined) is undefined, not text; a missing body hashes as null.
  return value === undefined ? "null" : JSON.stringify(value);
}

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

/** Sends `run`'s answer, once per Idempotency-Key when the request carries one. */
async function send(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: ServerDeps,
  actor: Actor,
  run: () => Promise<Answer>,
): Promise<FastifyReply> {
  const key = (request.headers as Static<typeof IdempotencyHeaders>)["idempotency-key"];
  if (key === undefined) {
    const answer = await run();
    return reply.code(answer.statusCode).send(answer.body);
  }
  const answer = await idempotent(deps.store, actor, key, requestHash(request), run, clientOf);
  if (answer.replayed) void reply.header("idempotent-replayed", "true");
  return reply.code(answer.statusCode).send(answer.body);
}

export function sessionRoutes(api: FastifyInstance, deps: ServerDeps): void {
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
        response: { 201: SessionDto, ...ERRORS, 403: ProblemDto, 409: ProblemDto },
      },
    },
    async (request, reply) => {
      const actor = await actorOf(request, deps);
      const b = request.body as Static<typeof ScheduleBody>;
      return send(request, reply, deps, actor, async () => {
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
      const q = request.query as Static<typeof SessionQuery>;
      return (await listSessions(deps.store, actor, q)).map(sessionDto);
    },
  );

  api.get(
    "/sessions/:id",
    {
      schema: {
        tags: ["sessions"],
        summary: "One session, with the location and decision frozen at confirmation",
        params: Params,
        response: { 200: SessionDto, ...ERRORS },
      },
    },
    async (request) => {
      const actor = await actorOf(request, deps);
      const { id } = request.params as Static<typeof Params>;
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
        params: Params,
        headers: IdempotencyHeaders,
        body: ConfirmBody,
        response: { 200: ConfirmedDto, ...ERRORS, 403: ProblemDto, 409: ProblemDto, 422: ProblemDto },
      },
    },
    async (request, reply) => {
      const actor = await actorOf(request, deps);
      const { id } = request.params as Static<typeof Params>;
      const b = request.body as Static<typeof ConfirmBody>;
      return send(request, reply, deps, actor, async () => {
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
        params: Params,
        headers: IdempotencyHeaders,
        response: { 200: SessionDto, ...ERRORS, 403: ProblemDto, 409: ProblemDto },
      },
    },
    async (request, reply) => {
      const actor = await actorOf(request, deps);
      const { id } = request.params as Static<typeof Params>;
      return send(request, reply, deps, actor, async () => ({
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
      const q = request.query as Static<typeof ClaimQuery>;
      return (await listClaims(deps.store, actor, q)).map(claimDto);
    },
  );

  api.get(
    "/claims/:id",
    {
      schema: {
        tags: ["claims"],
        summary: "One claim",
        params: Params,
        response: { 200: ClaimDto, ...ERRORS },
      },
    },
    async (request) => {
      const actor = await actorOf(request, deps);
      const { id } = request.params as Static<typeof Params>;
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
        params: Params,
        body: AmendBody,
        response: { 200: ConfirmedDto, ...ERRORS, 409: ProblemDto },
      },
    },
    async (request) => {
      const actor = await actorOf(request, deps);
      const { id } = request.params as Static<typeof Params>;
      const b = request.body as Static<typeof AmendBody>;
      return confirmedDto(await amendClaim(deps.store, actor, id, b, now()));
    },
  );
}
