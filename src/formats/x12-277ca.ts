/**
 * The X12 277CA claim acknowledgement (005010X214): after the 999 says a file was well formed,
 * the 277CA says, claim by claim, whether the claim was accepted into the payer's (or the
 * clearinghouse's) system or rejected, and why. Pure: no I/O, no clock.
 *
 * Each claim is the patient level (HL03 PT, loop 2000D) with its patient control number (TRN02,
 * our CLM01), its status (STC01: category : status code : entity) and, once accepted, the
 * payer's claim control number (REF*1K), which a later replacement or void must quote.
 * Categories A1 (received) and A2 (accepted into adjudication) accept; A3 (returned as
 * unprocessable), A4 (not found), A6 (missing information), A7 (invalid information) and A8
 * (relational field in error) reject. The words are the category (507) and status (508) code
 * lists' for the codes a behavioral-health practice meets; others are quoted as codes.
 */
import {
  cents,
  cleanText,
  components,
  dollars,
  el,
  isoDate,
  two,
  writeInterchange,
  type ReadInterchange,
  type ReadSegment,
  type ReadTransaction,
  type Segment,
} from "./x12.js";
import type { AnswerEnvelope } from "./x12-999.js";

export const IMPLEMENTATION_277CA = "005010X214";

/** Claim status category codes (507), acknowledgement group. */
export const CATEGORIES: Readonly<Record<string, string>> = {
  A0: "Forwarded: the claim has been forwarded to another entity",
  A1: "Received: the claim has been received (this does not mean it has been accepted for adjudication)",
  A2: "Accepted into the adjudication system",
  A3: "Returned as unprocessable: rejected and not entered into the adjudication system",
  A4: "Not found: the claim can not be found in the adjudication system",
  A5: "Split claim: split upon acceptance into the adjudication system",
  A6: "Rejected for missing information",
  A7: "Rejected for invalid information",
  A8: "Rejected for relational field in error",
};

const ACCEPTS = new Set(["A1", "A2", "A5"]);
const REJECTS = new Set(["A3", "A4", "A6", "A7", "A8"]);

/** Claim status codes (508) a 277CA commonly carries. */
export const STATUS_CODES: Readonly<Record<string, string>> = {
  "0": "Cannot provide further status electronically",
  "1": "For more detailed information, see remittance advice",
  "3": "Claim has been adjudicated and is awaiting payment cycle",
  "19": "Entity acknowledges receipt of claim/encounter",
  "20": "Accepted for processing",
  "21": "Missing or invalid information",
  "24": "Entity not approved as an electronic submitter",
  "26": "Entity not found",
  "33": "Subscriber and subscriber id not found",
  "35": "Claim/encounter not found",
  "116": "Claim submitted to the incorrect payer",
  "125": "Entity's name",
  "158": "Entity's date of birth",
  "164": "Entity's contract/member number",
  "187": "Date(s) of service",
  "454": "Procedure code for services rendered",
  "562": "Entity's National Provider Identifier (NPI)",
};

/** Entity identifier codes (98) in STC01-3. */
export const ENTITIES: Readonly<Record<string, string>> = {
  PR: "payer",
  "40": "receiver",
  "41": "submitter",
  "85": "billing provider",
  "82": "rendering provider",
  "77": "service location",
  IL: "subscriber",
  QC: "patient",
  AY: "clearinghouse",
};

/** "A7:164:IL" → "Rejected for invalid information: Entity's contract/member number (subscriber)". */
export function statusInWords(category: string, status: string, entity: string): string {
  const c = CATEGORIES[category] ?? `category ${category}`;
  const s = status === "" ? "" : `: ${STATUS_CODES[status] ?? `status code ${status}`}`;
  const e = entity === "" ? "" : ` (${ENTITIES[entity] ?? `entity ${entity}`})`;
  return `${c}${s}${e}`;
}

// ---------------------------------------------------------------------------------------------
// Reading.

export interface ClaimStatusEntry {
  readonly category: string;
  readonly status: string;
  readonly entity: string;
  readonly words: string;
}

export interface ClaimAck {
  /** TRN02 of the patient level: our CLM01 ("SL00000123"). */
  readonly patientControlNumber: string;
  /** Accepted (A1/A2/A5), rejected (A3/A4/A6/A7/A8), or null when the 277CA says neither. */
  readonly accepted: boolean | null;
  readonly statuses: readonly ClaimStatusEntry[];
  /** REF*1K: the payer's claim control number. */
  readonly payerClaimNumber: string | null;
  /** REF*D9: the clearinghouse's trace number. */
  readonly clearinghouseTrace: string | null;
  /** STC04 in cents. */
  readonly chargeCents: number | null;
  readonly memberId: string | null;
  /** DTP*472 (the first date of a range). */
  readonly serviceDate: string | null;
}

export interface Read277ca {
  readonly claims: readonly ClaimAck[];
  /** Statuses above the claims (the whole file, a provider): rejections there reject what is beneath. */
  readonly notes: readonly string[];
}

