/**
 * Claims as files a clearinghouse or payer takes: one claim as X12 837P or a FHIR R4 bundle,
 * batch exports of the claims whose hold has ended, the billing organization's settings, and
 * the release of held claims (pending → ready). The writers are pure (src/formats/); this
 * module gathers what they read and keeps what was sent.
 */
import {
  assertClaimRecords,
  ClaimDataError,
  serviceLines,
  type ClaimRecord,
} from "../formats/claim-record.js";
import { claimBundle, claimsBundle } from "../formats/fhir-r4.js";
import { validNpi } from "../formats/npi.js";
import { write837p } from "../formats/x12-837p.js";
import type { Geography } from "../rules/geography.js";
import { isStateCode } from "../reference/states.js";
import type { Actor } from "./actor.js";
import {
  MAX_EXPORT_CLAIMS,
  type BillingSettings,
  type ClaimExport,
  type ClaimExportSummary,
  type ClaimFileFormat,
} from "./claim-files-port.js";
import { visibleClaim } from "./claims.js";
import { audit, userOf } from "./clients.js";
import { AppError, invalid, notFound } from "./errors.js";
import type { Store } from "./ports.js";
import type { Claim } from "./sessions-model.js";

/** X12 production (P) or test (T) interchanges; `STATELINE_X12_USAGE=T` for a test feed. */
export type X12Usage = "P" | "T";

export interface ClaimFile {
  readonly format: ClaimFileFormat;
  readonly contentType: string;
  readonly filename: string;
  readonly content: string;
}

export const CONTENT_TYPES: Readonly<Record<ClaimFileFormat, string>> = {
  x12: "application/edi-x12",
  fhir: "application/fhir+json",
};

export { MAX_EXPORT_CLAIMS };

function mustBeOps(actor: Actor): void {
  if (actor.role !== "ops") throw notFound("route");
}

/** Claim-data problems as the API's field errors ("claims.<id>.<field>"). */
function asInputError(e: ClaimDataError): AppError {
  return new AppError("CONFLICT", `the claim data is incomplete: ${e.message}`, {
    fields: e.problems.map((p) => ({ path: `claims.${p.claimId}.${p.field}`, message: p.message })),
  });
}

// ---------------------------------------------------------------------------------------------
// Billing settings.

export async function getBillingSettings(store: Store, actor: Actor): Promise<BillingSettings> {
  mustBeOps(actor);
  const settings = await store.billing.get();
  if (!settings) throw notFound("billing settings");
  return settings;
}

/** Operations set who bills: checked field by field, stored whole. */
export async function saveBillingSettings(
  store: Store,
  geo: Geography,
  actor: Actor,
  input: Omit<BillingSettings, "updatedAt">,
): Promise<BillingSettings> {
  mustBeOps(actor);
  if (!validNpi(input.npi) || !input.npi.startsWith("2")) {
    throw invalid("npi", "expected the group's type 2 NPI (10 digits starting with 2, valid check digit)");
  }
  if (!isStateCode(input.address.state)) throw invalid("address.state", "not a US state code");
  if (!input.address.line1?.trim()) throw invalid("address.line1", "the billing address needs a street");
  if (!input.address.city?.trim()) throw invalid("address.city", "the billing address needs a city");
  for (const [cpt, cents] of Object.entries(input.fees)) {
    if (!/^\d{5}$/.test(cpt)) throw invalid(`fees.${cpt}`, "keys are 5-digit CPT codes");
    if (!Number.isInteger(cents) || cents <= 0)
      throw invalid(`fees.${cpt}`, "a charge in whole cents above 0");
  }
  for (const [payer, id] of Object.entries(input.payerIds)) {
    if (!geo.payer(payer)) throw invalid(`payerIds.${payer}`, `"${payer}" is not in the payer catalogue`);
    if (!/^[0-9A-Z]{2,80}$/.test(id)) throw invalid(`payerIds.${payer}`, "letters and digits, upper case");
  }
  return store.transaction(async (tx) => {
    const saved = await tx.billing.put(input, userOf(actor));
    await audit(tx, actor, "billing_settings.update", "billing_settings", null, null, {
      npi: saved.npi,
      payers: Object.keys(saved.payerIds).length,
      fees: Object.keys(saved.fees).length,
    });
    return saved;
  });
}

