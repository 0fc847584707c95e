/**
 * The sandbox clearinghouse's remittance: for an 837P interchange it answers one 835
 * (005010X221A1) per payer, as a payer's adjudication would, so that the demo and the tests see
 * claims paid, partially paid and denied with real adjustment codes. Nothing here is a real
 * payer's answer: the interchange comes from "SANDBOX" and the web labels it.
 *
 * Deterministic per claim number (CLM01 "SL00000123" → 123), in a cycle of five:
 *   n % 5 = 1, 3  paid in full: the allowed amount (80 % of the charge, whole dollars), the rest
 *                 CO-45 (charge exceeds the fee schedule);
 *   n % 5 = 2     partially paid: CO-45 and the member's share, a $30 co-pay (PR-3) or 20 %
 *                 co-insurance (PR-2), alternating;
 *   n % 5 = 4     partially paid: CO-45 and half the allowed amount to the deductible (PR-1);
 *   n % 5 = 0     denied (CLP02 4, nothing paid), in turn: CO-197 + N54 (no authorization),
 *                 CO-50 + N115 (not medically necessary per the payer's policy), CO-109 + N418
 *                 (not covered by this payer: a behavioral-health carve-out, misrouted), CO-96 +
 *                 N130 (non-covered charge, see the plan's benefits).
 * Each payer's 835 also carries one provider-level adjustment, L6 interest on the first claim
 * paid (PLB, a negative amount: it adds to the payment), and balances: BPR02 = Σ CLP04 − Σ PLB.
 * Pure: the date paid comes in, the envelope too.
 */
import {
  cleanText,
  components,
  dollars,
  el,
  writeInterchange,
  type Envelope,
  type ReadInterchange,
  type Segment,
} from "../formats/x12.js";
import { IMPLEMENTATION_835 } from "../formats/x12-835.js";

/** What the sandbox pays a claim: by its number, in a cycle of five. */
export type SandboxOutcome = "paid" | "copay" | "coinsurance" | "deductible" | "denied";

interface Denial {
  readonly carc: string;
  readonly rarc: string;
}
const DENIALS: readonly Denial[] = [
  { carc: "197", rarc: "N54" },
  { carc: "50", rarc: "N115" },
  { carc: "109", rarc: "N418" },
  { carc: "96", rarc: "N130" },
];

/** The claim's number as a whole number: its digits, else a small hash of it. */
function numberOf(claimNumber: string): number {
  const digits = claimNumber.replace(/\D/g, "");
  if (digits !== "") return Number(digits.slice(-9));
  let h = 0;
  for (const ch of claimNumber) h = (h * 31 + ch.charCodeAt(0)) % 1_000_003;
  return h;
}

/** How the sandbox answers the claim numbered `claimNumber` (see the file's comment). */
export function sandboxOutcome(claimNumber: string): SandboxOutcome {
  const n = numberOf(claimNumber);
  switch (n % 5) {
    case 0:
      return "denied";
    case 2:
      return Math.floor(n / 5) % 2 === 0 ? "copay" : "coinsurance";
    case 4:
      return "deductible";
    default:
      return "paid";
  }
}

/** The CARC/RARC pair of a denied claim. */
export const sandboxDenial = (claimNumber: string): Denial =>
  DENIALS[Math.floor(numberOf(claimNumber) / 5) % DENIALS.length] as Denial;

/** The payer's claim control number the sandbox gives a claim (CLP07): unique per claim and day paid. */
export const sandboxControlNumber = (claimNumber: string, paidOn: string): string =>
  `SBX${paidOn.replace(/-/g, "")}${String(numberOf(claimNumber)).padStart(9, "0")}`;

interface LineIn {
  readonly procedure: readonly string[];
  readonly chargeCents: number;
  readonly units: string;
  readonly serviceDate: string;
}
interface ClaimIn {
  readonly number: string;
  readonly chargeCents: number;
  readonly placeOfService: string;
  readonly frequency: string;
  readonly filing: string;
  readonly patient: { readonly last: string; readonly first: string; readonly memberId: string };
  readonly lines: readonly LineIn[];
}
interface PayerClaims {
  readonly payerName: string;
  readonly payerId: string;
  readonly payee: { readonly name: string; readonly npi: string; readonly taxId: string };
  readonly claims: ClaimIn[];
}

const toCents = (v: string): number => {
  const m = /^(-)?(\d+)(?:\.(\d{1,2}))?$/.exec(v);
  if (!m) return 0;
  const c = Number(m[2]) * 100 + Number((m[3] ?? "").padEnd(2, "0") || "0");
  return m[1] ? -c : c;
};

