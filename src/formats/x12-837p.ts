/**
 * The X12 837P (005010X222A1, professional claim) writer: a pure function of claim records and
 * an envelope (control numbers, the time of the file, production or test). No I/O, no clock.
 *
 * One interchange (ISA/IEA) holds one functional group (GS/GE) holding one transaction set
 * (ST/SE) per claim. Every claim is checked first (`checkClaimRecord` plus what the file format
 * itself needs: no delimiter in an identifier, at most 12 diagnoses, a crisis claim without
 * psychotherapy codes …); when anything is wrong the writer throws `ClaimDataError` naming
 * every claim and field to fix, and writes nothing: bad data never produces a file that looks
 * valid.
 *
 * Delimiters: element `*`, component `:` (ISA16), repetition `^` (ISA11), segment `~` followed
 * by a newline for readability. Free text (names, addresses) is upper-cased, reduced to
 * printable ASCII and stripped of delimiters; identifiers (member ID, claim id, NPI …) are
 * written exactly as given, and a delimiter inside one is a data error, not something to clean.
 */
import { CRISIS_ADD_ON, CRISIS_FIRST_HOUR, SHORT_CRISIS_PSYCHOTHERAPY } from "../contract/cpt.js";
import { claimFilingIndicator } from "./claim-filing.js";
import type { ClaimProblem, ClaimRecord, PersonName, PostalAddress, ServiceLine } from "./claim-record.js";
import {
  ClaimDataError,
  checkClaimRecord,
  parsePersonName,
  providerName,
  serviceFacilityRequired,
  totalChargeCents,
  zipDigits,
} from "./claim-record.js";
import {
  ccyymmdd,
  checkEnvelope,
  cleanText,
  dollars,
  ISA_ID_WIDTH,
  two,
  writeInterchange,
  type Envelope,
  type Segment,
} from "./x12.js";

/** ISA/GS control numbers, the time of the file (also BHT04/BHT05), production or test. */
export type { Envelope };

const IMPLEMENTATION = "005010X222A1";
const DELIMITER = /[*~:^]/;
/** Anything that is not printable ASCII (line breaks, tabs, accented letters …). */
const NOT_PRINTABLE = /[^\x20-\x7e]/;

/** The most a 837P claim may carry (HI holds 12 diagnoses, 2400 repeats 50 times, SV107 4 pointers). */
const MAX_DIAGNOSES = 12;
const MAX_LINES = 50;
const MAX_POINTERS = 4;
const MAX_MODIFIERS = 4;
/** CLM01, patient control number: 38 in the 837P, but a remittance (835 CLP01) returns 20. */
const MAX_CLAIM_NUMBER = 20;
/** BHT03, originator application transaction identifier. */
const MAX_BHT_REFERENCE = 30;

/** Psychotherapy codes 90832–90838 may not be billed with crisis psychotherapy. */
const isPsychotherapy = (cpt: string) => /^\d{5}$/.test(cpt) && Number(cpt) >= 90832 && Number(cpt) <= 90838;

/** Problems of one claim, found while its segments are built. */
class Problems {
  readonly list: ClaimProblem[] = [];
  constructor(readonly claimId: string) {}
  add(field: string, message: string): void {
    this.list.push({ claimId: this.claimId, field, message });
  }
}

/** Required free text: a problem when nothing writable is left after cleaning. */
function text(p: Problems, field: string, value: string | null, max: number): string {
  const cleaned = cleanText(value ?? "", max);
  if (cleaned === "") p.add(field, "has nothing that can be written in a claim file (it is empty)");
  return cleaned;
}

/** An identifier written exactly as given: a delimiter or unprintable character in it is a data error. */
function identifier(p: Problems, field: string, value: string | null, max: number): string {
  const id = value ?? "";
  if (DELIMITER.test(id))
    p.add(field, `"${id}" contains an X12 delimiter (* ~ : ^); check it against its source`);
  if (NOT_PRINTABLE.test(id))
    p.add(field, `"${id}" contains a line break, tab or non-ASCII character that cannot go in a claim file`);
  if (id.length > max) p.add(field, `"${id}" is longer than the ${max} characters a claim file allows`);
  return id;
}