// ---------------------------------------------------------------------------------------------
// Gathering a claim's record.

/**
 * A claim's record: the session with its provider's and client's data in one round trip (the
 * context confirmation reads), and the claim as it was confirmed.
 */
async function recordFor(
  store: Store,
  geo: Geography,
  settings: BillingSettings,
  claim: Claim,
): Promise<ClaimRecord> {
  const context = await store.sessions.context(claim.sessionId);
  if (!context) throw new Error(`claim ${claim.id}: its session, provider or client is gone`);
  const { session, file, client, coverage, locations } = context;
  const payer = (id: string) => {
    const known = geo.payer(id);
    return {
      id,
      name: known?.name ?? id,
      kind: known?.kind ?? ("national" as const),
      electronicId: settings.payerIds[id] ?? null,
    };
  };
  // The coverage the claim was confirmed under (a snapshot: coverage rows are never updated);
  // the current one for a claim from before that was recorded.
  const confirmedUnder =
    claim.coverageId === null || claim.coverageId === coverage?.id
      ? coverage
      : ((await store.clients.coverageById(claim.coverageId)) ?? coverage);
  // The subscriber address: the newest current home (locations come oldest first).
  const home = locations.filter((l) => l.kind === "home").at(-1);
  const where = claim.serviceLocation;
  const { provider } = file;
  return {
    claim: {
      id: claim.id,
      number: claim.number,
      sessionId: claim.sessionId,
      serviceDate: claim.serviceDate,
      basis: claim.basis,
      placeOfService: claim.placeOfService,
      lines: serviceLines(claim.cptCodes, claim.modifiers, settings.fees),
      diagnosisCodes: claim.diagnosisCodes,
      serviceLocation: { line1: where.line1, city: where.city, state: where.state, zip: where.zip },
      modality: session.modality,
      confirmedAt: session.confirmedAt ?? claim.createdAt,
    },
    payer: payer(claim.billTo),
    homePlan: payer(claim.homePlan),
    provider: { id: provider.id, name: provider.name, npi: provider.npi, taxonomy: provider.taxonomy },
    client: {
      id: client.id,
      name: client.name,
      birthDate: client.birthDate,
      address: home ? { line1: home.line1, city: home.city, state: home.state, zip: home.zip } : null,
    },
    // The member ID as it was on the card, and the plan's product, when the session was confirmed.
    coverage: {
      id: confirmedUnder?.id ?? `claim-${claim.id}`,
      memberId: claim.memberId,
      product: confirmedUnder?.product ?? null,
    },
    billing: settings,
  };
}

async function settingsFor(store: Store): Promise<BillingSettings> {
  const settings = await store.billing.get();
  if (!settings) {
    throw new AppError(
      "CONFLICT",
      "the billing organization is not set up (NPI, tax id, address, clearinghouse): operations set it under billing settings",
      { fields: [{ path: "billing", message: "not set up" }] },
    );
  }
  return settings;
}

function render(
  format: ClaimFileFormat,
  records: readonly ClaimRecord[],
  at: Date,
  icn: number,
  usage: X12Usage,
) {
  return format === "x12"
    ? write837p(records, { interchangeControlNumber: icn, groupControlNumber: icn, createdAt: at, usage })
    : `${JSON.stringify(records.length === 1 && records[0] ? claimBundle(records[0]) : claimsBundle(records, at), null, 2)}\n`;
}

