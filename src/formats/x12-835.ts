/**
 * The health care claim payment/advice, X12 005010X221A1 (835), read from an interchange that
 * `readX12` has already checked: who paid (1000A, N1*PR), whom (1000B, N1*PE), how much and how
 * (BPR), the check or EFT trace number (TRN), each claim payment (2100, CLP) with its
 * adjustments (CAS), remarks (MOA/MIA) and service lines (2110, SVC), and the provider-level
 * adjustments (PLB). Amounts are whole cents.
 *
 * `balanceProblems` says, in words, where a remittance does not add up: BPR02 is the sum of the
 * claim payments minus the provider-level adjustments; each claim's charge minus payment is its
 * adjustments (claim and lines), each line's likewise. A file that does not balance is refused
 * whole by the use case, never half-posted. Pure: no I/O, no clock, no reference data (the
 * adjustment codes in words are the caller's: src/reference/adjustment-codes.ts).
 */
import { cents, components, el, isoDate, type ReadInterchange, type ReadSegment } from "./x12.js";

/** GS08/ST03 of the 835 this reader knows. */
export const IMPLEMENTATION_835 = "005010X221A1";

/** BPR04: how the money moved. */
export const PAYMENT_METHODS = ["ACH", "BOP", "CHK", "FWT", "NON"] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** CAS01: whose the adjusted amount is. */
export const ADJUSTMENT_GROUPS = ["CO", "CR", "OA", "PI", "PR"] as const;
export type AdjustmentGroup = (typeof ADJUSTMENT_GROUPS)[number];

/** One CAS triplet: group, reason (CARC), amount (positive: less paid). */
export interface Adjustment {
  readonly group: AdjustmentGroup;
  readonly reason: string;
  readonly amountCents: number;
  /** CAS04 and the like: units adjusted, when given. */
  readonly quantity: number | null;
}

export interface ServiceLinePayment {
  /** SVC01: "HC" and the code, with its modifiers. */
  readonly qualifier: string;
  readonly procedure: string;
  readonly modifiers: readonly string[];
  readonly chargeCents: number;
  readonly paidCents: number;
  /** SVC05 units paid (1 when not given). */
  readonly units: number;
  /** DTM*472 (or the start of DTM*150). */
  readonly serviceDate: string | null;
  readonly adjustments: readonly Adjustment[];
  /** LQ*HE: remittance advice remark codes (RARC). */
  readonly remarks: readonly string[];
  /** AMT*B6: the allowed amount. */
  readonly allowedCents: number | null;
}

export interface ClaimPayment {
  /** CLP01: what we sent as CLM01. */
  readonly patientControlNumber: string;
  /** CLP02. */
  readonly statusCode: string;
  /** CLP02 in words. */
  readonly status: string;
  readonly chargeCents: number;
  readonly paidCents: number;
  /** CLP05 (0 when absent). */
  readonly patientResponsibilityCents: number;
  /** CLP06 claim filing indicator. */
  readonly filingIndicator: string;
  /** CLP07: the payer's claim control number (what a replacement or void quotes). */
  readonly payerControlNumber: string | null;
  /** CLP09 claim frequency. */
  readonly frequency: string | null;
  /** NM1*QC: the patient as the payer has them. */
  readonly patient: { readonly name: string; readonly memberId: string | null };
  /** Claim-level CAS. */
  readonly adjustments: readonly Adjustment[];
  /** MOA/MIA remark codes (RARC). */
  readonly remarks: readonly string[];
  readonly lines: readonly ServiceLinePayment[];
}

/** PLB: money the payer holds back (positive) or adds (negative, such as L6 interest) for the provider. */
export interface ProviderAdjustment {
  readonly providerId: string;
  readonly fiscalPeriodDate: string | null;
  /** PLB03-1 and the like: WO overpayment recovery, L6 interest, FB forwarding balance … */
  readonly reason: string;
  readonly reference: string | null;
  readonly amountCents: number;
}