function date(p: Problems, field: string, iso: string | null): string {
  const out = ccyymmdd(iso);
  if (out === null) p.add(field, `"${iso ?? ""}" is not a date (YYYY-MM-DD)`);
  return out ?? "";
}

/**
 * N3 (N301 line 1, N302 line 2 when there is one) + N4 of an address, the ZIP as digits only
 * (ZIP+4 as 9 digits); the address itself was checked by checkClaimRecord.
 */
function address(p: Problems, field: string, a: PostalAddress | null): Segment[] {
  if (a === null) {
    p.add(field, "is missing");
    return [];
  }
  const line2 = cleanText(a.line2 ?? "", 55);
  return [
    ["N3", text(p, `${field}.line1`, a.line1, 55), line2],
    [
      "N4",
      text(p, `${field}.city`, a.city, 30),
      a.state,
      identifier(p, `${field}.zip`, zipDigits(a.zip) ?? a.zip, 9),
    ],
  ];
}

/**
 * A person's name as NM103 (last, required), NM104 (first), NM105 (middle), NM106 (prefix,
 * unused) and NM107 (suffix: Jr, III). Credentials (LCSW, PsyD) are never written in a name
 * element: the taxonomy (PRV03) says what the provider is.
 */
function nameElements(p: Problems, field: string, n: PersonName): string[] {
  return [
    text(p, `${field}.lastName`, n.lastName, 60),
    cleanText(n.firstName, 35),
    cleanText(n.middleName ?? "", 25),
    "",
    cleanText(n.suffix ?? "", 10),
  ];
}

/** What the lines of one claim must satisfy beyond having charges. */
function checkLines(p: Problems, r: ClaimRecord): void {
  const lines = r.claim.lines;
  if (lines.length > MAX_LINES) p.add("claim.lines", `a claim carries at most ${MAX_LINES} service lines`);
  const codes = lines.map((l) => l.cptCode);
  // A crisis shorter than 30 minutes is billed as the psychotherapy it was: 90832 alone
  // (src/app/claims.ts crisisCodes), also under the crisis exception.
  const shortCrisis =
    r.claim.basis === "crisis" && codes.length === 1 && codes[0] === SHORT_CRISIS_PSYCHOTHERAPY;
  const crisis = (r.claim.basis === "crisis" && !shortCrisis) || codes.includes(CRISIS_FIRST_HOUR);
  const psychotherapy = codes.filter(isPsychotherapy);
  if (crisis && psychotherapy.length > 0)
    p.add(
      "claim.lines",
      `a crisis claim (${CRISIS_FIRST_HOUR}/${CRISIS_ADD_ON}) cannot also bill psychotherapy ${psychotherapy.join(", ")} for the same session`,
    );
  if (codes.includes(CRISIS_ADD_ON) && !codes.includes(CRISIS_FIRST_HOUR))
    p.add(
      "claim.lines",
      `${CRISIS_ADD_ON} is an add-on code: it is billed only together with ${CRISIS_FIRST_HOUR}`,
    );
}

function checkLine(p: Problems, l: ServiceLine, i: number): void {
  const field = `claim.lines[${i}]`;
  if (!/^[0-9A-Z]{5}$/.test(l.cptCode))
    p.add(`${field}.cptCode`, `"${l.cptCode}" is not a 5-character CPT/HCPCS code`);
  if (l.modifiers.length > MAX_MODIFIERS)
    p.add(`${field}.modifiers`, `a line carries at most ${MAX_MODIFIERS} modifiers`);
  l.modifiers.forEach((m, j) => {
    if (!/^[0-9A-Z]{2}$/.test(m)) p.add(`${field}.modifiers[${j}]`, `"${m}" is not a 2-character modifier`);
  });
  if (!Number.isInteger(l.units) || l.units < 1)
    p.add(`${field}.units`, `${l.units} is not a whole number of units`);
  if (l.chargeCents !== null && !Number.isInteger(l.chargeCents))
    p.add(`${field}.chargeCents`, `${l.chargeCents} is not a whole number of cents`);
}

