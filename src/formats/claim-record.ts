/**
 * Everything a claim file says about one claim, gathered in one plain record: the claim as it
 * was confirmed, the payer it goes to, the rendering provider, the client and their coverage,
 * and the organization that bills. The X12 837P writer (x12-837p.ts) and the FHIR R4 writer
 * (fhir-r4.ts) read nothing else, so both are pure functions of this record — no I/O, no clock
 * (the envelope's time comes in as an argument).
 *
 * `checkClaimRecord` lists what a record lacks for a real claim (a missing NPI, member ID or
 * address, a charge with no fee): a claim file is written only when it finds nothing, so bad
 * data never produces a file that looks valid.
 */
import type { Product } from "../contract/schema.js";
import type { StateCode } from "../contract/states.js";
import type { Basis } from "../rules/decision.js";
import type { PayerKind } from "../rules/geography.js";
import { validNpi } from "./npi.js";

export interface PostalAddress {
  readonly line1: string | null;
  /** Suite, apartment, floor (837P N302, FHIR `line[1]`); absent or null when there is none. */
  readonly line2?: string | null | undefined;
  readonly city: string | null;
  readonly state: StateCode;
  /** "12345", "123456789" or "12345-6789". */
  readonly zip: string | null;
}

/**
 * A person's name in parts, as the 837P NM1 segment and FHIR HumanName take it: credentials
 * (LCSW, PsyD) are never part of a name element.
 */
export interface PersonName {
  readonly firstName: string;
  readonly middleName: string | null;
  readonly lastName: string;
  /** Jr, Sr, II, III … */
  readonly suffix: string | null;
  /** Degrees and licenses after the name ("LCSW"): FHIR HumanName.suffix only, never in X12 NM1. */
  readonly credentials: string | null;
}

/** Administrative sex as the 837P DMG03 takes it: female, male, unknown. */
export type AdministrativeSex = "F" | "M" | "U";

/** CLM05-3: 1 original claim, 7 replacement of a prior claim, 8 void of a prior claim. */
export type ClaimFrequency = "1" | "7" | "8";

/**
 * The organization that bills (the platform's group practice): it signs the claims, receives
 * the payments and submits the files. One per installation.
 */
export interface BillingOrganization {
  readonly name: string;
  /** Type 2 (organization) NPI. */
  readonly npi: string;
  /** Employer identification number, 9 digits. */
  readonly taxId: string;
  /** NUCC taxonomy of the group, e.g. 261QM0801X (mental health clinic). */
  readonly taxonomy: string;
  readonly address: PostalAddress;
  readonly contactName: string;
  /** Digits only, 10. */
  readonly contactPhone: string;
  /** Our id at the clearinghouse (ISA06, GS02, 1000A NM109). */
  readonly submitterId: string;
  /** The clearinghouse that takes our files (1000B). */
  readonly receiverName: string;
  /** The clearinghouse's id (ISA08, GS03, 1000B NM109). */
  readonly receiverId: string;
  /** Usual charge per CPT code, in cents. */
  readonly fees: Readonly<Record<string, number>>;
}

/**
 * How a payer wants a video telehealth service marked on its lines: modifier 95 (the CPT
 * modifier, most commercial payers), GT (the older "via interactive audio and video" modifier
 * some payers still ask for), or none (Medicare since 2024: the place of service 02/10 says it).
 */
export type TelehealthModifierRule = "95" | "GT" | "none";

export interface ClaimPayer {
  /** Catalogue id, e.g. "bcbs-ny-excellus". */
  readonly id: string;
  readonly name: string;
  /** The catalogue's kind: "bcbs" for every Blue plan (decides the claim filing indicator). */
  readonly kind: PayerKind;
  /** Electronic payer id at the clearinghouse (2010BB NM109); null when the catalogue lacks it. */
  readonly electronicId: string | null;
}

/** One service line: a CPT code, its modifiers, units (90840 may repeat) and the charge. */
export interface ServiceLine {
  readonly cptCode: string;
  readonly modifiers: readonly string[];
  readonly units: number;
  /** Charge for the line (fee × units), in cents; null when the fee schedule lacks the code. */
  readonly chargeCents: number | null;
}