export interface Remittance {
  /** ST02. */
  readonly transactionControl: string;
  readonly payer: {
    readonly name: string;
    /** N1*PR N104, else REF*2U, else TRN03 (the payer's company id): the id we know the payer by. */
    readonly id: string;
  };
  readonly payee: { readonly name: string; readonly npi: string | null; readonly taxId: string | null };
  /** BPR01: I remittance and payment, H notification only … */
  readonly handling: string;
  readonly totalCents: number;
  readonly creditDebit: "C" | "D";
  readonly method: PaymentMethod;
  /** BPR16. */
  readonly paidOn: string | null;
  /** TRN02: the check or EFT trace number. */
  readonly checkNumber: string;
  /** TRN03: the payer's originating company id. */
  readonly payerTraceId: string;
  readonly claims: readonly ClaimPayment[];
  readonly providerAdjustments: readonly ProviderAdjustment[];
  /** What keeps this transaction from being read as an 835, in words (empty when none). */
  readonly problems: readonly string[];
}

export interface Read835 {
  readonly remittances: readonly Remittance[];
  /** File-level problems (not an 835, wrong implementation), in words. */
  readonly problems: readonly string[];
}

const CLAIM_STATUS: Readonly<Record<string, string>> = {
  "1": "Processed as primary",
  "2": "Processed as secondary",
  "3": "Processed as tertiary",
  "4": "Denied",
  "19": "Processed as primary, forwarded to additional payer(s)",
  "20": "Processed as secondary, forwarded to additional payer(s)",
  "21": "Processed as tertiary, forwarded to additional payer(s)",
  "22": "Reversal of previous payment",
  "23": "Not our claim, forwarded to additional payer(s)",
  "25": "Predetermination pricing only, no payment",
};

/** CLP02 in words ("4" → "Denied"); the code itself when unknown. */
export const claimStatusText = (code: string): string => CLAIM_STATUS[code] ?? `Status ${code}`;

/** BPR04 in words. */
export function paymentMethodText(method: PaymentMethod): string {
  switch (method) {
    case "ACH":
      return "EFT (ACH)";
    case "BOP":
      return "Financial institution option";
    case "CHK":
      return "Check";
    case "FWT":
      return "Wire transfer";
    case "NON":
      return "No payment";
  }
}

const isGroup = (g: string): g is AdjustmentGroup => (ADJUSTMENT_GROUPS as readonly string[]).includes(g);
const isMethod = (m: string): m is PaymentMethod => (PAYMENT_METHODS as readonly string[]).includes(m);

/** Collects problems for one transaction, each in words, naming the segment. */
class Problems {
  readonly list: string[] = [];
  constructor(private readonly where: string) {}
  add(message: string): void {
    this.list.push(`${this.where}: ${message}`);
  }
  amount(value: string, what: string): number {
    const c = cents(value);
    if (c === null) {
      this.add(`${what} "${value}" is not an amount`);
      return 0;
    }
    return c;
  }
}

/** The up-to-six triplets of one CAS (CAS02-04, 05-07 … 17-19). */
function casAdjustments(s: ReadSegment, p: Problems): Adjustment[] {
  const group = el(s, 1);
  if (!isGroup(group)) {
    p.add(`CAS01 "${group}" is not an adjustment group (CO, CR, OA, PI, PR)`);
    return [];
  }
  const out: Adjustment[] = [];
  for (let i = 2; i <= 17; i += 3) {
    const reason = el(s, i);
    if (reason === "") continue;
    const quantity = el(s, i + 2);
    out.push({
      group,
      reason,
      amountCents: p.amount(el(s, i + 1), `CAS ${group}-${reason} amount`),
      quantity: quantity === "" || Number.isNaN(Number(quantity)) ? null : Number(quantity),
    });
  }
  return out;
}

/** MOA03–07, MIA05 and MIA20–24: remark codes. */
function remarkCodes(s: ReadSegment): string[] {
  const positions = s.tag === "MOA" ? [3, 4, 5, 6, 7] : [5, 20, 21, 22, 23, 24];
  return positions.map((n) => el(s, n)).filter((v) => v !== "");
}

