/**
 * Remittance: what payers paid, adjusted and denied (X12 835), posted against our claims, and
 * what operations read of it — the remittances by payer, check/EFT number and date with totals
 * that balance, each claim and line with its adjustments in words, the payments that match no
 * claim, and the denials queue that leads to "correct and resubmit" (claim-corrections.ts).
 *
 * Posting (`postRemittanceFile`, the 835 handler `processInbox` calls inside the file's own
 * transaction) is all or nothing: a file that does not balance, names a payer we do not bill,
 * or repeats a payment already posted (the same payer's check or EFT number) is refused whole
 * with `EdiRejection` and its problems in words; the file is kept as rejected and nothing of it
 * is posted. Otherwise each claim payment is kept, matched to its claim by CLP01 (the claim's
 * number, our CLM01) or kept unmatched (never dropped), and each matched claim takes the payer's
 * answer: paid, partially paid, denied (or a reversal in its history), and on an original claim
 * the payer's claim control number (CLP07) a correction must quote.
 *
 * Who: operations only (anyone else: the routes do not exist for them). Reads that show
 * clients' claims are audited with the clients' ids.
 */
import type { Actor } from "./actor.js";
import { SYSTEM } from "./actor.js";
import { audit } from "./audit.js";
import { EdiRejection, type KeptEdiFile } from "./edi-files-port.js";
import { invalid, notFound } from "./errors.js";
import { afterCursor, pageOf, type ListOrder, type Page } from "./paging.js";
import type { Store } from "./ports.js";
import type {
  Adjustment,
  ClaimPaymentRow,
  DenialRow,
  NewClaimPayment,
  RemittanceFilter,
  RemittanceSummary,
  ServiceLinePayment,
} from "./remittance-port.js";
import {
  adjustmentTotal,
  balanceProblems,
  paymentOutcome,
  paymentMethodText,
  read835,
  claimStatusText,
  type Remittance,
} from "../formats/x12-835.js";
import type { ReadInterchange } from "../formats/x12.js";
import { adjustmentInWords, carcText, groupText, rarcText } from "../reference/adjustment-codes.js";

/** Newest first: posted, then id, both descending. */
export const REMITTANCES_ORDER: ListOrder = { list: "remittances", parts: ["instant", "id"] };
/** Oldest first: kept, then id. */
export const CLAIM_PAYMENTS_ORDER: ListOrder = { list: "claim-payments", parts: ["instant", "id"] };
/** Oldest answer first: the payer's status time, then the claim id. */
export const DENIALS_ORDER: ListOrder = { list: "denials", parts: ["instant", "id"] };

const money = (c: number): string => {
  const abs = Math.abs(c);
  return `${c < 0 ? "-" : ""}$${Math.floor(abs / 100).toLocaleString("en-US")}.${String(abs % 100).padStart(2, "0")}`;
};

// ---------------------------------------------------------------------------------------------
// Posting an 835.

/** The payer as we know it: by an electronic id in BillingSettings.payerIds, or a catalogue payer id. */
function knownPayer(payerIds: Readonly<Record<string, string>>, id: string): { catalogue: string } | null {
  const want = id.trim().toUpperCase();
  for (const [catalogue, electronic] of Object.entries(payerIds)) {
    if (electronic.toUpperCase() === want || catalogue.toUpperCase() === want) return { catalogue };
  }
  return null;
}

const label = (r: Remittance): string =>
  `${r.payer.name || "the payer"} payment ${r.checkNumber || "(no number)"}`;

/**
 * Posts every remittance of an 835 file, or throws EdiRejection with every reason it cannot
 * (inside the caller's transaction: nothing is posted then). Answers one line for the log.
 */