/** The segments of one claim between ST and SE (exclusive), collecting what keeps it from a file. */
function claimBody(r: ClaimRecord, when: { date: string; time: string }, p: Problems): Segment[] {
  const { billing, claim, provider, client, payer } = r;
  const claimNumber = identifier(p, "claim.number", claim.number, MAX_CLAIM_NUMBER);
  if (claimNumber === "") p.add("claim.number", "the claim has no patient control number");
  const memberId = identifier(p, "coverage.memberId", r.coverage.memberId, 80);
  const billingName = text(p, "billing.name", billing.name, 60);
  const diagnoses = claim.diagnosisCodes;
  if (diagnoses.length > MAX_DIAGNOSES)
    p.add("claim.diagnosisCodes", `a claim carries at most ${MAX_DIAGNOSES} diagnoses`);
  checkLines(p, r);
  claim.lines.forEach((l, i) => {
    checkLine(p, l, i);
  });
  const serviceDate = date(p, "claim.serviceDate", claim.serviceDate);
  const pointers = diagnoses.slice(0, MAX_POINTERS).map((_, i) => String(i + 1));
  // SBR09: the member's plan as the catalogue knows it, and the coverage's product.
  const filing = claimFilingIndicator(r.homePlan, r.coverage.product);
  // CLM05-3 and, for a replacement (7) or void (8), the payer's control number of the original.
  const frequency = claim.frequency ?? "1";
  const original: Segment[] =
    frequency === "1"
      ? []
      : [["REF", "F8", identifier(p, "claim.payerControlNumber", claim.payerControlNumber ?? "", 50)]];

  return [
    ["BHT", "0019", "00", claimNumber.slice(-MAX_BHT_REFERENCE), when.date, when.time, "CH"],
    // 1000A submitter, 1000B receiver
    ["NM1", "41", "2", billingName, "", "", "", "", "46", billing.submitterId],
    ["PER", "IC", text(p, "billing.contactName", billing.contactName, 60), "TE", billing.contactPhone],
    [
      "NM1",
      "40",
      "2",
      text(p, "billing.receiverName", billing.receiverName, 60),
      "",
      "",
      "",
      "",
      "46",
      billing.receiverId,
    ],
    // 2000A billing provider
    ["HL", "1", "", "20", "1"],
    ["PRV", "BI", "PXC", billing.taxonomy],
    ["NM1", "85", "2", billingName, "", "", "", "", "XX", billing.npi],
    ...address(p, "billing.address", billing.address),
    ["REF", "EI", billing.taxId],
    // 2000B subscriber (the client is the subscriber: SBR02 18 "self", no patient loop)
    ["HL", "2", "1", "22", "0"],
    ["SBR", "P", "18", "", "", "", "", "", "", filing],
    ["NM1", "IL", "1", ...nameElements(p, "client.name", parsePersonName(client.name)), "MI", memberId],
    ...address(p, "client.address", client.address),
    ["DMG", "D8", date(p, "client.birthDate", client.birthDate), client.sex ?? "U"],
    // 2010BB payer: the decision's billTo (for BlueCard the local plan)
    ["NM1", "PR", "2", text(p, "payer.name", payer.name, 60), "", "", "", "", "PI", payer.electronicId ?? ""],
    // 2300 claim
    [
      "CLM",
      claimNumber,
      dollars(totalChargeCents(r)),
      "",
      "",
      [claim.placeOfService, "B", frequency],
      "Y",
      "A",
      "Y",
      "Y",
    ],
    ...original,
    ["HI", ...diagnoses.slice(0, MAX_DIAGNOSES).map((code, i) => [i === 0 ? "ABK" : "ABF", code])],
    // 2310B rendering provider
    ["NM1", "82", "1", ...nameElements(p, "provider", providerName(r)), "XX", provider.npi],
    ["PRV", "PE", "PXC", provider.taxonomy],
    // 2310C service facility: where the service was rendered, when the guide wants the loop
    // (see serviceFacilityRequired: not for telehealth at the client's home, POS 10).
    ...(serviceFacilityRequired(r)
      ? ([
          ["NM1", "77", "2", claim.modality === "telehealth" ? "PATIENT LOCATION" : billingName],
          ...address(p, "claim.serviceLocation", claim.serviceLocation),
        ] satisfies Segment[])
      : []),
    // 2400 service lines
    ...claim.lines.flatMap((l, i): Segment[] => [
      ["LX", String(i + 1)],
      [
        "SV1",
        ["HC", l.cptCode, ...l.modifiers],
        dollars(l.chargeCents ?? 0),
        "UN",
        String(l.units),
        "",
        "",
        pointers,
      ],
      ["DTP", "472", "D8", serviceDate],
    ]),
  ];
}