interface ClaimDraft {
  clp: ReadSegment;
  patient: { name: string; memberId: string | null };
  adjustments: Adjustment[];
  remarks: string[];
  lines: LineDraft[];
}
interface LineDraft {
  svc: ReadSegment;
  serviceDate: string | null;
  adjustments: Adjustment[];
  remarks: string[];
  allowedCents: number | null;
}

/** One 835 transaction set as a remittance. */
function readTransaction(segments: readonly ReadSegment[], control: string, separator: string): Remittance {
  const p = new Problems(`835 transaction ${control}`);
  let bpr: ReadSegment | undefined;
  let trn: ReadSegment | undefined;
  let payerName = "";
  let payerN1Id = "";
  let payerRef = "";
  let payeeName = "";
  let payeeNpi: string | null = null;
  let payeeTaxId: string | null = null;
  let loop: "header" | "payer" | "payee" | "claims" = "header";
  const claims: ClaimDraft[] = [];
  const plb: ProviderAdjustment[] = [];
  let claim: ClaimDraft | undefined;
  let line: LineDraft | undefined;

  for (const s of segments) {
    switch (s.tag) {
      case "BPR":
        bpr ??= s;
        break;
      case "TRN":
        trn ??= s;
        break;
      case "N1":
        if (el(s, 1) === "PR") {
          loop = "payer";
          payerName = el(s, 2);
          payerN1Id = el(s, 4);
        } else if (el(s, 1) === "PE") {
          loop = "payee";
          payeeName = el(s, 2);
          if (el(s, 3) === "XX") payeeNpi = el(s, 4);
          else if (el(s, 3) === "FI") payeeTaxId = el(s, 4);
        }
        break;
      case "REF":
        if (loop === "payer" && el(s, 1) === "2U") payerRef = el(s, 2);
        else if (loop === "payee" && el(s, 1) === "TJ") payeeTaxId ??= el(s, 2);
        break;
      case "LX":
        loop = "claims";
        break;
      case "CLP":
        loop = "claims";
        line = undefined;
        claim = { clp: s, patient: { name: "", memberId: null }, adjustments: [], remarks: [], lines: [] };
        claims.push(claim);
        break;
      case "NM1":
        if (claim && !line && el(s, 1) === "QC") {
          const name = [el(s, 4), el(s, 5), el(s, 3)].filter((v) => v !== "").join(" ");
          claim.patient = { name: name || el(s, 3), memberId: el(s, 9) || null };
        }
        break;
      case "MOA":
      case "MIA":
        if (claim) claim.remarks.push(...remarkCodes(s));
        break;
      case "CAS":
        if (line) line.adjustments.push(...casAdjustments(s, p));
        else if (claim) claim.adjustments.push(...casAdjustments(s, p));
        else p.add("CAS outside a claim payment");
        break;
      case "SVC":
        if (!claim) {
          p.add("SVC outside a claim payment");
          break;
        }
        line = { svc: s, serviceDate: null, adjustments: [], remarks: [], allowedCents: null };
        claim.lines.push(line);
        break;
      case "DTM":
        if (line && (el(s, 1) === "472" || el(s, 1) === "150")) line.serviceDate = isoDate(el(s, 2));
        break;
      case "LQ":
        if (line && el(s, 1) === "HE") line.remarks.push(el(s, 2));
        break;
      case "AMT":
        if (line && el(s, 1) === "B6") line.allowedCents = p.amount(el(s, 2), "AMT*B6");
        break;
      case "PLB": {
        claim = undefined;
        line = undefined;
        for (let i = 3; i <= 13; i += 2) {
          if (el(s, i) === "") continue;
          const [reason = "", reference = ""] = components(s, i, separator);
          plb.push({
            providerId: el(s, 1),
            fiscalPeriodDate: isoDate(el(s, 2)),
            reason,
            reference: reference || null,
            amountCents: p.amount(el(s, i + 1), `PLB ${reason} amount`),
          });
        }
        break;
      }
      default:
        break;
    }
  }

  if (!bpr) p.add("no BPR segment (the payment)");
  if (!trn) p.add("no TRN segment (the check or EFT trace number)");
  if (payerName === "") p.add("no N1*PR segment (the payer)");
  const method = el(bpr, 4);
  if (bpr && !isMethod(method)) p.add(`BPR04 "${method}" is not a payment method (ACH, BOP, CHK, FWT, NON)`);
  const creditDebit = el(bpr, 3);
  if (bpr && creditDebit !== "C" && creditDebit !== "D") p.add(`BPR03 "${creditDebit}" is not C or D`);
  const checkNumber = el(trn, 2);
  if (trn && checkNumber === "") p.add("TRN02 (the check or EFT trace number) is empty");
  const payerId = payerN1Id || payerRef || el(trn, 3);

  return {
    transactionControl: control,
    payer: { name: payerName, id: payerId },
    payee: { name: payeeName, npi: payeeNpi, taxId: payeeTaxId },
    handling: el(bpr, 1),
    totalCents: bpr ? p.amount(el(bpr, 2), "BPR02") : 0,
    creditDebit: creditDebit === "D" ? "D" : "C",
    method: isMethod(method) ? method : "NON",
    paidOn: isoDate(el(bpr, 16)),
    checkNumber,
    payerTraceId: el(trn, 3),
    claims: claims.map((c) => claimOf(c, p, separator)),
    providerAdjustments: plb,
    problems: p.list,
  };
}

