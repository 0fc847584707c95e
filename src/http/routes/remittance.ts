/**
 * Remittances (X12 835) for operations: the list by payer, check/EFT number and date, one
 * remittance with its claims in words, the claim payments that match no claim, and the denials
 * queue. Thin: parse, one use case, answer.
 */
import {
  getRemittance,
  listClaimPayments,
  listDenials,
  listRemittances,
  type AdjustmentView,
  type ClaimPaymentView,
  type RemittanceView,
} from "../../app/remittance.js";
import {
  ClaimPaymentDto,
  ClaimPaymentListQuery,
  DenialDto,
  DenialListQuery,
  ERRORS,
  IdParams,
  RemittanceDetailDto,
  RemittanceDto,
  RemittanceListQuery,
  type ClaimPayment,
  type Remittance,
  type RemittanceAdjustment,
} from "../../contract/api/index.js";
import { actorOf, type Api, type ServerDeps } from "../context.js";
import { pagedArray, sendPage } from "../paging.js";

const adjustmentDto = (a: AdjustmentView): RemittanceAdjustment => ({
  group: a.group,
  reason: a.reason,
  amountCents: a.amountCents,
  quantity: a.quantity,
  groupText: a.groupText,
  reasonText: a.reasonText,
  text: a.text,
});

const paymentDto = (p: ClaimPaymentView): ClaimPayment => ({
  id: p.id,
  remittanceId: p.remittanceId,
  claimId: p.claimId,
  claimVersion: p.claimVersion,
  patientControlNumber: p.patientControlNumber,
  patientName: p.patientName,
  memberId: p.memberId,
  statusCode: p.statusCode,
  status: p.status,
  outcome: p.outcome,
  chargeCents: p.chargeCents,
  paidCents: p.paidCents,
  patientResponsibilityCents: p.patientResponsibilityCents,
  payerControlNumber: p.payerControlNumber,
  adjustments: p.adjustments.map(adjustmentDto),
  lines: p.lines.map((l) => ({
    qualifier: l.qualifier,
    procedure: l.procedure,
    modifiers: [...l.modifiers],
    chargeCents: l.chargeCents,
    paidCents: l.paidCents,
    units: l.units,
    serviceDate: l.serviceDate,
    adjustments: l.adjustments.map(adjustmentDto),
    remarks: l.remarks.map((r) => ({ ...r })),
    allowedCents: l.allowedCents,
  })),
  remarks: p.remarks.map((r) => ({ ...r })),
  reasons: [...p.reasons],
  payerName: p.payerName,
  checkNumber: p.checkNumber,
  paidOn: p.paidOn,
  sandbox: p.sandbox,
  createdAt: p.createdAt,
});

const remittanceDto = (r: RemittanceView): Remittance => ({
  id: r.id,
  ediFileId: r.ediFileId,
  fileName: r.fileName,
  sandbox: r.sandbox,
  transactionControl: r.transactionControl,
  payerName: r.payerName,
  payerId: r.payerId,
  cataloguePayer: r.cataloguePayer,
  payeeName: r.payeeName,
  payeeNpi: r.payeeNpi,
  checkNumber: r.checkNumber,
  method: r.method,
  methodText: r.methodText,
  paidOn: r.paidOn,
  totalCents: r.totalCents,
  paidCents: r.paidCents,
  providerAdjustmentCents: r.providerAdjustmentCents,
  expectedTotalCents: r.expectedTotalCents,
  claimCount: r.claimCount,
  unmatchedCount: r.unmatchedCount,
  providerAdjustments: r.providerAdjustments.map((a) => ({ ...a })),
  balanced: r.balanced,
  problems: [...r.problems],
  createdAt: r.createdAt,
});

export function remittanceRoutes(api: Api, deps: ServerDeps): void {
  api.get(
    "/remittances",
    {
      schema: {
        tags: ["remittance"],
        summary: "Operations: payers' remittances (835), newest first",
        description:
          "Filter by `payer` (its id, catalogue id or part of its name), `from`/`to` (date paid, inclusive) and `checkNumber`; `limit` a page (default 100, at most 1000), `cursor` the next page.",
        querystring: RemittanceListQuery,
        response: { 200: pagedArray(RemittanceDto, "Remittances, newest first."), ...ERRORS },
      },
    },
    async (request, reply) => {
      const page = await listRemittances(deps.store, await actorOf(request, deps), request.query);
      return sendPage(request, reply, page, remittanceDto);
    },
  );

  api.get(
    "/remittances/:id",
    {
      schema: {
        tags: ["remittance"],
        summary: "Operations: one remittance, each claim and line with its adjustments in words",
        description:
          "Totals: `totalCents` (BPR02) equals `expectedTotalCents` (claim payments minus provider-level adjustments) for a remittance that balances.",
        params: IdParams,
        response: { 200: RemittanceDetailDto, ...ERRORS },
      },
    },
    async (request) => {
      const d = await getRemittance(deps.store, await actorOf(request, deps), request.params.id);
      return { remittance: remittanceDto(d.remittance), claims: d.claims.map(paymentDto) };
    },
  );

  api.get(
    "/claim-payments",
    {
      schema: {
        tags: ["remittance"],
        summary: "Operations: claim payments, oldest first; `unmatched=true`: those that match no claim",
        querystring: ClaimPaymentListQuery,
        response: { 200: pagedArray(ClaimPaymentDto, "Claim payments, oldest first."), ...ERRORS },
      },
    },
    async (request, reply) => {
      const page = await listClaimPayments(deps.store, await actorOf(request, deps), request.query);
      return sendPage(request, reply, page, paymentDto);
    },
  );

  api.get(
    "/denials",
    {
      schema: {
        tags: ["remittance"],
        summary: "Operations: claims denied or paid in part, oldest first, with the reasons in words",
        description:
          "Each with the payer's claim control number a replacement quotes (POST /api/v1/claims/{id}/replacement); a replaced claim leaves the queue.",
        querystring: DenialListQuery,
        response: { 200: pagedArray(DenialDto, "Denied or partially paid claims, oldest first."), ...ERRORS },
      },
    },
    async (request, reply) => {
      const page = await listDenials(deps.store, await actorOf(request, deps), request.query);
      return sendPage(request, reply, page, (d) => ({
        claimId: d.claimId,
        claimNumber: d.claimNumber,
        claimVersion: d.claimVersion,
        clientId: d.clientId,
        clientName: d.clientName,
        providerId: d.providerId,
        providerName: d.providerName,
        serviceDate: d.serviceDate,
        billTo: d.billTo,
        payerStatus: d.payerStatus,
        payerStatusAt: d.payerStatusAt,
        payment: paymentDto(d.payment),
      }));
    },
  );
}