/** One claim as a file (its provider and operations may read it; audited as a read of client data). */
export async function claimFile(
  store: Store,
  geo: Geography,
  actor: Actor,
  claimId: string,
  format: ClaimFileFormat,
  now: Date,
  usage: X12Usage = "P",
): Promise<ClaimFile> {
  const claim = await visibleClaim(store, actor, claimId);
  const settings = await settingsFor(store);
  const record = await recordFor(store, geo, settings, claim);
  try {
    assertClaimRecords([record]);
  } catch (e) {
    if (e instanceof ClaimDataError) throw asInputError(e);
    throw e;
  }
  const icn = format === "x12" ? await store.claimFiles.nextInterchangeNumber() : 0;
  const content = render(format, [record], now, icn, usage);
  await audit(store, actor, `claim.file_${format}`, "claim", claim.id, claim.clientId, {
    interchangeControlNumber: format === "x12" ? icn : undefined,
  });
  return {
    format,
    contentType: CONTENT_TYPES[format],
    filename: `claim-${claim.id}.${format === "x12" ? "x12" : "json"}`,
    content,
  };
}

// ---------------------------------------------------------------------------------------------
// Batches.

export interface ExportRequest {
  readonly since: string;
  readonly format: ClaimFileFormat;
  readonly limit?: number | undefined;
  readonly usage?: X12Usage | undefined;
}

export interface ExportResult {
  readonly export: ClaimExportSummary | null;
  readonly content: string | null;
  readonly claimIds: readonly string[];
}

/**
 * Writes the ready claims with a service date on or after `since` into one file and marks them
 * exported, all in one transaction: every claim of the batch is complete and goes out, or the
 * batch fails naming each claim and field at fault and nothing changes. Claims another export is
 * writing at the same moment are skipped, never sent twice.
 */
export async function exportClaims(
  store: Store,
  geo: Geography,
  actor: Actor,
  request: ExportRequest,
  now: Date,
  onProgress?: (done: number, total: number) => void,
): Promise<ExportResult> {
  mustBeOps(actor);
  const limit = request.limit ?? MAX_EXPORT_CLAIMS;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_EXPORT_CLAIMS) {
    throw invalid("limit", `from 1 to ${MAX_EXPORT_CLAIMS}`);
  }
  const settings = await settingsFor(store);
  try {
    return await store.transaction(async (tx) => {
      const claims = await tx.claimFiles.lockReady(request.since, limit);
      if (claims.length === 0) return { export: null, content: null, claimIds: [] };
      const records: ClaimRecord[] = [];
      for (const claim of claims) {
        records.push(await recordFor(tx, geo, settings, claim));
        onProgress?.(records.length, claims.length);
      }
      assertClaimRecords(records);
      const icn = request.format === "x12" ? await tx.claimFiles.nextInterchangeNumber() : null;
      const content = render(request.format, records, now, icn ?? 0, request.usage ?? "P");
      const saved = await tx.claimFiles.addExport({
        format: request.format,
        since: request.since,
        claimCount: claims.length,
        interchangeControlNumber: icn,
        content,
        createdBy: userOf(actor),
      });
      const ids = claims.map((c) => c.id);
      await tx.claimFiles.markExported(ids, saved.id, now);
      await audit(tx, actor, "claim.export", "claim_export", saved.id, null, {
        format: request.format,
        claimIds: ids,
        clientIds: [...new Set(claims.map((c) => c.clientId))],
      });
      return { export: saved, content, claimIds: ids };
    });
  } catch (e) {
    if (e instanceof ClaimDataError) throw asInputError(e);
    throw e;
  }
}

export async function listExports(store: Store, actor: Actor): Promise<ClaimExportSummary[]> {
  mustBeOps(actor);
  return store.claimFiles.listExports(100);
}

export async function getExport(store: Store, actor: Actor, id: string): Promise<ClaimExport> {
  mustBeOps(actor);
  const found = /^[0-9a-f-]{36}$/i.test(id) ? await store.claimFiles.exportById(id) : undefined;
  if (!found) throw notFound("export");
  await audit(store, actor, "claim_export.read", "claim_export", found.id, null);
  return found;
}

/** Held claims whose time has come become ready to submit; answers how many. */
export async function releaseClaims(store: Store, now: Date): Promise<number> {
  return store.claimFiles.release(now);
}