export interface ClaimRecord {
  readonly claim: {
    readonly id: string;
    /** Patient control number (837P CLM01), at most 20 characters: what the remittance returns. */
    readonly number: string;
    readonly sessionId: string;
    /** YYYY-MM-DD */
    readonly serviceDate: string;
    readonly basis: Basis;
    readonly placeOfService: "02" | "10" | "11";
    readonly lines: readonly ServiceLine[];
    /** ICD-10-CM, without the dot ("F411"); the first is the principal diagnosis. */
    readonly diagnosisCodes: readonly string[];
    /** Where the service was rendered: the client's place for telehealth, the office in person. */
    readonly serviceLocation: PostalAddress;
    readonly modality: "telehealth" | "in_person";
    /** Instant of confirmation (ISO); the FHIR Claim's `created`. */
    readonly confirmedAt: string;
    /** CLM05-3; "1" unless this version replaces (7) or voids (8) one the payer has. */
    readonly frequency?: ClaimFrequency | undefined;
    /** The payer's claim control number of the claim replaced or voided (2300 REF*F8). */
    readonly payerControlNumber?: string | null | undefined;
    /** 1 for the claim as confirmed; each replacement or void is a new version. */
    readonly version?: number | undefined;
  };
  /** Who the claim goes to: the decision's billTo (for BlueCard the local plan). */
  readonly payer: ClaimPayer;
  /** The member's own plan (differs from `payer` under BlueCard). */
  readonly homePlan: ClaimPayer;
  readonly provider: {
    readonly id: string;
    /** As shown to people ("Maya R. Chen, LCSW"). */
    readonly name: string;
    /** The name in parts; when absent, read from `name` (see personName). */
    readonly personName?: PersonName | undefined;
    /** Type 1 (individual) NPI of the rendering provider. */
    readonly npi: string;
    readonly taxonomy: string;
  };
  readonly client: {
    readonly id: string;
    readonly name: string;
    /** YYYY-MM-DD */
    readonly birthDate: string | null;
    /** Administrative sex (837P DMG03, FHIR Patient.gender); null when not on file ("U"). */
    readonly sex?: AdministrativeSex | null | undefined;
    /** The client's home address (subscriber address) as it was when the claim was confirmed. */
    readonly address: PostalAddress | null;
  };
  readonly coverage: {
    readonly id: string;
    /** Exactly as on the member's card, alpha prefix included. */
    readonly memberId: string | null;
    /** The kind of plan, as on file when the claim was confirmed; null when not known. */
    readonly product: Product | null;
    /** When the coverage confirmed under is in force (YYYY-MM-DD, inclusive); null bounds are open. */
    readonly period?: { readonly start: string | null; readonly end: string | null } | undefined;
  };
  readonly billing: BillingOrganization;
}

/** One thing a claim lacks, named by the field a person would fix. */
export interface ClaimProblem {
  readonly claimId: string;
  /** Dotted path into the record, e.g. "client.address.zip" or "provider.npi". */
  readonly field: string;
  readonly message: string;
}

export class ClaimDataError extends Error {
  constructor(readonly problems: readonly ClaimProblem[]) {
    super(problems.map((p) => `claim ${p.claimId}: ${p.field}: ${p.message}`).join("; "));
    this.name = "ClaimDataError";
  }
}

const ZIP = /^\d{5}(-?\d{4})?$/;

/** A ZIP code as X12 writes it: digits only ("12345-6789" → "123456789"); null when it is not a ZIP. */
export function zipDigits(zip: string | null | undefined): string | null {
  const z = zip?.trim() ?? "";
  return ZIP.test(z) ? z.replace("-", "") : null;
}

/** The same street address, compared as a payer would after normalising case and spacing. */
function sameAddress(a: PostalAddress, b: PostalAddress): boolean {
  const norm = (v: string | null | undefined) => (v ?? "").trim().replace(/\s+/g, " ").toUpperCase();
  return (
    norm(a.line1) === norm(b.line1) &&
    norm(a.line2) === norm(b.line2) &&
    norm(a.city) === norm(b.city) &&
    a.state === b.state &&
    (zipDigits(a.zip) ?? "").slice(0, 5) === (zipDigits(b.zip) ?? "").slice(0, 5)
  );
}

/**
 * Whether the 837P carries loop 2310C (service facility location), following 005010X222A1's
 * situational rule for the loop: "Required when the location of health care service is different
 * than that carried in Loop ID-2010AA (Billing Provider). If not required by this implementation
 * guide, do not send." (quoted in X12 RFI #2196 and #2810, x12.org). Applied to our claims:
 *   - in person (POS 11): sent when the practice location differs from the billing address;
 *   - telehealth with the client at home (POS 10): not sent. The place of service already says
 *     the service was received in the patient's home, whose address is the subscriber's (2010BA);
 *     X12's answer to RFI #423 (rfi.x12.org): when a service is rendered at the patient's home
 *     "the loop is not used", and a payer cannot require it then;
 *   - telehealth elsewhere (POS 02): sent, with where the client was (a dorm, a friend's place):
 *     that location differs from the billing provider's and is not known to the payer otherwise.
 * Where it is sent, its N403 takes the 9-digit ZIP+4 (the guide's note for U.S. addresses in
 * 2010AA and 2310C; payers reject 2310C without it, e.g. Community First Health Plans' 837P
 * service facility guidance, 2026).
 */
