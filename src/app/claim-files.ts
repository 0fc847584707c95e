/**
 * Claims as files a clearinghouse or payer takes: one claim as X12 837P or a FHIR R4 bundle,
 * batch exports of the claims whose hold has ended, the billing organization's settings, and
 * the release of held claims (pending → ready). The writers are pure (src/formats/); this
 * module gathers what they read and keeps what was sent.
 */
import { randomUUID } from "node:crypto";
import {
  checkClaimRecord,
  ClaimDataError,
  serviceLines,
  zipDigits,
  type ClaimProblem,
  type ClaimRecord,
  type PostalAddress,
} from "../formats/claim-record.js";
import { claimBundle, claimsBundle } from "../formats/fhir-r4.js";
import { validNpi } from "../formats/npi.js";
import { check837p, write837p } from "../formats/x12-837p.js";
import type { Geography } from "../rules/geography.js";
import { isStateCode } from "../contract/states.js";
import { checkFeeCode } from "./procedures.js";
import type { Actor } from "./actor.js";
import {
  MAX_EXPORT_CLAIMS,
  type BillingSettings,
  type ClaimExport,
  type ClaimExportSummary,
  type ClaimFileFormat,
  type ClaimSources,
} from "./claim-files-port.js";
import { visibleClaim } from "./access.js";
import { audit, userOf } from "./audit.js";
import { modifiersFor } from "./claims.js";
import { AppError, invalid, notFound } from "./errors.js";
import { afterCursor, ORDERS, pageOf, type Page } from "./paging.js";
import type { Store } from "./ports.js";
import type { Claim } from "./sessions-model.js";
import { checkTexts, MAX_FEE_CENTS, normalizeZip, TEXT } from "./text-fields.js";

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

/**
 * Every problem a claim file in `format` would have with these claims, all at once: what the
 * record check finds and what the writer itself would refuse (X12: delimiters, lengths, code
 * shapes …), each naming its claim and field. Empty when the file can be written.
 */
export function claimFileProblems(format: ClaimFileFormat, records: readonly ClaimRecord[]): ClaimProblem[] {
  return format === "x12" ? check837p(records) : records.flatMap(checkClaimRecord);
}

