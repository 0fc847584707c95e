/**
 * The decision's own types, as the engine builds them. They are the contract's output types
 * (`src/contract/schema.ts`), re-exported so rule code reads in domain words.
 */
import type {
  Basis,
  CaseInput,
  CoverageInput,
  CredentialInput,
  DecisionOutput,
  LicenseInput,
  LocationInput,
  NoteCode,
  Outcome,
  ReasonCode,
  RequirementCode,
} from "../contract/schema.js";

export type {
  Basis,
  CaseInput,
  CoverageInput,
  CredentialInput,
  LicenseInput,
  LocationInput,
  NoteCode,
  Outcome,
  ReasonCode,
  RequirementCode,
};

export type Decision = DecisionOutput;

export interface Reason {
  readonly code: ReasonCode;
  readonly message: string;
  readonly fix?: string;
}

export interface Requirement {
  readonly code: RequirementCode;
  readonly message: string;
}

export interface Note {
  readonly code: NoteCode;
  readonly message: string;
}

/**
 * Whether a dated record is in force on `date`. Both bounds are inclusive; `null` or absent
 * means "no bound". Dates are `YYYY-MM-DD`, so string order is calendar order.
 */
export function inForce(
  date: string,
  from: string | null | undefined,
  to: string | null | undefined,
): boolean {
  return (from == null || from <= date) && (to == null || date <= to);
}

/** Statuses that allow practice: `active` and `probation`. */
export function allowsPractice(status: LicenseInput["status"]): boolean {
  return status === "active" || status === "probation";
}

/** A credential bills only when `active` and in force on the date. */
export function credentialActive(c: CredentialInput, date: string): boolean {
  return c.status === "active" && inForce(date, c.effectiveFrom, c.effectiveTo);
}
