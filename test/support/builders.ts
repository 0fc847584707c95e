/** Typed builders for contract cases: a valid default, overridden where a test cares. */
import type { CaseInput, CredentialInput, LicenseInput, LocationInput } from "../../src/contract/schema.js";

export const DATE = "2026-05-01";

export function license(state: LicenseInput["state"], over: Partial<LicenseInput> = {}): LicenseInput {
  return { state, type: "LCSW", status: "active", validFrom: "2020-01-01", validTo: "2028-12-31", ...over };
}

export function credential(
  payer: string,
  state: CredentialInput["state"],
  over: Partial<CredentialInput> = {},
): CredentialInput {
  return {
    payer,
    state,
    network: "standard",
    status: "active",
    effectiveFrom: "2024-01-01",
    effectiveTo: null,
    ...over,
  };
}

export function at(
  state: LocationInput["state"],
  zip?: string,
  over: Partial<LocationInput> = {},
): LocationInput {
  return zip === undefined ? { state, ...over } : { state, zip, ...over };
}

export interface CaseSpec {
  id?: string;
  licenses?: LicenseInput[];
  credentials?: CredentialInput[];
  payer?: string;
  coverage?: Partial<CaseInput["client"]["coverage"]>;
  where?: LocationInput | undefined;
  modality?: CaseInput["session"]["modality"];
  crisis?: boolean;
  date?: string;
}

export function aCase(spec: CaseSpec): CaseInput {
  const session: CaseInput["session"] = { date: spec.date ?? DATE, modality: spec.modality ?? "telehealth" };
  if (spec.where) session.clientLocation = spec.where;
  if (spec.crisis !== undefined) session.crisis = spec.crisis;
  const c: CaseInput = {
    provider: { licenses: spec.licenses ?? [], credentials: spec.credentials ?? [] },
    client: { coverage: { payer: spec.payer ?? "aetna", ...spec.coverage } },
    session,
  };
  if (spec.id !== undefined) c.id = spec.id;
  return c;
}