function claimOf(c: ClaimDraft, p: Problems, separator: string): ClaimPayment {
  const { clp } = c;
  const number = el(clp, 1);
  if (number === "") p.add("CLP01 (the patient control number) is empty");
  return {
    patientControlNumber: number,
    statusCode: el(clp, 2),
    status: claimStatusText(el(clp, 2)),
    chargeCents: p.amount(el(clp, 3), `CLP ${number} charge`),
    paidCents: p.amount(el(clp, 4), `CLP ${number} payment`),
    patientResponsibilityCents: el(clp, 5) === "" ? 0 : p.amount(el(clp, 5), `CLP ${number} patient share`),
    filingIndicator: el(clp, 6),
    payerControlNumber: el(clp, 7) || null,
    frequency: el(clp, 9) || null,
    patient: c.patient,
    adjustments: c.adjustments,
    remarks: c.remarks,
    lines: c.lines.map((l) => {
      const [qualifier = "", procedure = "", ...modifiers] = components(l.svc, 1, separator);
      const units = el(l.svc, 5);
      return {
        qualifier,
        procedure,
        modifiers: modifiers.filter((m) => m !== ""),
        chargeCents: p.amount(el(l.svc, 2), `SVC ${procedure} charge`),
        paidCents: p.amount(el(l.svc, 3), `SVC ${procedure} payment`),
        units: units === "" || Number.isNaN(Number(units)) ? 1 : Number(units),
        serviceDate: l.serviceDate,
        adjustments: l.adjustments,
        remarks: l.remarks,
        allowedCents: l.allowedCents,
      };
    }),
  };
}

/** Every 835 transaction of the interchange as a remittance, and what keeps the file from being one. */
export function read835(x: ReadInterchange): Read835 {
  const problems: string[] = [];
  const remittances: Remittance[] = [];
  for (const g of x.groups) {
    if (g.functionalId !== "HP") {
      problems.push(`functional group ${g.controlNumber} is "${g.functionalId}", not HP (payment advice)`);
      continue;
    }
    if (g.implementation !== IMPLEMENTATION_835) {
      problems.push(
        `wrong version: functional group ${g.controlNumber} is ${g.implementation || "unnamed"}, expected ${IMPLEMENTATION_835}`,
      );
      continue;
    }
    for (const t of g.transactions) {
      if (t.code !== "835") {
        problems.push(`transaction ${t.control} is a ${t.code}, not an 835`);
        continue;
      }
      const r = readTransaction(t.segments, t.control, x.componentSeparator);
      problems.push(...r.problems);
      remittances.push(r);
    }
  }
  if (problems.length === 0 && remittances.length === 0) problems.push("the file holds no 835 transaction");
  return { remittances, problems };
}