const TELEHEALTH_RULES = new Set(["95", "GT", "none"]);

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
  // Text that reaches every claim file: 837P lengths, no separator or control character.
  checkTexts([
    ["name", input.name, TEXT.organizationName],
    ["address.line1", input.address.line1, TEXT.addressLine],
    ["address.line2", input.address.line2, TEXT.addressLine],
    ["address.city", input.address.city, TEXT.city],
    ["contactName", input.contactName, TEXT.contactName],
    ["receiverName", input.receiverName, TEXT.organizationName],
  ]);
  // The billing provider's address (2010AA) takes the full ZIP+4, kept as 12345-6789.
  const zip = normalizeZip(input.address.zip, "address.zip");
  if (zip === null || zip.length !== 10) {
    throw invalid("address.zip", "the billing address needs the full ZIP+4, such as 10027-1234");
  }
  for (const [cpt, cents] of Object.entries(input.fees)) {
    if (!/^\d{5}$/.test(cpt)) throw invalid(`fees.${cpt}`, "keys are 5-digit CPT codes");
    checkFeeCode(cpt, `fees.${cpt}`);
    if (!Number.isInteger(cents) || cents <= 0 || cents > MAX_FEE_CENTS)
      throw invalid(
        `fees.${cpt}`,
        `a charge in whole cents from 1 to ${MAX_FEE_CENTS} ($${(MAX_FEE_CENTS / 100).toLocaleString("en-US")})`,
      );
  }
  for (const [payer, id] of Object.entries(input.payerIds)) {
    if (!geo.payer(payer)) throw invalid(`payerIds.${payer}`, `"${payer}" is not in the payer catalogue`);
    if (!/^[0-9A-Z]{2,80}$/.test(id)) throw invalid(`payerIds.${payer}`, "letters and digits, upper case");
  }
  for (const [payer, rule] of Object.entries(input.telehealthModifiers)) {
    if (!geo.payer(payer))
      throw invalid(`telehealthModifiers.${payer}`, `"${payer}" is not in the payer catalogue`);
    if (!TELEHEALTH_RULES.has(rule)) throw invalid(`telehealthModifiers.${payer}`, "95, GT or none");
  }
  return store.transaction(async (tx) => {
    const line2 = input.address.line2?.trim() || null;
    const saved = await tx.billing.put(
      { ...input, address: { ...input.address, line2, zip } },
      userOf(actor),
    );
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
  const { coverage } = context;
  // The coverage the claim was confirmed under (a snapshot: coverage rows are never updated);
  // the current one for a claim from before that was recorded.
  const confirmedUnder =
    claim.coverageId === null || claim.coverageId === coverage?.id
      ? coverage
      : ((await store.clients.coverageById(claim.coverageId)) ?? coverage);
  return recordOf(geo, settings, claim, { ...context, confirmedUnder });
}

/** A claim's record from what its file reads (one claim's context, or a batch's `claimFiles.sources`). */
function recordOf(
  geo: Geography,
  settings: BillingSettings,
  claim: Claim,
  sources: ClaimSources,
): ClaimRecord {
  const { session, file, client, locations, confirmedUnder } = sources;
  const payer = (id: string) => {
    const known = geo.payer(id);
    return {
      id,
      name: known?.name ?? id,
      kind: known?.kind ?? ("national" as const),
      electronicId: settings.payerIds[id] ?? null,
    };
  };
  // The subscriber address: the client's home as it was when the claim was confirmed (a copy on
  // the claim), not whatever home is current now.
  const home = claim.subscriberAddress;
  const where = completeZip(claim.serviceLocation, [...locations, ...file.practiceLocations]);
  const { provider } = file;
  const rule = settings.telehealthModifiers[claim.billTo];
  return {
    claim: {
      id: claim.id,
      number: claim.number,
      sessionId: claim.sessionId,
      serviceDate: claim.serviceDate,
      basis: claim.basis,
      placeOfService: claim.placeOfService,
      // Telehealth modifiers as the payer billed wants them now (billing settings), the session
      // as it went (video or audio only).
      lines: serviceLines(
        claim.cptCodes,
        modifiersFor(session.modality, { audioOnly: session.audioOnly, payer: claim.billTo, rule }),
        settings.fees,
      ),
      diagnosisCodes: claim.diagnosisCodes,
      serviceLocation: where,
      modality: session.modality,
      confirmedAt: session.confirmedAt ?? claim.createdAt,
      frequency: claim.frequency,
      payerControlNumber: claim.payerControlNumber,
      version: claim.version,
    },
    payer: payer(claim.billTo),
    homePlan: payer(claim.homePlan),
    provider: {
      id: provider.id,
      name: provider.name,
      npi: provider.npi,
      taxonomy: provider.taxonomy,
      ...(provider.lastName.trim() === ""
        ? {}
        : {
            personName: {
              firstName: provider.firstName,
              middleName: provider.middleName,
              lastName: provider.lastName,
              suffix: provider.suffix,
              credentials: provider.credentials,
            },
          }),
    },
    client: {
      id: client.id,
      name: client.name,
      birthDate: client.birthDate,
      sex: client.sex,
      address: home
        ? { line1: home.line1, line2: home.line2, city: home.city, state: home.state, zip: home.zip }
        : null,
    },
    // The member ID as it was on the card, and the plan's product, when the session was confirmed.
    coverage: {
      id: confirmedUnder?.id ?? `claim-${claim.id}`,
      memberId: claim.memberId,
      product: confirmedUnder?.product ?? null,
      period: confirmedUnder
        ? { start: confirmedUnder.effectiveFrom, end: confirmedUnder.effectiveTo }
        : undefined,
    },
    billing: settings,
  };
}

/**
 * The claim's service location, its ZIP completed to ZIP+4 when a current client or practice
 * location at the same street address has the last four digits (the fix the ZIP+4 problem asks
 * for: adding them to the location). Only the +4 is taken; the address stays as confirmed.
 */
function completeZip(
  where: Claim["serviceLocation"],
  known: readonly (PostalAddress & { readonly line2?: string | null })[],
): PostalAddress {
  const base: PostalAddress = {
    line1: where.line1,
    line2: where.line2,
    city: where.city,
    state: where.state,
    zip: where.zip,
  };
  const zip = zipDigits(where.zip);
  if (zip === null || zip.length === 9) return base;
  const norm = (v: string | null | undefined) => (v ?? "").trim().replace(/\s+/g, " ").toUpperCase();
  const match = known.find((k) => {
    const kz = zipDigits(k.zip);
    return (
      kz !== null &&
      kz.length === 9 &&
      kz.startsWith(zip) &&
      k.state === where.state &&
      norm(k.line1) === norm(where.line1) &&
      norm(k.line2) === norm(where.line2) &&
      norm(k.city) === norm(where.city)
    );
  });
  return match ? { ...base, zip: match.zip } : base;
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
  file: { readonly id: string; readonly at: Date; readonly icn: number; readonly usage: X12Usage },
): string {
  if (format === "x12") {
    return write837p(records, {
      interchangeControlNumber: file.icn,
      groupControlNumber: file.icn,
      createdAt: file.at,
      usage: file.usage,
    });
  }
  const stamp = { id: file.id, timestamp: file.at };
  const only = records.length === 1 ? records[0] : undefined;
  // One claim: a bundle with that one Claim; several: one bundle, shared resources once.
  const bundle = only ? claimBundle(only, stamp) : claimsBundle(records, stamp);
  return `${JSON.stringify(bundle, null, 2)}\n`;
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
  // Every problem the record check and the writer would find, in one answer.
  const problems = claimFileProblems(format, [record]);
  if (problems.length > 0) throw asInputError(new ClaimDataError(problems));
  const icn = format === "x12" ? await store.claimFiles.nextInterchangeNumber() : 0;
  const content = render(format, [record], { id: randomUUID(), at: now, icn, usage });
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
  /**
   * The old way: any claim with a problem stops the whole batch (409 naming every claim and
   * field) and nothing changes. By default bad claims are left out and the rest go.
   */
  readonly allOrNothing?: boolean | undefined;
}

/** A claim an export left out, and why: it stays ready, flagged, until it is fixed. */
export interface ExcludedClaim {
  readonly claimId: string;
  readonly number: string;
  readonly problems: readonly { readonly field: string; readonly message: string }[];
}

export interface ExportResult {
  readonly export: ClaimExportSummary | null;
  readonly content: string | null;
  readonly claimIds: readonly string[];
  readonly excluded: readonly ExcludedClaim[];
}

/**
 * Writes the ready claims with a service date on or after `since` into one file and marks them
 * exported, in one transaction. A claim with a problem (everything the record check and the
 * writer find) is left out, flagged on the claim with the field and the fix, and listed in the
 * result; the rest go. With `allOrNothing`, any problem fails the whole batch (409) and nothing
 * changes. Claims another export is writing at the same moment are skipped, never sent twice.
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
  const format = request.format;
  return store.transaction(async (tx) => {
    const claims = await tx.claimFiles.lockReady(request.since, limit);
    if (claims.length === 0) return { export: null, content: null, claimIds: [], excluded: [] };
    // Everything the files read, for all the claims at once: a fixed number of queries while
    // the claims are locked, not a round trip per claim.
    const sources = await tx.claimFiles.sources(claims);
    const records: ClaimRecord[] = [];
    for (const claim of claims) {
      const found = sources.get(claim.id);
      if (!found) throw new Error(`claim ${claim.id}: its session, provider or client is gone`);
      records.push(recordOf(geo, settings, claim, found));
      onProgress?.(records.length, claims.length);
    }
    const problems = claimFileProblems(format, records);
    if (request.allOrNothing === true && problems.length > 0) {
      throw asInputError(new ClaimDataError(problems));
    }
    const exportId = randomUUID();
    const icn = format === "x12" ? await tx.claimFiles.nextInterchangeNumber() : null;
    const file = { id: exportId, at: now, icn: icn ?? 0, usage: request.usage ?? "P" };
    // Leave out every claim with a problem; what the batch as a whole refuses (two claims that
    // disagree about a shared resource) leaves out the claims it names, until the rest go.
    const bad = new Map<string, ClaimProblem[]>();
    const leaveOut = (list: readonly ClaimProblem[]) => {
      for (const p of list) bad.set(p.claimId, [...(bad.get(p.claimId) ?? []), p]);
    };
    leaveOut(problems);
    let content: string | null = null;
    let going = records.filter((r) => !bad.has(r.claim.id));
    while (going.length > 0) {
      try {
        content = render(format, going, file);
        break;
      } catch (e) {
        if (!(e instanceof ClaimDataError)) throw e;
        if (request.allOrNothing === true) throw asInputError(e);
        leaveOut(e.problems);
        going = going.filter((r) => !bad.has(r.claim.id));
      }
    }
    const excluded: ExcludedClaim[] = claims
      .filter((c) => bad.has(c.id))
      .map((c) => ({
        claimId: c.id,
        number: c.number,
        problems: (bad.get(c.id) ?? []).map((p) => ({ field: p.field, message: p.message })),
      }));
    await tx.claimFiles.markExcluded(
      claims
        .filter((c) => bad.has(c.id))
        .map((c) => ({ claim: c, problems: excluded.find((x) => x.claimId === c.id)?.problems ?? [] })),
      userOf(actor),
    );
    const sent = claims.filter((c) => !bad.has(c.id));
    if (content === null || sent.length === 0) {
      if (excluded.length > 0)
        await audit(tx, actor, "claim.export_excluded", "claim", null, null, {
          claimIds: excluded.map((x) => x.claimId),
          clientIds: [...new Set(claims.filter((c) => bad.has(c.id)).map((c) => c.clientId))],
        });
      return { export: null, content: null, claimIds: [], excluded };
    }
    const saved = await tx.claimFiles.addExport({
      id: exportId,
      format,
      since: request.since,
      claimCount: sent.length,
      interchangeControlNumber: icn,
      content,
      createdBy: userOf(actor),
    });
    const ids = sent.map((c) => c.id);
    await tx.claimFiles.markExported(ids, saved.id, now, userOf(actor));
    await audit(tx, actor, "claim.export", "claim_export", saved.id, null, {
      format,
      claimIds: ids,
      excludedClaimIds: excluded.map((x) => x.claimId),
      clientIds: [...new Set(claims.map((c) => c.clientId))],
    });
    return { export: saved, content, claimIds: ids, excluded };
  });
}

/** Batch files written, newest first, a page at a time (default 100, at most 1000). */
export async function listExports(
  store: Store,
  actor: Actor,
  q: { readonly limit?: number | undefined; readonly cursor?: string | undefined } = {},
): Promise<Page<ClaimExportSummary>> {
  mustBeOps(actor);
  const after = afterCursor(ORDERS.claimExports, q.cursor);
  return pageOf(ORDERS.claimExports, await store.claimFiles.listExports({ limit: q.limit ?? 100, after }));
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
