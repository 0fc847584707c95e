/**
 * The eligibility inquiry, X12 270 (005010X279A1): "is this member covered today, and what are
 * their outpatient mental health benefits?", one interchange per question so that each answer
 * (271) comes back on its own and matches its question by the trace number. Pure: no I/O, no
 * clock.
 *
 * What the guide requires, as written here:
 *
 *   BHT*0022*13*{trace}*{date}*{time}          inquiry (0022), request (13)
 *   HL*1**20*1 / NM1*PR*2*{payer}*****PI*{id}   2000A/2100A the information source: the payer
 *                                               and its electronic id at our clearinghouse
 *   HL*2*1*21*1 / NM1*1P*…*XX*{NPI}             2000B/2100B the information receiver: the
 *                                               treating provider (person, 1) or the billing
 *                                               group (organization, 2), by NPI
 *   HL*3*2*22*0 / TRN*1*{trace}*1{EIN}          2000C the subscriber (the client is the
 *                                               subscriber: no dependent loop) and our trace
 *                                               number, which the 271 returns as TRN*2
 *   NM1*IL*1*{last}*{first}****MI*{member id}   2100C the subscriber by member id and name
 *   DMG*D8*{birth date}                         when known (payers search on it)
 *   DTP*291*D8*{plan date}                      the day the benefits are asked about
 *   EQ*{code}                                   2110C, one loop per service type asked
 *
 * Service types (EQ01). The guide's code list has no single "outpatient therapy" code; what a
 * mental-health practice asks, and what payers answer under CAQH CORE, is:
 *   - 30 Health Benefit Plan Coverage: the plan's status and dates. Every information source must
 *     answer it (the guide's generic request), so an inactive plan is always told.
 *   - MH Mental Health: CORE's required "mental health" benefits (co-pay, co-insurance,
 *     deductible), and where carve-outs are announced (a benefit-related entity in 2120C).
 *   - A6 Psychotherapy and A8 Psychiatric - Outpatient: the office/telehealth therapy and
 *     medication-management visits a practice bills (90832–90838, 99213 + add-ons); A4
 *     (Psychiatric, general), A5/A7 (room and board, inpatient) are not asked: an outpatient
 *     practice does not bill them.
 *   - CF Mental Health Provider - Outpatient: some Blues and Medicaid plans key outpatient
 *     behavioral benefits to it rather than to MH.
 * Each in its own EQ segment (2110C repeats up to 99 times) rather than EQ01 repetitions, which
 * the guide leaves optional for the information source to support.
 */
import { validNpi } from "./npi.js";
import { ccyymmdd, cleanText, writeInterchange, type Envelope, type Segment } from "./x12.js";

export type { Envelope } from "./x12.js";

export const IMPLEMENTATION_270 = "005010X279A1";

/** The service types a 270 asks about (see the header). */
export const MENTAL_HEALTH_SERVICE_TYPES = ["30", "MH", "A6", "A8", "CF"] as const;

/** The words for the service type codes Stateline asks or reads. */
export const SERVICE_TYPE_WORDS: Readonly<Record<string, string>> = {
  "30": "Health benefit plan coverage",
  MH: "Mental health",
  A4: "Psychiatric",
  A5: "Psychiatric - room and board",
  A6: "Psychotherapy",
  A7: "Psychiatric - inpatient",
  A8: "Psychiatric - outpatient",
  AI: "Substance abuse",
  CE: "Mental health provider - inpatient",
  CF: "Mental health provider - outpatient",
  CG: "Mental health facility - inpatient",
  CH: "Mental health facility - outpatient",
  "98": "Professional (physician) visit - office",
};

/** Who asks: the treating provider (a person) or the billing group (an organization). */
export type InformationReceiver =
  | {
      readonly kind: "person";
      readonly npi: string;
      readonly lastName: string;
      readonly firstName: string;
    }
  | { readonly kind: "organization"; readonly npi: string; readonly name: string };

export interface EligibilityRequest {
  /** TRN02: our check's trace number, returned on the 271 (1–50 letters and digits). */
  readonly traceNumber: string;
  readonly payer: { readonly name: string; readonly electronicId: string };
  readonly receiver: InformationReceiver;
  readonly subscriber: {
    readonly memberId: string;
    readonly firstName: string;
    readonly lastName: string;
    /** YYYY-MM-DD, or null (the DMG segment is left out). */
    readonly birthDate: string | null;
  };
  /** DTP*291: the day asked about, YYYY-MM-DD. */
  readonly planDate: string;
  /** EQ01 codes; the mental health list by default. */
  readonly serviceTypes?: readonly string[] | undefined;
}

export interface Interchange270 {
  /** ISA06/GS02: our submitter id at the clearinghouse. */
  readonly senderId: string;
  /** ISA08/GS03: the clearinghouse's id. */
  readonly receiverId: string;
  /** TRN03: "1" followed by our EIN (the guide: 1 = EIN, 3 = DUNS, 9 = assigned). */
  readonly traceAssigner: string;
  readonly envelope: Envelope;
}

/** One thing that keeps a 270 from being written, named by the field a person would fix. */
export interface Problem270 {
  readonly field: string;
  readonly message: string;
}

const MAX_NAME = 60;
const MAX_MEMBER_ID = 80;