function acceptedOf(statuses: readonly ClaimStatusEntry[]): boolean | null {
  if (statuses.some((s) => REJECTS.has(s.category))) return false;
  if (statuses.some((s) => ACCEPTS.has(s.category))) return true;
  return null;
}

function statusOf(s: ReadSegment, separator: string): ClaimStatusEntry {
  const [category = "", status = "", entity = ""] = components(s, 1, separator);
  return { category, status, entity, words: statusInWords(category, status, entity) };
}

function readTransaction(t: ReadTransaction, separator: string, claims: ClaimAck[], notes: string[]): void {
  let level = "";
  let claim: {
    trn: string;
    statuses: ClaimStatusEntry[];
    k1: string | null;
    d9: string | null;
    charge: number | null;
    member: string | null;
    date: string | null;
  } | null = null;
  let rejectedAbove: ClaimStatusEntry[] = [];
  const close = () => {
    if (!claim) return;
    const statuses = [...rejectedAbove, ...claim.statuses];
    claims.push({
      patientControlNumber: claim.trn,
      accepted: acceptedOf(statuses),
      statuses,
      payerClaimNumber: claim.k1,
      clearinghouseTrace: claim.d9,
      chargeCents: claim.charge,
      memberId: claim.member,
      serviceDate: claim.date,
    });
    claim = null;
  };
  for (const s of t.segments) {
    if (s.tag === "HL") {
      close();
      level = el(s, 3);
      if (level === "PT")
        claim = { trn: "", statuses: [], k1: null, d9: null, charge: null, member: null, date: null };
      if (level === "20") rejectedAbove = [];
      continue;
    }
    if (level !== "PT" || !claim) {
      if (s.tag === "STC") {
        const st = statusOf(s, separator);
        const where = level === "19" ? "billing provider" : level === "21" ? "file" : "source";
        notes.push(`${where}: ${st.words}`);
        if (REJECTS.has(st.category)) rejectedAbove = [...rejectedAbove, st];
      }
      continue;
    }
    if (s.tag === "TRN" && el(s, 1) === "2") claim.trn = el(s, 2);
    else if (s.tag === "STC") {
      claim.statuses.push(statusOf(s, separator));
      if (claim.charge === null) claim.charge = cents(el(s, 4) || undefined);
    } else if (s.tag === "REF" && el(s, 1) === "1K") claim.k1 = el(s, 2) || null;
    else if (s.tag === "REF" && el(s, 1) === "D9") claim.d9 = el(s, 2) || null;
    else if (s.tag === "NM1" && el(s, 1) === "QC") claim.member = el(s, 9) || null;
    else if (s.tag === "DTP" && el(s, 1) === "472") claim.date = isoDate(el(s, 3).slice(0, 8)) ?? claim.date;
  }
  close();
}

/** Every claim a 277CA interchange answers, with its statuses in words. Never throws on content. */
export function read277ca(x12: ReadInterchange): Read277ca {
  const claims: ClaimAck[] = [];
  const notes: string[] = [];
  for (const g of x12.groups)
    for (const t of g.transactions)
      if (t.code === "277") readTransaction(t, x12.componentSeparator, claims, notes);
  return { claims, notes };
}

// ---------------------------------------------------------------------------------------------
// Writing (the sandbox clearinghouse).

interface SentClaim {
  readonly number: string;
  readonly chargeCents: number;
  readonly memberId: string;
  readonly lastName: string;
  readonly firstName: string;
  readonly serviceDate: string;
  readonly billingName: string;
  readonly billingNpi: string;
  readonly submitterName: string;
  readonly submitterId: string;
  readonly bhtReference: string;
}

/** What a 277CA needs of each claim of an 837P transaction set. */
function sentClaims(t: ReadTransaction): SentClaim | null {
  const find = (tag: string, q?: string) =>
    t.segments.find((s) => s.tag === tag && (q === undefined || el(s, 1) === q));
  const clm = find("CLM");
  if (!clm) return null;
  const il = find("NM1", "IL");
  const bp = find("NM1", "85");
  const sub = find("NM1", "41");
  const dtp = find("DTP", "472");
  return {
    number: el(clm, 1),
    chargeCents: cents(el(clm, 2)) ?? 0,
    memberId: el(il, 9),
    lastName: el(il, 3),
    firstName: el(il, 4),
    serviceDate: el(dtp, 3).slice(0, 8),
    billingName: el(bp, 3),
    billingNpi: el(bp, 9),
    submitterName: el(sub, 3),
    submitterId: el(sub, 9),
    bhtReference: el(find("BHT"), 3),
  };
}

/** The sandbox's payer claim control number for an accepted claim: stable per claim number. */
export function sandboxPayerClaimNumber(claimNumber: string): string {
  const digits = claimNumber.replace(/\D/g, "").padStart(8, "0");
  return `SBX${digits}01`;
}