const money = (c: number): string => {
  const sign = c < 0 ? "-" : "";
  const abs = Math.abs(c);
  return `${sign}$${Math.floor(abs / 100).toLocaleString("en-US")}.${String(abs % 100).padStart(2, "0")}`;
};

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

/** Σ amounts of a list of adjustments. */
export const adjustmentTotal = (list: readonly Adjustment[]): number => sum(list.map((a) => a.amountCents));

/**
 * Where the remittance does not add up, each in words (empty when it balances):
 * BPR02 = Σ CLP04 − Σ PLB amounts (a debit BPR counts negative); per claim, CLP03 − CLP04 =
 * Σ its CAS amounts (claim and lines); per line, SVC02 − SVC03 = Σ the line's CAS.
 */
export function balanceProblems(remit: Remittance): string[] {
  const out: string[] = [];
  const paid = sum(remit.claims.map((c) => c.paidCents));
  const held = sum(remit.providerAdjustments.map((a) => a.amountCents));
  const total = remit.creditDebit === "D" ? -remit.totalCents : remit.totalCents;
  if (total !== paid - held) {
    out.push(
      `the payment ${money(total)} (BPR02) is not the claim payments ${money(paid)} minus the provider-level adjustments ${money(held)} (PLB): it should be ${money(paid - held)}`,
    );
  }
  for (const c of remit.claims) {
    const lineAdjustments = sum(c.lines.map((l) => adjustmentTotal(l.adjustments)));
    const adjusted = adjustmentTotal(c.adjustments) + lineAdjustments;
    if (c.chargeCents - c.paidCents !== adjusted) {
      out.push(
        `claim ${c.patientControlNumber}: charge ${money(c.chargeCents)} minus payment ${money(c.paidCents)} is ${money(c.chargeCents - c.paidCents)}, but its adjustments add up to ${money(adjusted)}`,
      );
    }
    c.lines.forEach((l, i) => {
      const a = adjustmentTotal(l.adjustments);
      if (l.chargeCents - l.paidCents !== a) {
        out.push(
          `claim ${c.patientControlNumber}, line ${i + 1} (${l.procedure}): charge ${money(l.chargeCents)} minus payment ${money(l.paidCents)} is ${money(l.chargeCents - l.paidCents)}, but its adjustments add up to ${money(a)}`,
        );
      }
    });
  }
  return out;
}

/** What a claim payment means for the claim: paid in full (after the contract), partly, denied, reversed. */
export type PaymentOutcome = "paid" | "partially_paid" | "denied" | "reversed";

/** The contractual write-off that still counts as paid in full: CO-45 (charge exceeds the fee schedule). */
const contractual = (a: Adjustment): boolean => a.group === "CO" && a.reason === "45";

/** Every adjustment of a claim payment, claim level first, then each line's. */
export const allAdjustments = (c: ClaimPayment): Adjustment[] => [
  ...c.adjustments,
  ...c.lines.flatMap((l) => l.adjustments),
];

/**
 * CLP02 22 → reversed; 4 (or 23, not ours), or nothing paid with an adjustment that is neither the
 * patient's (PR) nor contractual (CO-45) → denied; paid = charge − contractual → paid; anything
 * else (patient share, other reductions) → partially paid.
 */
export function paymentOutcome(c: ClaimPayment): PaymentOutcome {
  if (c.statusCode === "22") return "reversed";
  if (c.statusCode === "4" || c.statusCode === "23") return "denied";
  const adjustments = allAdjustments(c);
  if (c.paidCents <= 0 && adjustments.some((a) => a.group !== "PR" && !contractual(a))) return "denied";
  const written = adjustmentTotal(adjustments.filter(contractual));
  if (c.paidCents === c.chargeCents - written) return "paid";
  return "partially_paid";
}