export async function postRemittanceFile(
  tx: Store,
  file: KeptEdiFile,
  x12: ReadInterchange,
  now: Date,
): Promise<string> {
  const read = read835(x12);
  if (read.problems.length > 0) throw new EdiRejection(read.problems);
  const billing = await tx.billing.get();
  const payerIds = billing?.payerIds ?? {};

  const problems: string[] = [];
  const seen = new Set<string>();
  for (const r of read.remittances) {
    if (r.payer.id === "" || !knownPayer(payerIds, r.payer.id)) {
      problems.push(
        `unknown payer: ${r.payer.name || "(no name)"} (id ${r.payer.id || "none"}) is not a payer we bill; operations add its electronic id under billing settings (payerIds) and the file is received again`,
      );
    }
    for (const b of balanceProblems(r)) problems.push(`${label(r)} does not balance: ${b}`);
    const key = `${r.payer.id}\u0000${r.checkNumber}`;
    if (seen.has(key)) problems.push(`duplicate: ${label(r)} appears twice in this file`);
    seen.add(key);
    const earlier = await tx.remittances.byPayerCheck(r.payer.id, r.checkNumber);
    if (earlier) {
      problems.push(
        `duplicate: ${label(r)} was already posted from ${earlier.fileName} on ${earlier.createdAt.slice(0, 10)}; not posted twice`,
      );
    }
  }
  if (problems.length > 0) throw new EdiRejection(problems);

  const numbers = read.remittances.flatMap((r) => r.claims.map((c) => c.patientControlNumber));
  const claims = new Map((await tx.payerAnswers.claimsByNumber(numbers)).map((c) => [c.number, c]));
  const counts = { paid: 0, partially_paid: 0, denied: 0, reversed: 0, unmatched: 0 };
  const said: string[] = [];
  for (const r of read.remittances) {
    const payments: NewClaimPayment[] = r.claims.map((c) => {
      const claim = claims.get(c.patientControlNumber);
      return {
        claimId: claim?.id ?? null,
        claimVersion: claim?.version ?? null,
        patientControlNumber: c.patientControlNumber,
        patientName: c.patient.name,
        memberId: c.patient.memberId,
        statusCode: c.statusCode,
        outcome: paymentOutcome(c),
        chargeCents: c.chargeCents,
        paidCents: c.paidCents,
        patientResponsibilityCents: c.patientResponsibilityCents,
        payerControlNumber: usableControlNumber(c.payerControlNumber),
        adjustments: c.adjustments,
        lines: c.lines,
        remarks: c.remarks,
      };
    });
    const known = knownPayer(payerIds, r.payer.id);
    const saved = await tx.remittances.add(
      {
        ediFileId: file.id,
        transactionControl: r.transactionControl,
        payerName: r.payer.name,
        payerId: r.payer.id,
        cataloguePayer: known?.catalogue ?? null,
        payeeName: r.payee.name,
        payeeNpi: r.payee.npi,
        checkNumber: r.checkNumber,
        method: r.method,
        paidOn: r.paidOn,
        totalCents: r.creditDebit === "D" ? -r.totalCents : r.totalCents,
        claimCount: r.claims.length,
        providerAdjustments: r.providerAdjustments,
        balanced: true,
        problems: [],
      },
      payments,
    );
    for (const p of payments) {
      const claim = claims.get(p.patientControlNumber);
      if (!claim) {
        counts.unmatched++;
        continue;
      }
      counts[p.outcome]++;
      if (p.outcome !== "reversed") {
        await tx.payerAnswers.setPayerStatus(claim.id, p.outcome, now, p.payerControlNumber);
      }
      await tx.claimFiles.addEvent({
        claimId: claim.id,
        version: claim.version,
        kind: p.outcome,
        actorUserId: null,
        detail: {
          remittanceId: saved.id,
          payer: r.payer.name,
          checkNumber: r.checkNumber,
          statusCode: p.statusCode,
          chargeCents: p.chargeCents,
          paidCents: p.paidCents,
          patientResponsibilityCents: p.patientResponsibilityCents,
          payerControlNumber: p.payerControlNumber,
          adjustments: allOf(p).map((a) => adjustmentInWords(a.group, a.reason, a.amountCents)),
        },
      });
    }
    const clientIds = [
      ...new Set(payments.flatMap((p) => claims.get(p.patientControlNumber)?.clientId ?? [])),
    ];
    await audit(tx, SYSTEM, "remittance.post", "remittance", saved.id, null, {
      ediFileId: file.id,
      payer: r.payer.name,
      checkNumber: r.checkNumber,
      totalCents: saved.totalCents,
      claimIds: payments.flatMap((p) => p.claimId ?? []),
      clientIds,
    });
    said.push(`${label(r)}: ${money(saved.totalCents)} for ${r.claims.length} claims`);
  }
  return `${said.join("; ")} (${counts.paid} paid, ${counts.partially_paid} partially paid, ${counts.denied} denied${counts.reversed > 0 ? `, ${counts.reversed} reversed` : ""}, ${counts.unmatched} unmatched)`;
}