export function serviceFacilityRequired(r: ClaimRecord): boolean {
  if (r.claim.modality === "telehealth") return r.claim.placeOfService === "02";
  return !sameAddress(r.claim.serviceLocation, r.billing.address);
}

const SUFFIXES = new Set(["JR", "SR", "II", "III", "IV", "V"]);

/**
 * A name in parts from one display string, for records without structured names:
 * "Maya R. Chen, LCSW" → first Maya, middle R., last Chen, credentials LCSW;
 * "Sam Rivera Jr." → suffix Jr.; one word → last name only.
 */
export function parsePersonName(display: string): PersonName {
  const [main = "", ...after] = display.split(",");
  const credentials = after.map((p) => p.trim()).filter((p) => p !== "");
  const words = main
    .trim()
    .split(/\s+/)
    .filter((w) => w !== "");
  let suffix: string | null = null;
  const lastWord = words.at(-1);
  if (words.length > 2 && lastWord !== undefined && SUFFIXES.has(lastWord.replace(/\.$/, "").toUpperCase())) {
    suffix = lastWord;
    words.pop();
  }
  // A trailing part after the comma that is a generational suffix ("Chen, Jr.") is a suffix.
  const first = credentials[0];
  if (suffix === null && first !== undefined && SUFFIXES.has(first.replace(/\.$/, "").toUpperCase())) {
    suffix = first;
    credentials.shift();
  }
  const last = words.pop() ?? "";
  const given = words.shift() ?? null;
  return {
    firstName: given ?? "",
    middleName: words.length > 0 ? words.join(" ") : null,
    lastName: last,
    suffix,
    credentials: credentials.length > 0 ? credentials.join(", ") : null,
  };
}

/** The rendering provider's name in parts: the structured name when on file, else parsed. */
export function providerName(r: ClaimRecord): PersonName {
  return r.provider.personName ?? parsePersonName(r.provider.name);
}
/**
 * ICD-10-CM's shape: a letter, a digit (or a letter: FY2026's QA0 codes), then 1–5 letters or
 * digits (no dot in claim files). U07.1 and the other U codes are real codes too. Whether a code
 * is billable is the code set's question (`src/reference/code-sets.ts`).
 */
export const ICD10 = /^[A-Z][0-9A-Z][0-9A-Z]{1,5}$/;

function checkAddress(
  out: ClaimProblem[],
  claimId: string,
  field: string,
  a: PostalAddress | null,
  what: string,
): void {
  if (a === null) {
    out.push({ claimId, field, message: `${what} is missing` });
    return;
  }
  if (!a.line1?.trim())
    out.push({ claimId, field: `${field}.line1`, message: `${what} has no street address` });
  if (!a.city?.trim()) out.push({ claimId, field: `${field}.city`, message: `${what} has no city` });
  if (!a.zip || !ZIP.test(a.zip.trim()))
    out.push({ claimId, field: `${field}.zip`, message: `${what} needs a 5- or 9-digit ZIP code` });
}

/** Where an address on the claim is corrected, for the ZIP+4 messages. */
function facilityFix(r: ClaimRecord): string {
  return r.claim.modality === "telehealth"
    ? "add the last four digits to the client's location in the client's record"
    : "add the last four digits to the practice location in the provider's profile";
}

