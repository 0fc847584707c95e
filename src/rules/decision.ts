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
import type { StateCode } from "../contract/states.js";

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
 * Why a compact privilege does not hold on the date (rule 2a), in the order the conditions are
 * checked: the privilege names its home state; both states are members of the compact; the
 * home license is of the compact's profession, active (not probation) and in its dates.
 */
export type PrivilegeFailure =
  | { readonly why: "no_home_state" }
  | {
      readonly why: "not_member";
      readonly state: StateCode;
      /** The date the state joins, when that is after the session; undefined: not a member. */
      readonly joins: string | undefined;
      readonly home: boolean;
    }
  | { readonly why: "no_home_license"; readonly home: StateCode }
  | { readonly why: "home_license_not_active"; readonly license: LicenseInput }
  | { readonly why: "home_license_profession"; readonly license: LicenseInput };

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