/** CLP07 as claims keep it (printable, 1–50, no delimiter), else not kept on the claim. */
function usableControlNumber(value: string | null): string | null {
  if (value === null) return null;
  const v = value.trim();
  return /^[!-~]([ -~]{0,48}[!-~])?$/.test(v) && !/[*~:^]/.test(v) ? v : null;
}

const allOf = (p: {
  adjustments: readonly Adjustment[];
  lines: readonly ServiceLinePayment[];
}): Adjustment[] => [...p.adjustments, ...p.lines.flatMap((l) => l.adjustments)];

// ---------------------------------------------------------------------------------------------
// Reading: in words.

function mustBeOps(actor: Actor): void {
  if (actor.role !== "ops") throw notFound("route");
}

export interface AdjustmentView extends Adjustment {
  /** "Contractual Obligations". */
  readonly groupText: string | null;
  /** The CARC's meaning. */
  readonly reasonText: string | null;
  /** "CO-45 Charge exceeds fee schedule/maximum allowable …: $55.00". */
  readonly text: string;
}

export interface RemarkView {
  readonly code: string;
  readonly text: string | null;
}

export interface ServiceLineView extends Omit<ServiceLinePayment, "adjustments" | "remarks"> {
  readonly adjustments: readonly AdjustmentView[];
  readonly remarks: readonly RemarkView[];
}

export interface ClaimPaymentView extends Omit<ClaimPaymentRow, "adjustments" | "lines" | "remarks"> {
  readonly status: string;
  readonly adjustments: readonly AdjustmentView[];
  readonly lines: readonly ServiceLineView[];
  readonly remarks: readonly RemarkView[];
  /** Every adjustment, claim and lines, in words: why the payment is less than the charge. */
  readonly reasons: readonly string[];
}

export interface RemittanceView extends RemittanceSummary {
  readonly methodText: string;
  /** Σ PLB amounts (positive: held back). */
  readonly providerAdjustmentCents: number;
  /** Σ CLP04 − Σ PLB, what BPR02 must be. */
  readonly expectedTotalCents: number;
}

export interface RemittanceDetail {
  readonly remittance: RemittanceView;
  readonly claims: readonly ClaimPaymentView[];
}

export interface DenialView extends Omit<DenialRow, "payment"> {
  readonly payment: ClaimPaymentView;
}

const adjustmentView = (a: Adjustment): AdjustmentView => ({
  ...a,
  groupText: groupText(a.group),
  reasonText: carcText(a.reason),
  text: adjustmentInWords(a.group, a.reason, a.amountCents),
});

const remarkView = (code: string): RemarkView => ({ code, text: rarcText(code) });

export function paymentView(p: ClaimPaymentRow): ClaimPaymentView {
  const lines = p.lines.map((l) => ({
    ...l,
    adjustments: l.adjustments.map(adjustmentView),
    remarks: l.remarks.map(remarkView),
  }));
  const adjustments = p.adjustments.map(adjustmentView);
  return {
    ...p,
    status: claimStatusText(p.statusCode),
    adjustments,
    lines,
    remarks: p.remarks.map(remarkView),
    reasons: [...adjustments, ...lines.flatMap((l) => l.adjustments)].map((a) => a.text),
  };
}

