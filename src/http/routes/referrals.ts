/** Referrals: a provider asks a colleague to take a client on, for a place and date. */
import { listReferrals, sendReferral, settleReferral, type ReferralView } from "../../app/directory.js";
import {
  ERRORS,
  IdParams,
  ProblemDto,
  ReferralBody,
  ReferralDto,
  ReferralListQuery,
  ReferralPageDto,
  WRITE_ERRORS,
  type Referral as ReferralBodyDto,
} from "../../contract/api/index.js";
import type { Geography } from "../../rules/geography.js";
import { actorOf, type Api, type ServerDeps } from "../context.js";

const referralDto = (geo: Geography, r: ReferralView): ReferralBodyDto => ({
  id: r.id,
  status: r.status,
  direction: r.direction,
  reason: r.reason,
  client: { id: r.clientId, name: r.clientName },
  from: { id: r.fromProviderId, name: r.fromName },
  to: { id: r.toProviderId, name: r.toName },
  payer: r.payer,
  payerName: geo.payer(r.payer)?.name ?? r.payer,
  product: r.product,
  state: r.state,
  zip: r.zip,
  date: r.serviceDate,
  modality: r.modality,
  basis: r.basis,
  billTo: r.billTo,
  createdAt: r.createdAt,
  decidedAt: r.decidedAt,
});

const SETTLE_TEXT = {
  accept:
    "The receiving provider (or operations) accepts. Accepting does not move the client: their record, sessions and claims stay with the referring provider; the receiving provider schedules with them anew.",
  decline: "The receiving provider (or operations) declines.",
  withdraw: "The referring provider (or operations) withdraws a referral not yet answered.",
} as const;

export function referralRoutes(api: Api, deps: ServerDeps): void {
  const now = () => deps.now?.() ?? new Date();

  api.post(
    "/referrals",
    {
      schema: {
        tags: ["referrals"],
        summary:
          "Refer a client to a colleague who may see and bill them there (the client's provider, operations)",
        description:
          "The place and date are one of the client's places (default: where they are that day) and default today. The engine must say the colleague may see and bill the client there with the client's coverage, else 422 with its decision. The receiving provider sees the client's name, payer, place and date. Audited as referral.create.",
        body: ReferralBody,
        response: { 201: ReferralDto, ...WRITE_ERRORS, 422: ProblemDto },
      },
    },
    async (request, reply) => {
      const r = await sendReferral(deps.store, deps.geo, await actorOf(request, deps), request.body, now());
      return reply.code(201).send(referralDto(deps.geo, r));
    },
  );

  api.get(
    "/referrals",
    {
      schema: {
        tags: ["referrals"],
        summary:
          "Referrals, newest first: a provider's sent and received, a client's about themself, all for operations",
        description:
          "`box` keeps sent or received ones (providers); `limit` (default 50, at most 200) and `cursor` (the `next` of the previous page). Audited as referral.list.",
        querystring: ReferralListQuery,
        response: { 200: ReferralPageDto, ...ERRORS },
      },
    },
    async (request) => {
      const page = await listReferrals(deps.store, await actorOf(request, deps), request.query);
      return { items: page.items.map((r) => referralDto(deps.geo, r)), next: page.next };
    },
  );

  for (const action of ["accept", "decline", "withdraw"] as const) {
    api.post(
      `/referrals/:id/${action}`,
      {
        schema: {
          tags: ["referrals"],
          summary: `${action[0]?.toUpperCase() ?? ""}${action.slice(1)} a referral`,
          description: `${SETTLE_TEXT[action]} A referral is answered once: after that, 409. Audited as referral.${action}.`,
          params: IdParams,
          response: { 200: ReferralDto, ...WRITE_ERRORS, 409: ProblemDto },
        },
      },
      async (request) =>
        referralDto(
          deps.geo,
          await settleReferral(deps.store, await actorOf(request, deps), request.params.id, action, now()),
        ),
    );
  }
}