/** The claims of each 837 transaction set, grouped by payer (an 835 has one payer). */
function claimsByPayer(x: ReadInterchange): PayerClaims[] {
  const byPayer = new Map<string, PayerClaims>();
  for (const g of x.groups) {
    if (g.functionalId !== "HC") continue;
    for (const t of g.transactions) {
      if (t.code !== "837") continue;
      let payerName = "";
      let payerId = "";
      let billing = { name: "", npi: "", taxId: "" };
      let patient = { last: "", first: "", memberId: "" };
      let filing = "CI";
      let claim: ClaimIn | undefined;
      let line: { procedure: string[]; chargeCents: number; units: string; serviceDate: string } | undefined;
      const claims: ClaimIn[] = [];
      for (const s of t.segments) {
        if (s.tag === "NM1" && el(s, 1) === "85") billing = { ...billing, name: el(s, 3), npi: el(s, 9) };
        else if (s.tag === "REF" && el(s, 1) === "EI" && !claim) billing = { ...billing, taxId: el(s, 2) };
        else if (s.tag === "SBR") filing = el(s, 9) || "CI";
        else if (s.tag === "NM1" && el(s, 1) === "IL")
          patient = { last: el(s, 3), first: el(s, 4), memberId: el(s, 9) };
        else if (s.tag === "NM1" && el(s, 1) === "PR" && !claim) {
          payerName = el(s, 3);
          payerId = el(s, 9);
        } else if (s.tag === "CLM") {
          const [pos = "", , frequency = "1"] = components(s, 5, x.componentSeparator);
          claim = {
            number: el(s, 1),
            chargeCents: toCents(el(s, 2)),
            placeOfService: pos,
            frequency,
            filing,
            patient,
            lines: [],
          };
          claims.push(claim);
        } else if (s.tag === "SV1" && claim) {
          line = {
            procedure: components(s, 1, x.componentSeparator),
            chargeCents: toCents(el(s, 2)),
            units: el(s, 4) || "1",
            serviceDate: "",
          };
          (claim.lines as LineIn[]).push(line);
        } else if (s.tag === "DTP" && el(s, 1) === "472" && line) {
          line.serviceDate = el(s, 3).slice(0, 8);
        }
      }
      if (claims.length === 0 || payerId === "") continue;
      const key = payerId;
      const found = byPayer.get(key);
      if (found) found.claims.push(...claims);
      else byPayer.set(key, { payerName, payerId, payee: billing, claims });
    }
  }
  return [...byPayer.values()];
}

/** The allowed amount: 80 % of the charge in whole dollars (never above the charge). */
const allowedOf = (chargeCents: number): number =>
  Math.min(chargeCents, Math.round(chargeCents * 0.008) * 100);

interface Adjudicated {
  readonly paidCents: number;
  readonly patientCents: number;
  readonly segments: Segment[];
}

/** One service line as the sandbox payer adjudicates it. */
function adjudicateLine(l: LineIn, outcome: SandboxOutcome, denial: Denial, first: boolean): Adjudicated {
  const charge = l.chargeCents;
  const procedure = ["HC", ...l.procedure.slice(1)];
  // SVC: procedure, charge, paid, (revenue code), units paid.
  const svc = (paid: number): Segment => ["SVC", procedure, dollars(charge), dollars(paid), "", l.units];
  const dtm: Segment[] = l.serviceDate === "" ? [] : [["DTM", "472", l.serviceDate]];
  if (outcome === "denied") {
    return {
      paidCents: 0,
      patientCents: 0,
      segments: [svc(0), ...dtm, ["CAS", "CO", denial.carc, dollars(charge)], ["LQ", "HE", denial.rarc]],
    };
  }
  const allowed = allowedOf(charge);
  const contractual = charge - allowed;
  let patient = 0;
  let patientCas: Segment[] = [];
  if (outcome === "copay" && first) {
    patient = Math.min(allowed, 3000);
    patientCas = [["CAS", "PR", "3", dollars(patient)]];
  } else if (outcome === "coinsurance") {
    patient = Math.round(allowed * 0.2);
    patientCas = [["CAS", "PR", "2", dollars(patient)]];
  } else if (outcome === "deductible" && first) {
    patient = Math.round(allowed / 200) * 100;
    patientCas = [["CAS", "PR", "1", dollars(patient)]];
  }
  const paid = allowed - patient;
  return {
    paidCents: paid,
    patientCents: patient,
    segments: [
      svc(paid),
      ...dtm,
      ...(contractual > 0 ? ([["CAS", "CO", "45", dollars(contractual)]] satisfies Segment[]) : []),
      ...patientCas,
      ["AMT", "B6", dollars(allowed)],
    ],
  };
}

