/**
 * The license and credential forms without React: a record (or nothing, for a new one) turned
 * into the form's draft, the draft into the request, and the API's field errors placed on the
 * inputs the form shows. Pure: unit-tested in credential-draft.test.ts.
 */
import type { CredentialInput, LicenseInput } from "../api/endpoints";
import {
  COMPACT_SOURCES,
  type Credential,
  type FieldError,
  type License,
  type StateCode,
} from "../api/types";

/** "Not chosen yet", typed so the form state keeps the union (a bare "" would widen to string). */
export const NO_STATE: StateCode | "" = "";

/** A privilege under a licensure compact (PSYPACT, Counseling, Social Work): it rests on a home license. */
export const isCompact = (source: string) => COMPACT_SOURCES.some((c) => c === source);

// ---------------------------------------------------------------------------------------------
// Licenses and compact privileges.

export interface LicenseDraft {
  readonly state: StateCode | "";
  readonly type: string;
  readonly number: string;
  readonly status: License["status"];
  readonly validFrom: string;
  readonly validTo: string;
  readonly telehealthOnly: boolean;
  readonly source: License["source"];
  readonly homeState: StateCode | "";
}

export function licenseDraft(item?: License): LicenseDraft {
  return {
    state: item?.state ?? NO_STATE,
    type: item?.type ?? "",
    number: item?.number ?? "",
    status: item?.status ?? "active",
    validFrom: item?.validFrom ?? "",
    validTo: item?.validTo ?? "",
    telehealthOnly: item?.telehealthOnly ?? false,
    source: item?.source ?? "state_board",
    homeState: item?.homeState ?? NO_STATE,
  };
}

/**
 * The request for a draft. Blank optional text is null; an unchosen state is sent as "" for the
 * API to name (`state: expected a US state…`), so its message sits under the field.
 */
export function licenseInput(d: LicenseDraft): LicenseInput {
  return {
    state: d.state as StateCode,
    type: d.type.trim(),
    number: d.number.trim() || null,
    status: d.status,
    validFrom: d.validFrom || null,
    validTo: d.validTo || null,
    telehealthOnly: d.telehealthOnly,
    source: d.source,
    // Only a compact privilege has a home state; the API refuses one anywhere else.
    homeState: isCompact(d.source) && d.homeState ? d.homeState : null,
  };
}

export type LicenseField = keyof LicenseDraft;

/** The fields the license form shows for a draft (API paths): the home state for privileges only. */
export function licenseFields(d: Pick<LicenseDraft, "source">): readonly LicenseField[] {
  return [
    "state",
    "type",
    "number",
    "status",
    "validFrom",
    "validTo",
    "telehealthOnly",
    "source",
    ...(isCompact(d.source) ? (["homeState"] as const) : []),
  ];
}

/**
 * Where a privilege's home license can be: the states of the provider's own state licenses
 * (state board or IMLC), each once, in the order of their names.
 */
export function homeStates(
  licenses: readonly Pick<License, "source" | "state">[],
  stateName: (code: StateCode) => string,
): StateCode[] {
  const states = licenses
    .filter((l) => l.source === "state_board" || l.source === "IMLC")
    .map((l) => l.state);
  return [...new Set(states)].sort((a, b) => stateName(a).localeCompare(stateName(b)));
}

// ---------------------------------------------------------------------------------------------
// Payer credentials.

export interface CredentialDraft {
  readonly payer: string;
  readonly state: StateCode | "";
  readonly network: Credential["network"];
  readonly status: Credential["status"];
  readonly effectiveFrom: string;
  readonly effectiveTo: string;
}

export function credentialDraft(item?: Credential): CredentialDraft {
  return {
    payer: item?.payer ?? "",
    state: item?.state ?? NO_STATE,
    network: item?.network ?? "standard",
    status: item?.status ?? "active",
    effectiveFrom: item?.effectiveFrom ?? "",
    effectiveTo: item?.effectiveTo ?? "",
  };
}

/** The request for a draft; an unchosen payer or state is the API's to name, under its field. */
export function credentialInput(d: CredentialDraft): CredentialInput {
  return {
    payer: d.payer,
    state: d.state as StateCode,
    network: d.network,
    status: d.status,
    effectiveFrom: d.effectiveFrom || null,
    effectiveTo: d.effectiveTo || null,
  };
}

export type CredentialField = keyof CredentialDraft;

export const CREDENTIAL_FIELDS: readonly CredentialField[] = [
  "payer",
  "state",
  "network",
  "status",
  "effectiveFrom",
  "effectiveTo",
];

// ---------------------------------------------------------------------------------------------
// Errors.

/**
 * The API's messages for the fields a form shows, by field (the first message for a field wins);
 * errors on other paths are left for the form's summary (`FormError` with the same field list).
 */
export function fieldErrors<F extends string>(
  errors: readonly FieldError[] | undefined,
  fields: readonly F[],
): Partial<Record<F, string>> {
  const shown = new Set<string>(fields);
  const out: Partial<Record<F, string>> = {};
  for (const e of errors ?? []) if (shown.has(e.path)) out[e.path as F] ??= e.message;
  return out;
}

/** Sorts records by an end date, soonest first; no end date last. */
export const byEnd =
  <T>(end: (x: T) => string | null) =>
  (a: T, b: T): number =>
    (end(a) ?? "9999-12-31").localeCompare(end(b) ?? "9999-12-31");