export interface Answer277Envelope extends AnswerEnvelope {
  /** The information source's name (2100A); the clearinghouse's. */
  readonly sourceName?: string | undefined;
  /** The payer's claim control number of an accepted claim (REF*1K); the sandbox's by default. */
  readonly payerClaimNumber?: ((claimNumber: string) => string) | undefined;
}

/**
 * The 277CA for an 837P interchange: one transaction set with the clearinghouse as information
 * source, the submitter as receiver, each billing provider, and each claim accepted (A2:20, with
 * a payer claim number) unless `reject(claimNumber)` answers an STC01 such as "A3:33:IL" (then
 * rejected, action U). Throws RangeError when the interchange holds no 837 claim.
 */
export function write277ca(
  claims: ReadInterchange,
  envelope: Answer277Envelope,
  reject: (claimNumber: string) => string | null,
): string {
  const sent = claims.groups
    .flatMap((g) => g.transactions)
    .filter((t) => t.code === "837")
    .map(sentClaims)
    .filter((c): c is SentClaim => c !== null);
  const first = sent[0];
  if (!first) throw new RangeError("277CA: the interchange holds no 837 claim");
  const t = envelope.createdAt;
  const date = `${t.getUTCFullYear()}${two(t.getUTCMonth() + 1)}${two(t.getUTCDate())}`;
  const time = `${two(t.getUTCHours())}${two(t.getUTCMinutes())}`;
  const senderId = envelope.senderId ?? claims.receiverId;
  const outcome = sent.map((c) => ({ claim: c, rejection: reject(c.number) }));
  const total = (list: typeof outcome) => dollars(list.reduce((n, o) => n + o.claim.chargeCents, 0));
  const accepted = outcome.filter((o) => o.rejection === null);
  const rejected = outcome.filter((o) => o.rejection !== null);
  const trace = `${envelope.interchangeControlNumber}`;

  const body: Segment[] = [
    ["BHT", "0085", "08", trace, date, time, "TH"],
    ["HL", "1", "", "20", "1"],
    [
      "NM1",
      "AY",
      "2",
      cleanText(envelope.sourceName ?? "SANDBOX CLEARINGHOUSE", 60),
      "",
      "",
      "",
      "",
      "46",
      senderId,
    ],
    ["TRN", "1", trace],
    ["DTP", "050", "D8", date],
    ["DTP", "009", "D8", date],
    ["HL", "2", "1", "21", "1"],
    [
      "NM1",
      "41",
      "2",
      first.submitterName || "SUBMITTER",
      "",
      "",
      "",
      "",
      "46",
      first.submitterId || claims.senderId,
    ],
    ["TRN", "2", first.bhtReference || claims.controlNumber],
    ["STC", ["A1", "19", "PR"], date, "WQ", total(outcome)],
    ["QTY", "90", String(accepted.length)],
    ["QTY", "AA", String(rejected.length)],
    ["AMT", "YU", total(accepted)],
    ["AMT", "YY", total(rejected)],
  ];
  let hl = 2;
  const providers = [...new Set(outcome.map((o) => o.claim.billingNpi))];
  for (const npi of providers) {
    const mine = outcome.filter((o) => o.claim.billingNpi === npi);
    const ok = mine.filter((o) => o.rejection === null);
    const bad = mine.filter((o) => o.rejection !== null);
    const providerHl = ++hl;
    body.push(
      ["HL", String(providerHl), "2", "19", "1"],
      ["NM1", "85", "2", mine[0]?.claim.billingName || "BILLING PROVIDER", "", "", "", "", "XX", npi],
      ["TRN", "1", "0"],
      ["QTY", "QA", String(ok.length)],
      ["QTY", "QC", String(bad.length)],
      ["AMT", "YU", total(ok)],
      ["AMT", "YY", total(bad)],
    );
    for (const { claim, rejection } of mine) {
      body.push(
        ["HL", String(++hl), String(providerHl), "PT"],
        ["NM1", "QC", "1", claim.lastName || "UNKNOWN", claim.firstName, "", "", "", "MI", claim.memberId],
        ["TRN", "2", claim.number],
        [
          "STC",
          rejection === null ? ["A2", "20", "PR"] : rejection.split(":"),
          date,
          rejection === null ? "WQ" : "U",
          dollars(claim.chargeCents),
        ],
        ...(rejection === null
          ? ([
              ["REF", "1K", (envelope.payerClaimNumber ?? sandboxPayerClaimNumber)(claim.number)],
            ] satisfies Segment[])
          : []),
        ["REF", "D9", `${trace}${claim.number.replace(/\D/g, "")}`.slice(0, 30)],
        ...(claim.serviceDate ? ([["DTP", "472", "D8", claim.serviceDate]] satisfies Segment[]) : []),
      );
    }
  }
  return writeInterchange({
    senderId,
    receiverId: claims.senderId,
    functionalId: "HN",
    implementation: IMPLEMENTATION_277CA,
    transactionCode: "277",
    bodies: [body],
    envelope,
  });
}
