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
import type { StateCode } from "../reference/states.js";
import type { Basis } from "../rules/decision.js";
import type { PayerKind } from "../rules/geography.js";
import { validNpi } from "./npi.js";

export interface PostalAddress {
  readonly line1: string | null;
  readonly city: string | null;
  readonly state: StateCode;
  readonly zip: string | null;
}

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
  };
  /** Who the claim goes to: the decision's billTo (for BlueCard the local plan). */
  readonly payer: ClaimPayer;
  /** The member's own plan (differs from `payer` under BlueCard). */
  readonly homePlan: ClaimPayer;
  readonly provider: {
    readonly id: string;
    readonly name: string;
    /** Type 1 (individual) NPI of the rendering provider. */
    readonly npi: string;
    readonly taxonomy: string;
  };
  readonly client: {
    readonly id: string;
    readonly name: string;
    /** YYYY-MM-DD */
    readonly birthDate: string | null;
    /** The client's home address (subscriber address). */
    readonly address: PostalAddress | null;
  };
  readonly coverage: {
    readonly id: string;
    /** Exactly as on the member's card, alpha prefix included. */
    readonly memberId: string | null;
    /** The kind of plan, as on file when the claim was confirmed; null when not known. */
    readonly product: Product | null;
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

const ZIP = /^\d{5}(\d{4})?$/;
/** ICD-10-CM: a letter, a digit, then 1–5 letters or digits (no dot in claim files). */
export const ICD10 = /^[A-TV-Z]\d[0-9A-Z]{1,5}$/;

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
  if (!a.zip || !ZIP.test(a.zip))
    out.push({ claimId, field: `${field}.zip`, message: `${what} needs a 5- or 9-digit ZIP code` });
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
  // The 837P's billing provider address (loop 2010AA) takes the full ZIP+4.
  need(
    !r.billing.address.zip || !ZIP.test(r.billing.address.zip) || r.billing.address.zip.length === 9,
    "billing.address.zip",
    "the billing organization's ZIP code needs all 9 digits (ZIP+4)",
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