/** Everything wrong with a request, each named by its field (empty: it can be written). */
export function check270(r: EligibilityRequest, spec?: Interchange270): Problem270[] {
  const problems: Problem270[] = [];
  const add = (field: string, message: string) => problems.push({ field, message });
  if (!/^[0-9A-Za-z]{1,50}$/.test(r.traceNumber))
    add("traceNumber", "must be 1–50 letters and digits (TRN02)");
  if (!/^[0-9A-Z]{2,80}$/.test(r.payer.electronicId))
    add("payer.electronicId", "the payer has no electronic id at the clearinghouse (letters and digits)");
  if (cleanText(r.payer.name, MAX_NAME) === "") add("payer.name", "the payer needs a name");
  if (!validNpi(r.receiver.npi))
    add("receiver.npi", `"${r.receiver.npi}" is not a valid NPI (10 digits with its check digit)`);
  if (r.receiver.kind === "person" && cleanText(r.receiver.lastName, MAX_NAME) === "")
    add("receiver.lastName", "the provider needs a last name");
  if (r.receiver.kind === "organization" && cleanText(r.receiver.name, MAX_NAME) === "")
    add("receiver.name", "the group needs a name");
  const member = r.subscriber.memberId.trim();
  if (member === "") add("subscriber.memberId", "the coverage has no member ID");
  else if (!/^[0-9A-Za-z-]{2,80}$/.test(member))
    add("subscriber.memberId", "a member ID is 2–80 letters, digits and dashes");
  if (cleanText(r.subscriber.lastName, MAX_NAME) === "")
    add("subscriber.lastName", "the client's last name is missing");
  if (r.subscriber.birthDate !== null && ccyymmdd(r.subscriber.birthDate) === null)
    add("subscriber.birthDate", `"${r.subscriber.birthDate}" is not a date (YYYY-MM-DD)`);
  if (ccyymmdd(r.planDate) === null) add("planDate", `"${r.planDate}" is not a date (YYYY-MM-DD)`);
  for (const code of r.serviceTypes ?? [])
    if (!/^[0-9A-Z]{1,2}$/.test(code)) add("serviceTypes", `"${code}" is not a service type code`);
  if (spec && !/^[139][0-9A-Z]{9}$/.test(spec.traceAssigner))
    add("traceAssigner", "TRN03 is 10 characters: 1 and the EIN (or 3 and a DUNS, 9 and an assigned id)");
  return problems;
}

/** An error naming every field that keeps the 270 from being written. */
export class Eligibility270Error extends Error {
  constructor(readonly problems: readonly Problem270[]) {
    super(problems.map((p) => `${p.field}: ${p.message}`).join("; "));
    this.name = "Eligibility270Error";
  }
}

/** The transaction set's segments, ST and SE excluded. */
export function body270(r: EligibilityRequest, traceAssigner: string, at: Date): Segment[] {
  const date = at.toISOString().slice(0, 10);
  const time = at.toISOString().slice(11, 16).replace(":", "");
  const receiver: Segment =
    r.receiver.kind === "person"
      ? [
          "NM1",
          "1P",
          "1",
          cleanText(r.receiver.lastName, MAX_NAME),
          cleanText(r.receiver.firstName, 35),
          "",
          "",
          "",
          "XX",
          r.receiver.npi,
        ]
      : ["NM1", "1P", "2", cleanText(r.receiver.name, MAX_NAME), "", "", "", "", "XX", r.receiver.npi];
  const birth = r.subscriber.birthDate ? ccyymmdd(r.subscriber.birthDate) : null;
  return [
    ["BHT", "0022", "13", r.traceNumber, ccyymmdd(date) ?? "", time],
    ["HL", "1", "", "20", "1"],
    ["NM1", "PR", "2", cleanText(r.payer.name, MAX_NAME), "", "", "", "", "PI", r.payer.electronicId],
    ["HL", "2", "1", "21", "1"],
    receiver,
    ["HL", "3", "2", "22", "0"],
    ["TRN", "1", r.traceNumber, traceAssigner],
    [
      "NM1",
      "IL",
      "1",
      cleanText(r.subscriber.lastName, MAX_NAME),
      cleanText(r.subscriber.firstName, 35),
      "",
      "",
      "",
      "MI",
      r.subscriber.memberId.trim().toUpperCase().slice(0, MAX_MEMBER_ID),
    ],
    ...(birth ? [["DMG", "D8", birth] as Segment] : []),
    ["DTP", "291", "D8", ccyymmdd(r.planDate) ?? ""],
    ...(r.serviceTypes ?? MENTAL_HEALTH_SERVICE_TYPES).map((code): Segment => ["EQ", code]),
  ];
}

/**
 * One 270 interchange for one request (GS01 HS). Throws Eligibility270Error naming every field
 * that is missing or wrong; RangeError when the envelope cannot be written.
 */
export function write270(request: EligibilityRequest, spec: Interchange270): string {
  const problems = check270(request, spec);
  if (problems.length > 0) throw new Eligibility270Error(problems);
  return writeInterchange({
    senderId: spec.senderId,
    receiverId: spec.receiverId,
    functionalId: "HS",
    implementation: IMPLEMENTATION_270,
    transactionCode: "270",
    bodies: [body270(request, spec.traceAssigner, spec.envelope.createdAt)],
    envelope: spec.envelope,
  });
}