/** Everything the record lacks for a claim a payer would take; empty when it is complete. */
export function checkClaimRecord(r: ClaimRecord): ClaimProblem[] {
  const id = r.claim.id;
  const out: ClaimProblem[] = [];
  const need = (ok: boolean, field: string, message: string) => {
    if (!ok) out.push({ claimId: id, field, message });
  };
  need(validNpi(r.provider.npi), "provider.npi", "the rendering provider's NPI is missing or invalid");
  need(
    /^[0-9A-Z]{9}X$/.test(r.provider.taxonomy),
    "provider.taxonomy",
    "a 10-character NUCC taxonomy code is needed",
  );
  need(validNpi(r.billing.npi), "billing.npi", "the billing organization's NPI is missing or invalid");
  need(
    /^\d{9}$/.test(r.billing.taxId),
    "billing.taxId",
    "the billing organization's EIN (9 digits) is missing",
  );
  need(/^\d{10}$/.test(r.billing.contactPhone), "billing.contactPhone", "a 10-digit contact phone is needed");
  need(r.billing.submitterId.trim() !== "", "billing.submitterId", "the submitter id is missing");
  need(r.billing.receiverId.trim() !== "", "billing.receiverId", "the clearinghouse id is missing");
  checkAddress(out, id, "billing.address", r.billing.address, "the billing organization's address");
  // The 837P's billing provider address (loop 2010AA, N403) takes the full ZIP+4.
  const billingZip = zipDigits(r.billing.address.zip);
  need(
    billingZip === null || billingZip.length === 9,
    "billing.address.zip",
    "billing provider ZIP must be ZIP+4: add the last four digits in Billing settings",
  );
  need(
    r.payer.electronicId !== null && /^[0-9A-Z]{2,80}$/.test(r.payer.electronicId),
    "payer.electronicId",
    `${r.payer.name} has no electronic payer id: add it under billing settings (payer ids)`,
  );
  need(
    r.coverage.memberId !== null && r.coverage.memberId.trim() !== "",
    "coverage.memberId",
    "the member ID from the client's insurance card is missing",
  );
  need(r.client.name.trim() !== "", "client.name", "the client's name is missing");
  need(r.client.birthDate !== null, "client.birthDate", "the client's date of birth is missing");
  checkAddress(out, id, "client.address", r.client.address, "the client's home address");
  checkAddress(out, id, "claim.serviceLocation", r.claim.serviceLocation, "the service location");
  // Loop 2310C (service facility), when the claim carries it, takes the full ZIP+4 too.
  const facilityZip = zipDigits(r.claim.serviceLocation.zip);
  need(
    !serviceFacilityRequired(r) || facilityZip === null || facilityZip.length === 9,
    "claim.serviceLocation.zip",
    `service facility ZIP must be ZIP+4 (place of service ${r.claim.placeOfService}, loop 2310C): ${facilityFix(r)}`,
  );
  const frequency = r.claim.frequency ?? "1";
  need(
    frequency === "1" || (r.claim.payerControlNumber ?? "").trim() !== "",
    "claim.payerControlNumber",
    `a ${frequency === "7" ? "replacement" : "void"} needs the payer's claim control number of the original claim (from its acknowledgement or remittance)`,
  );
  need(
    r.claim.diagnosisCodes.length > 0,
    "claim.diagnosisCodes",
    "at least one ICD-10-CM diagnosis is needed",
  );
  r.claim.diagnosisCodes.forEach((code, i) => {
    need(ICD10.test(code), `claim.diagnosisCodes[${i}]`, `"${code}" is not an ICD-10-CM code`);
  });
  need(r.claim.lines.length > 0, "claim.lines", "a claim needs at least one service line");
  r.claim.lines.forEach((l, i) => {
    need(
      l.chargeCents !== null && l.chargeCents > 0,
      `claim.lines[${i}].chargeCents`,
      `the fee schedule has no charge for CPT ${l.cptCode}`,
    );
  });
  return out;
}

/** Throws `ClaimDataError` naming every problem of every record; returns when all are complete. */
export function assertClaimRecords(records: readonly ClaimRecord[]): void {
  const problems = records.flatMap(checkClaimRecord);
  if (problems.length > 0) throw new ClaimDataError(problems);
}

/** The claim's total charge in cents (all lines must have charges; see checkClaimRecord). */
export function totalChargeCents(r: ClaimRecord): number {
  return r.claim.lines.reduce((sum, l) => sum + (l.chargeCents ?? 0), 0);
}

/** Groups a claim's CPT codes into service lines: repeated codes (90840) become units of one line. */
export function serviceLines(
  cptCodes: readonly string[],
  modifiers: readonly string[],
  fees: Readonly<Record<string, number>>,
): ServiceLine[] {
  const units = new Map<string, number>();
  for (const code of cptCodes) units.set(code, (units.get(code) ?? 0) + 1);
  return [...units].map(([cptCode, n]) => {
    const fee = fees[cptCode];
    return { cptCode, modifiers, units: n, chargeCents: fee === undefined ? null : fee * n };
  });
}

/** "Alex Rivera" → { first: "Alex", last: "Rivera" }; one word → last name only. */
export function splitName(name: string): { readonly first: string; readonly last: string } {
  const parts = name.trim().split(/\s+/);
  const last = parts.pop() ?? "";
  return { first: parts.join(" "), last };
}
