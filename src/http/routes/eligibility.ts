/**
 * Eligibility: "Verify coverage" (a 270 now, waiting a few seconds for the 271), the client's
 * history of checks, and the 271 an answer came in, exactly as written.
 */
import type { EligibilityCheck } from "../../app/eligibility-port.js";
import { answerFileOf, listEligibility } from "../../app/eligibility.js";
import { verifyCoverage } from "../../app/eligibility-send.js";
import {
  Edi271Dto,
  EligibilityCheckDto,
  EligibilityListQuery,
  ERRORS,
  IdParams,
  ProblemDto,
  WRITE_ERRORS,
  type EligibilityCheckBody,
} from "../../contract/api/index.js";
import { actorOf, type Api, type ServerDeps } from "../context.js";
import { pagedArray, sendPage } from "../paging.js";

export const checkDto = (c: EligibilityCheck): EligibilityCheckBody => ({
  id: c.id,
  clientId: c.clientId,
  coverageId: c.coverageId,
  traceNumber: c.traceNumber,
  status: c.status,
  reason: c.reason,
  planDate: c.planDate,
  requestedAt: c.requestedAt,
  requestedBy: c.requestedByName,
  sentAt: c.sentAt,
  answeredAt: c.answeredAt,
  summary: c.summary,
  answer: c.answer
    ? {
        ...c.answer,
        benefits: c.answer.benefits.map((b) => ({ ...b, serviceTypes: [...b.serviceTypes] })),
        carveOut: c.answer.carveOut
          ? { ...c.answer.carveOut, serviceTypes: [...c.answer.carveOut.serviceTypes] }
          : null,
        rejections: c.answer.rejections.map((r) => ({ ...r })),
        notes: [...c.answer.notes],
      }
    : null,
  error: c.error,
  sandbox: c.sandbox,
  answerUrl: c.answerFileId ? `/api/v1/eligibility/${c.id}/271` : null,
});

export function eligibilityRoutes(api: Api, deps: ServerDeps): void {
  const now = () => deps.now?.() ?? new Date();

  api.post(
    "/clients/:id/eligibility",
    {
      schema: {
        tags: ["eligibility"],
        summary: "Verify the client's coverage now: a 270 to the payer, waiting up to 8 seconds for its 271",
        description:
          "The client's provider or operations. Builds the 270 from the current coverage (a 409 names `coverage.payer` when the payer has no electronic id in the billing settings, `coverage.memberId` when the member ID is missing), sends it through the clearinghouse and answers the check: answered (active, inactive, rejected …) or still pending, its answer then coming with a later poll. Without a configured clearinghouse, 409.",
        params: IdParams,
        response: { 200: EligibilityCheckDto, ...WRITE_ERRORS, 409: ProblemDto },
      },
    },
    async (request) => {
      const actor = await actorOf(request, deps);
      const check = await verifyCoverage(deps.store, deps.clearinghouse, actor, request.params.id, now(), {
        geo: deps.geo,
        usage: deps.x12Usage,
        ...(deps.eligibilityWaitMs === undefined ? {} : { waitMs: deps.eligibilityWaitMs }),
      });
      return checkDto(check);
    },
  );

  api.get(
    "/clients/:id/eligibility",
    {
      schema: {
        tags: ["eligibility"],
        summary:
          "The client's eligibility checks, newest first: when, who asked, the answer in words and structured",
        description:
          "The client's provider or operations (a client: 404). Newest first (then by id); `limit` a page (default 50), `cursor` the next page. `sandbox` marks answers made up by the sandbox clearinghouse.",
        params: IdParams,
        querystring: EligibilityListQuery,
        response: { 200: pagedArray(EligibilityCheckDto, "Eligibility checks, newest first."), ...ERRORS },
      },
    },
    async (request, reply) => {
      const actor = await actorOf(request, deps);
      const page = await listEligibility(deps.store, actor, request.params.id, request.query);
      return sendPage(request, reply, page, checkDto);
    },
  );

  api.get(
    "/eligibility/:id/271",
    {
      schema: {
        tags: ["eligibility"],
        summary: "The 271 an eligibility answer came in, exactly as the clearinghouse wrote it",
        params: IdParams,
        produces: ["application/edi-x12"],
        response: { 200: Edi271Dto, ...ERRORS },
      },
    },
    async (request, reply) => {
      const actor = await actorOf(request, deps);
      const file = await answerFileOf(deps.store, actor, request.params.id);
      return reply
        .type("application/edi-x12; charset=utf-8")
        .header("content-disposition", `attachment; filename="${file.name}"`)
        .send(file.content);
    },
  );
}