/** One claim payment loop (2100 and its 2110 lines). */
function claimLoop(c: ClaimIn, paidOn: string): { segments: Segment[]; paidCents: number } {
  const outcome = sandboxOutcome(c.number);
  const denial = sandboxDenial(c.number);
  const lines = c.lines.map((l, i) => adjudicateLine(l, outcome, denial, i === 0));
  const lineCharges = c.lines.reduce((a, l) => a + l.chargeCents, 0);
  const charge = c.lines.length > 0 ? lineCharges : c.chargeCents;
  const paid = lines.reduce((a, l) => a + l.paidCents, 0);
  const patient = lines.reduce((a, l) => a + l.patientCents, 0);
  // A claim without lines is adjusted at the claim level.
  const claimCas: Segment[] =
    c.lines.length > 0 || charge === 0
      ? []
      : [["CAS", "CO", outcome === "denied" ? denial.carc : "45", dollars(charge)]];
  return {
    paidCents: paid,
    segments: [
      [
        "CLP",
        c.number,
        outcome === "denied" ? "4" : "1",
        dollars(charge),
        dollars(paid),
        patient === 0 ? "" : dollars(patient),
        c.filing,
        sandboxControlNumber(c.number, paidOn),
        c.placeOfService,
        c.frequency,
      ],
      ...claimCas,
      ["NM1", "QC", "1", c.patient.last, c.patient.first, "", "", "", "MI", c.patient.memberId],
      ...lines.flatMap((l) => l.segments),
    ],
  };
}

/** The payer's id as a company id (TRN03, BPR10): "1" and nine digits from the payer id. */
function companyId(payerId: string): string {
  let h = 7;
  for (const ch of payerId) h = (h * 131 + ch.charCodeAt(0)) % 1_000_000_000;
  return `1${String(h).padStart(9, "0")}`;
}

/** One payer's 835 transaction set (between ST and SE). */
function remittanceBody(p: PayerClaims, x: ReadInterchange, paidOn: string, index: number): Segment[] {
  const date = paidOn.replace(/-/g, "");
  const loops = p.claims.map((c) => claimLoop(c, paidOn));
  const paid = loops.reduce((a, l) => a + l.paidCents, 0);
  const firstPaid = p.claims.find((_, i) => (loops[i]?.paidCents ?? 0) > 0);
  // L6: interest the payer adds for a late payment, on the first claim paid (negative in a PLB).
  const interest = firstPaid ? Math.max(1, Math.round(paid * 0.004)) : 0;
  const plb: Segment[] =
    firstPaid === undefined
      ? []
      : [["PLB", p.payee.npi, `${date.slice(0, 4)}1231`, ["L6", firstPaid.number], dollars(-interest)]];
  const total = paid + interest;
  const company = companyId(p.payerId);
  const trace = `${date}${x.controlNumber.replace(/^0+/, "") || "0"}${String(index + 1).padStart(2, "0")}`;
  const bpr: Segment =
    total === 0
      ? ["BPR", "H", "0", "C", "NON", "", "", "", "", "", "", "", "", "", "", "", date]
      : [
          "BPR",
          "I",
          dollars(total),
          "C",
          "ACH",
          "CCP",
          "01",
          "011000015",
          "DA",
          "0123456789",
          company,
          "",
          "01",
          "021000021",
          "DA",
          "9876543210",
          date,
        ];
  return [
    bpr,
    ["TRN", "1", trace, company],
    ["DTM", "405", date],
    ["N1", "PR", cleanText(p.payerName, 60) || "SANDBOX PAYER"],
    ["N3", "PO BOX 981106"],
    ["N4", "EL PASO", "TX", "799981106"],
    ["REF", "2U", p.payerId],
    ["PER", "BL", "SANDBOX CLEARINGHOUSE", "TE", "8005550100"],
    ["N1", "PE", cleanText(p.payee.name, 60) || "PAYEE", "XX", p.payee.npi],
    ...(p.payee.taxId === "" ? [] : ([["REF", "TJ", p.payee.taxId]] satisfies Segment[])),
    ["LX", "1"],
    ...loops.flatMap((l) => l.segments),
    ...plb,
  ];
}

/**
 * The sandbox's 835 for an 837P interchange (`claims`, as read), paid on `paidOn` (YYYY-MM-DD):
 * one transaction set per payer, from "SANDBOX" to the 837's sender; null when the interchange
 * holds no claim to answer.
 */
export function sandbox835(claims: ReadInterchange, envelope: Envelope, paidOn: string): string | null {
  const payers = claimsByPayer(claims);
  if (payers.length === 0) return null;
  return writeInterchange({
    senderId: "SANDBOX",
    receiverId: claims.senderId,
    functionalId: "HP",
    implementation: IMPLEMENTATION_835,
    transactionCode: "835",
    bodies: payers.map((p, i) => remittanceBody(p, claims, paidOn, i)),
    envelope,
  });
}
