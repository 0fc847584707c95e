/** Claims in words: diagnoses with their dot, file format names, and the API's claim problems. */
import type { ApiError } from "../api/client";
import type { ClaimFileFormat, ClaimListItem, FieldError } from "../api/types";
import { formatDate } from "./format";

export const FORMAT_NAMES: Record<ClaimFileFormat, string> = {
  x12: "X12 837P",
  fhir: "FHIR R4",
};

/** ICD-10-CM as people read it: the dot after the third character ("F411" → "F41.1"). */
export function formatDiagnosis(code: string): string {
  return code.length > 3 && !code.includes(".") ? `${code.slice(0, 3)}.${code.slice(3)}` : code;
}

/** "F41.1, F43.10" → ["F41.1", "F43.10"]: commas, semicolons or spaces between codes. */
export function parseDiagnoses(text: string): string[] {
  return text
    .split(/[,;\s]+/)
    .map((c) => c.trim())
    .filter(Boolean);
}

/** Every message the API gave about diagnoses (`diagnosisCodes`, `diagnosisCodes[1]`), as one line. */
export function diagnosesError(error: ApiError | undefined): string | undefined {
  const messages = (error?.errors ?? [])
    .filter((e) => e.path === "diagnosisCodes" || /^diagnosisCodes(\.|\[)/.test(e.path))
    .map((e) => e.message);
  return messages.length > 0 ? [...new Set(messages)].join("; ") : undefined;
}

/** The X12 interchange control number as it stands in ISA13: nine digits. */
/** Client names by session, from the claims themselves: each claim in a list carries its client's name. */
export function namesOf(claims: readonly ClaimListItem[]): (sessionId: string) => string | undefined {
  const names = new Map(claims.map((c) => [c.sessionId, c.clientName]));
  return (sessionId) => names.get(sessionId);
}

export const formatInterchange = (n: number) => String(n).padStart(9, "0");

/** What tells one claim from another on screen: "Jordan Lee, Nov 26, 2026". */
export function claimLabel(client: string | undefined, serviceDate: string): string {
  return `${client ?? "Claim"}, ${formatDate(serviceDate)}`;
}

/** Field paths of a claim record (as the claim-file routes name them) in words, longest first. */
const FIELD_NAMES: readonly [prefix: string, name: string][] = [
  ["coverage.memberId", "Member ID"],
  ["client.birthDate", "Client's date of birth"],
  ["client.address", "Client's home address"],
  ["client.name", "Client's name"],
  ["claim.serviceLocation", "Where the session took place"],
  ["claim.diagnosisCodes", "Diagnoses"],
  ["claim.lines", "Charges"],
  ["claim", "Claim"],
  ["provider.npi", "Provider's NPI"],
  ["provider.taxonomy", "Provider's taxonomy code"],
  ["provider", "Provider"],
  ["payer.electronicId", "Payer's electronic id"],
  ["payer", "Payer"],
  ["homePlan", "Home plan"],
  ["billing", "Billing settings"],
];

export function claimFieldName(field: string): string {
  const found = FIELD_NAMES.find(([prefix]) => field === prefix || field.startsWith(`${prefix}.`));
  return found ? found[1] : field;
}

export interface ClaimProblems {
  readonly claimId: string;
  readonly problems: readonly { field: string; name: string; message: string }[];
}

/**
 * A 409 from a claim file or an export, grouped by claim (`claims.<id>.<field>` paths); problems
 * not about one claim (the billing settings missing) come back under `general`.
 */
export function claimProblems(error: ApiError): { byClaim: ClaimProblems[]; general: FieldError[] } {
  const byClaim = new Map<string, { field: string; name: string; message: string }[]>();
  const general: FieldError[] = [];
  for (const e of error.errors) {
    const m = /^claims\.([^.]+)\.(.+)$/.exec(e.path);
    if (!m?.[1] || !m[2]) {
      general.push(e);
      continue;
    }
    const list = byClaim.get(m[1]) ?? [];
    list.push({ field: m[2], name: claimFieldName(m[2]), message: e.message });
    byClaim.set(m[1], list);
  }
  return {
    byClaim: [...byClaim].map(([claimId, problems]) => ({ claimId, problems })),
    general,
  };
}

/** Hands a fetched file to the browser as a download. */
export function saveFile(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 10_000);
}