export function remittanceView(r: RemittanceSummary): RemittanceView {
  const held = adjustmentTotal(
    r.providerAdjustments.map((a) => ({
      group: "CO",
      reason: a.reason,
      amountCents: a.amountCents,
      quantity: null,
    })),
  );
  return {
    ...r,
    methodText: paymentMethodText(r.method),
    providerAdjustmentCents: held,
    expectedTotalCents: r.paidCents - held,
  };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export interface RemittanceQuery extends RemittanceFilter {
  readonly limit?: number | undefined;
  readonly cursor?: string | undefined;
}

/** Remittances, newest first, by payer (id or name), date paid (from/to, inclusive) and check number. */
export async function listRemittances(
  store: Store,
  actor: Actor,
  q: RemittanceQuery = {},
): Promise<Page<RemittanceView>> {
  mustBeOps(actor);
  for (const k of ["from", "to"] as const) {
    const v = q[k];
    if (v !== undefined && !DATE.test(v)) throw invalid(`query.${k}`, "expected a date, YYYY-MM-DD");
  }
  if (q.from !== undefined && q.to !== undefined && q.from > q.to)
    throw invalid("query.to", "the end date is before the start date");
  const after = afterCursor(REMITTANCES_ORDER, q.cursor);
  const page = pageOf(
    REMITTANCES_ORDER,
    await store.remittances.page(
      { payer: q.payer?.trim(), from: q.from, to: q.to, checkNumber: q.checkNumber?.trim() },
      { limit: q.limit ?? 100, after },
    ),
  );
  return { items: page.items.map(remittanceView), next: page.next };
}

/** One remittance with each claim payment and line, the adjustments in words (audited: it names clients' claims). */
export async function getRemittance(store: Store, actor: Actor, id: string): Promise<RemittanceDetail> {
  mustBeOps(actor);
  const found = /^[0-9a-f-]{36}$/i.test(id) ? await store.remittances.byId(id) : undefined;
  if (!found) throw notFound("remittance");
  const payments = await store.remittances.payments(found.id);
  await audit(store, actor, "remittance.read", "remittance", found.id, null, {
    clientIds: [...new Set(payments.flatMap((p) => p.clientId ?? []))],
  });
  return { remittance: remittanceView(found), claims: payments.map(paymentView) };
}

/** Claim payments, oldest first; with `unmatched`, only those no claim of ours matched. */
export async function listClaimPayments(
  store: Store,
  actor: Actor,
  q: {
    readonly unmatched?: boolean | undefined;
    readonly limit?: number | undefined;
    readonly cursor?: string | undefined;
  },
): Promise<Page<ClaimPaymentView>> {
  mustBeOps(actor);
  const after = afterCursor(CLAIM_PAYMENTS_ORDER, q.cursor);
  const page = pageOf(
    CLAIM_PAYMENTS_ORDER,
    await store.remittances.paymentsPage(q.unmatched === true, { limit: q.limit ?? 100, after }),
  );
  await audit(store, actor, "claim_payment.list", "claim_payment", null, null, {
    clientIds: [...new Set(page.items.flatMap((p) => p.clientId ?? []))],
  });
  return { items: page.items.map(paymentView), next: page.next };
}

/**
 * The denials queue: claims denied or paid in part by the payer's latest answer on their
 * current version, oldest first, each with the reasons in words and the payer's claim control
 * number a replacement quotes. Replacing a claim (a new version) takes it off the queue.
 */
export async function listDenials(
  store: Store,
  actor: Actor,
  q: { readonly limit?: number | undefined; readonly cursor?: string | undefined } = {},
): Promise<Page<DenialView>> {
  mustBeOps(actor);
  const after = afterCursor(DENIALS_ORDER, q.cursor);
  const page = pageOf(DENIALS_ORDER, await store.remittances.denials({ limit: q.limit ?? 100, after }));
  await audit(store, actor, "denial.list", "claim", null, null, {
    claimIds: page.items.map((d) => d.claimId),
    clientIds: [...new Set(page.items.map((d) => d.clientId))],
  });
  return { items: page.items.map((d) => ({ ...d, payment: paymentView(d.payment) })), next: page.next };
}