/** Every value reaching here was cleaned or checked; a delimiter now would be a bug in this file. */
function value(v: string): string {
  if (DELIMITER.test(v) || NOT_PRINTABLE.test(v)) throw new Error(`837P writer: unescaped value "${v}"`);
  return v;
}

/** Checks every value of the segments (see `value`) before the shared writer serializes them. */
function checkValues(bodies: readonly (readonly Segment[])[]): void {
  for (const body of bodies)
    for (const [, ...elements] of body)
      for (const e of elements) {
        if (typeof e === "string") value(e);
        else e.forEach(value);
      }
}

/** A problem already reported for the same claim and field (or a parent/child of it) is not repeated. */
function alreadyReported(known: readonly ClaimProblem[], p: ClaimProblem): boolean {
  return known.some(
    (k) =>
      k.claimId === p.claimId &&
      (k.field === p.field || k.field.startsWith(`${p.field}.`) || p.field.startsWith(`${k.field}.`)),
  );
}

/**
 * One interchange (ISA/IEA) with one functional group (GS/GE, GS01 "HC", GS08 "005010X222A1")
 * holding one 837 transaction set (ST/SE, ST03 "005010X222A1") per claim.
 *
 * Checks every record first (everything `assertClaimRecords` checks, plus what the format
 * needs) and throws `ClaimDataError`, naming each claim id and field, rather than write a file
 * that looks valid. Throws `RangeError` on an empty list or an invalid envelope.
 */
export function write837p(records: readonly ClaimRecord[], envelope: Envelope): string {
  const first = records[0];
  if (first === undefined) throw new RangeError("An 837P file needs at least one claim.");
  checkEnvelope(envelope, "837P");

  const t = envelope.createdAt;
  const ccyymmddNow = `${t.getUTCFullYear()}${two(t.getUTCMonth() + 1)}${two(t.getUTCDate())}`;
  const hhmm = `${two(t.getUTCHours())}${two(t.getUTCMinutes())}`;
  const { bodies, problems } = build(records, { date: ccyymmddNow, time: hhmm });
  if (problems.length > 0) throw new ClaimDataError(problems);
  checkValues(bodies);
  return writeInterchange({
    senderId: first.billing.submitterId,
    receiverId: first.billing.receiverId,
    functionalId: "HC",
    implementation: IMPLEMENTATION,
    transactionCode: "837",
    bodies,
    envelope,
  });
}

/**
 * Every claim's segments and every problem the 837P would have with the claims — what
 * checkClaimRecord finds and what the file format itself needs — all together, deduplicated.
 */
function build(
  records: readonly ClaimRecord[],
  when: { date: string; time: string },
): { bodies: Segment[][]; problems: ClaimProblem[] } {
  const first = records[0];
  const submitterId = first?.billing.submitterId ?? "";
  const receiverId = first?.billing.receiverId ?? "";
  const problems: ClaimProblem[] = records.flatMap(checkClaimRecord);
  const bodies = records.map((r) => {
    const p = new Problems(r.claim.id);
    const body = claimBody(r, when, p);
    identifier(p, "billing.submitterId", r.billing.submitterId, ISA_ID_WIDTH);
    identifier(p, "billing.receiverId", r.billing.receiverId, ISA_ID_WIDTH);
    if (r.billing.submitterId !== submitterId)
      p.add(
        "billing.submitterId",
        `one file has one submitter: ${r.billing.submitterId} differs from ${submitterId}`,
      );
    if (r.billing.receiverId !== receiverId)
      p.add(
        "billing.receiverId",
        `one file goes to one clearinghouse: ${r.billing.receiverId} differs from ${receiverId}`,
      );
    for (const problem of p.list) if (!alreadyReported(problems, problem)) problems.push(problem);
    return body;
  });
  return { bodies, problems };
}

/**
 * Everything that keeps these claims from an 837P file, without writing one: the problems
 * `write837p` would throw, all of them, each naming its claim and field. Empty when the file
 * can be written.
 */
export function check837p(records: readonly ClaimRecord[]): ClaimProblem[] {
  return build(records, { date: "20000101", time: "0000" }).problems;
}
