/**
 * The directory: the providers who may see *and bill* a client there, on a date, each with how
 * (basis), to whom (billTo), the license and credential used and how long they last; and
 * referrals, one provider asking another to take a client on.
 *
 * Exactly the engine's answer: the reach index (`directory_reach`, see directory-reach.ts) only
 * names candidates, a superset; each candidate of a page is decided by `decide` on its file, and
 * the ones it refuses are skipped until the page is full. Order: by name, then id (stable; the
 * `next` cursor is the last entry's place in it).
 *
 * Who sees what: Stateline bills every provider under one billing organization (one practice),
 * so every provider is every other's colleague: operations and providers see every entry in full
 * (license and credential used, until when). A client searches only with their own coverage, at
 * their own places (one of their current locations), and sees names, how to reach the provider
 * and how the claim would go, never license internals. A search for a client (a client's own, or
 * a provider's or operations' with `clientId`) reads client data and is audited.
 */
import type { CaseInput, CoverageInput, Product } from "../contract/schema.js";
import { stateName, type StateCode } from "../contract/states.js";
import { decide } from "../rules/decide.js";
import { inForce, type Decision } from "../rules/decision.js";
import type { Geography, Placement } from "../rules/geography.js";
import { isId, mustManage, visibleClient, visibleProvider } from "./access.js";
import type { Actor } from "./actor.js";
import { audit, userOf } from "./audit.js";
import { daysBetween, todayOf } from "./calendar.js";
import type { DirectoryCursor, DirectoryFile, Referral, ReferralStatus } from "./directory-port.js";
import { reachKeys, reachPayers, usedCredential, usedLicense } from "./directory-reach.js";
import { AppError, invalid, notFound } from "./errors.js";
import type {
  Client,
  ClientLocation,
  Coverage,
  Credential,
  License,
  PracticeLocation,
  Provider,
} from "./model.js";
import { currentLocation, engineCoverage, engineProvider } from "./placement.js";
import type { Store } from "./ports.js";
import type { Modality } from "./sessions-model.js";
import { zip5 } from "./text-fields.js";

export const DIRECTORY_PAGE = { default: 25, max: 100 } as const;
/**
 * Candidates one request decides at most: the engine refuses few of them (a compact privilege
 * that does not hold, a license lapsed between two others), but should it refuse many, the page
 * comes back shorter, with a `next` to go on from, rather than late.
 */
export const DIRECTORY_SCAN = 500;
export const REFERRAL_PAGE = { default: 50, max: 200 } as const;

/** Keeps the reach index in step: call in the transaction that changed these providers' licenses or credentials. */
export async function refreshReach(store: Store, providerIds: Iterable<string>): Promise<void> {
  await store.directory.refresh([...providerIds]);
}

export interface DirectoryQuery {
  /** The client's payer (catalogue id); for a client's search, their coverage's. */
  readonly payer?: string | undefined;
  readonly product?: Product | undefined;
  readonly bluecard?: boolean | undefined;
  readonly state?: StateCode | undefined;
  readonly zip?: string | undefined;
  /** Default: today. */
  readonly date?: string | undefined;
  /** Default: telehealth. */
  readonly modality?: Modality | undefined;
  /** Only providers whose license used is of this type ("LCSW"). */
  readonly licenseType?: string | undefined;
  /** Only providers accepting new clients. */
  readonly acceptingNew?: boolean | undefined;
  /** Search for this client: their coverage, at one of their places (a client: always themself). */
  readonly clientId?: string | undefined;
  readonly limit?: number | undefined;
  readonly cursor?: string | undefined;
}

export interface DirectoryEntry {
  readonly provider: Provider;
  readonly acceptingNewClients: boolean;
  readonly basis: "in_network" | "virtual_network" | "bluecard";
  readonly billTo: string;
  readonly billToName: string;
  /** Null in a client's view. */
  readonly license: License | null;
  readonly credential: Credential | null;
  /** The earliest end date of the license and credential used (null: neither ends, or a client's view). */
  readonly until: string | null;
  readonly daysLeft: number | null;
  readonly email: string | null;
  readonly offices: readonly PracticeLocation[];
}

/** What was searched, after defaults and the client's own coverage and place were filled in. */
export interface DirectorySearch {
  readonly payer: string;
  readonly product: Product | null;
  readonly bluecard: boolean | null;
  readonly state: StateCode;
  readonly zip: string | null;
  readonly date: string;
  readonly modality: Modality;
  readonly clientId: string | null;
}

export interface DirectoryPage {
  /** `full` for operations and providers; `public` for a client (no license internals). */
  readonly view: "full" | "public";
  readonly search: DirectorySearch;
  readonly items: readonly DirectoryEntry[];
  /** Pass as `cursor` for the next page; null on the last. */
  readonly next: string | null;
}

// ---------------------------------------------------------------------------------------------
// Cursors: the last entry's place in the order (name, id), opaque to callers.

function encodeCursor(c: DirectoryCursor): string {
  return Buffer.from(JSON.stringify([c.name, c.id]), "utf8").toString("base64url");
}

function decodeCursor(text: string): DirectoryCursor {
  try {
    const v: unknown = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
    if (
      Array.isArray(v) &&
      v.length === 2 &&
      typeof v[0] === "string" &&
      typeof v[1] === "string" &&
      isId(v[1])
    )
      return { name: v[0], id: v[1] };
  } catch {
    // fall through
  }
  throw invalid("cursor", "not a cursor this directory gave (pass the `next` of the previous page)");
}

// ---------------------------------------------------------------------------------------------
// Whom the search is for: an open search (payer and place given) or a client's.

interface Resolved {
  readonly coverage: CoverageInput;
  readonly state: StateCode;
  readonly zip: string | null;
  readonly date: string;
  readonly modality: Modality;
  readonly placed: Exclude<Placement, { kind: "mismatch" }>;
  readonly client: Client | null;
}

const placeText = (state: StateCode, zip: string | null) =>
  zip ? `${stateName(state)} ${zip}` : stateName(state);

/** One of the client's current places matching `state` (and `zip`), preferring where they are that day. */
function clientPlace(
  client: Client,
  locations: readonly ClientLocation[],
  date: string,
  state: StateCode | undefined,
  zip: string | undefined,
): { state: StateCode; zip: string | null } {
  const live = locations.filter((l) => l.archivedAt === null);
  if (state === undefined) {
    const here = currentLocation(live, date);
    if (!here)
      throw invalid(
        "state",
        `no place of ${client.name}'s is in force on ${date}: give one of their places (state and ZIP)`,
      );
    return { state: here.state, zip: here.zip ? zip5(here.zip) : null };
  }
  const matches = live.filter(
    (l) => l.state === state && (zip === undefined || (l.zip !== null && zip5(l.zip) === zip)),
  );
  const here = currentLocation(matches, date);
  const match = here ?? matches[0];
  if (!match) {
    const places = [...new Set(live.map((l) => placeText(l.state, l.zip ? zip5(l.zip) : null)))];
    throw invalid(
      zip === undefined ? "state" : "zip",
      `${placeText(state, zip ?? null)} is not one of ${client.name}'s places${places.length > 0 ? ` (${places.join("; ")})` : " (none on file)"}: a search for a client is at their own places`,
    );
  }
  return { state: match.state, zip: zip ?? (match.zip ? zip5(match.zip) : null) };
}

/** The client's coverage, refusing a payer or product that is not theirs. */
function clientCoverage(client: Client, coverage: Coverage | undefined, q: DirectoryQuery): CoverageInput {
  if (!coverage) throw invalid("clientId", `${client.name} has no coverage on file: add it first`);
  const mismatch = (field: string, given: unknown, theirs: unknown) =>
    invalid(
      field,
      `a search for ${client.name} uses their coverage (${String(theirs)}), not ${String(given)}`,
    );
  if (q.payer !== undefined && q.payer !== coverage.payer) throw mismatch("payer", q.payer, coverage.payer);
  if (q.product !== undefined && q.product !== coverage.product)
    throw mismatch("product", q.product, coverage.product ?? "no product on file");
  if (q.bluecard !== undefined && q.bluecard !== coverage.bluecard)
    throw mismatch("bluecard", q.bluecard, coverage.bluecard ?? "not recorded");
  return engineCoverage(coverage);
}

async function resolve(
  store: Store,
  geo: Geography,
  actor: Actor,
  q: DirectoryQuery,
  today: string,
): Promise<Resolved> {
  const date = q.date ?? today;
  const modality = q.modality ?? "telehealth";
  const zipGiven = q.zip === undefined ? undefined : zip5(q.zip);
  const clientId = actor.role === "client" ? (q.clientId ?? actor.clientId ?? "") : q.clientId;

  let coverage: CoverageInput;
  let state: StateCode;
  let zip: string | null;
  let client: Client | null = null;
  if (clientId !== undefined) {
    client = await visibleClient(store, actor, clientId);
    coverage = clientCoverage(client, await store.clients.coverage(client.id), q);
    const place = clientPlace(client, await store.clients.locations(client.id), date, q.state, zipGiven);
    state = place.state;
    zip = place.zip;
  } else {
    if (q.payer === undefined)
      throw invalid("payer", "give the client's payer (a catalogue id such as aetna)");
    if (q.state === undefined) throw invalid("state", "give the state the client will be in, such as NY");
    coverage = {
      payer: q.payer,
      ...(q.product !== undefined ? { product: q.product } : {}),
      ...(q.bluecard !== undefined ? { bluecard: q.bluecard } : {}),
    };
    state = q.state;
    zip = zipGiven ?? null;
  }
  if (!geo.payer(coverage.payer))
    throw invalid("payer", `"${coverage.payer}" is not in the payer catalogue (GET /api/v1/payers lists it)`);
  const placed = geo.place(state, zip ?? undefined);
  if (placed.kind === "mismatch") throw invalid("zip", `ZIP ${zip ?? ""} is not in ${stateName(state)}`);
  return { coverage, state, zip, date, modality, placed, client };
}

// ---------------------------------------------------------------------------------------------
// The search.

/** The engine's question for one provider of the directory. */
function caseFor(r: Resolved, file: DirectoryFile): CaseInput {
  return {
    provider: engineProvider(file),
    client: { coverage: r.coverage },
    session: {
      date: r.date,
      modality: r.modality,
      clientLocation: r.zip ? { state: r.state, zip: r.zip } : { state: r.state },
    },
  };
}

/** The entry for a provider the engine says may see and bill there; undefined when it refuses. */
function entryOf(
  geo: Geography,
  r: Resolved,
  file: DirectoryFile,
  licenseType: string | undefined,
): { entry: DirectoryEntry; decision: Decision } | undefined {
  const c = caseFor(r, file);
  const decision = decide(c, geo);
  const basis = decision.basis;
  if (decision.outcome !== "billable" || basis === null || basis === "crisis" || decision.billTo === null)
    return undefined;
  if (licenseType !== undefined && decision.license?.type !== licenseType) return undefined;
  const license = usedLicense(c, file.licenses, geo) ?? null;
  const credential = usedCredential(decision, file.credentials, r.date) ?? null;
  const ends = [license?.validTo, credential?.effectiveTo].filter((d): d is string => typeof d === "string");
  const until = ends.length > 0 ? ends.reduce((a, b) => (a < b ? a : b)) : null;
  const billTo = decision.billTo;
  return {
    decision,
    entry: {
      provider: file.provider,
      acceptingNewClients: file.acceptingNewClients,
      basis,
      billTo,
      billToName: geo.payer(billTo)?.name ?? billTo,
      license,
      credential,
      until,
      daysLeft: until === null ? null : daysBetween(r.date, until),
      email: file.email,
      offices: file.practiceLocations,
    },
  };
}

/** Public view: names, how to reach them and how the claim goes; no license internals. */
const publicEntry = (e: DirectoryEntry): DirectoryEntry => ({
  ...e,
  license: null,
  credential: null,
  until: null,
  daysLeft: null,
});

/**
 * One page of the directory. Candidates come from the reach index in order, are decided by the
 * engine on their files (one query per batch), and the refused ones are skipped until the page
 * is full; one more entry than the page says whether there is a next page.
 */
export async function searchDirectory(
  store: Store,
  geo: Geography,
  actor: Actor,
  q: DirectoryQuery,
  now: Date = new Date(),
): Promise<DirectoryPage> {
  const r = await resolve(store, geo, actor, q, todayOf(now));
  const limit = Math.min(Math.max(q.limit ?? DIRECTORY_PAGE.default, 1), DIRECTORY_PAGE.max);
  const licenseType = q.licenseType?.trim() || undefined;
  const search: DirectorySearch = {
    payer: r.coverage.payer,
    product: r.coverage.product ?? null,
    bluecard: r.coverage.bluecard ?? null,
    state: r.state,
    zip: r.zip,
    date: r.date,
    modality: r.modality,
    clientId: r.client?.id ?? null,
  };
  const found: DirectoryEntry[] = [];
  const keys = reachKeys(geo, r.coverage, r.placed);
  const payers = reachPayers(geo, r.coverage, r.placed);
  const covered = inForce(r.date, r.coverage.effectiveFrom, r.coverage.effectiveTo);
  let after = q.cursor === undefined ? null : decodeCursor(q.cursor);
  const cursors: DirectoryCursor[] = [];
  let scanned = 0;
  let stoppedAt: DirectoryCursor | null = null;
  if (covered && keys.length > 0) {
    for (;;) {
      // A few more than the page needs: the engine refuses some candidates.
      const wanted = limit + 1 - found.length;
      const batch = Math.min(Math.max(wanted + Math.ceil(wanted / 4), 8), DIRECTORY_SCAN - scanned);
      const candidates = await store.directory.candidateFiles({
        state: r.state,
        keys,
        date: r.date,
        inPerson: r.modality === "in_person",
        acceptingOnly: q.acceptingNew === true,
        licenseType: licenseType ?? null,
        after,
        limit: batch,
        payers,
      });
      for (const { cursor, file } of candidates) {
        const e =
          q.acceptingNew !== true || file.acceptingNewClients
            ? entryOf(geo, r, file, licenseType)
            : undefined;
        if (!e) continue;
        found.push(e.entry);
        cursors.push(cursor);
        if (found.length > limit) break;
      }
      scanned += candidates.length;
      const last = candidates.at(-1)?.cursor;
      if (found.length > limit || candidates.length < batch || !last) break;
      after = last;
      if (scanned >= DIRECTORY_SCAN) {
        stoppedAt = last;
        break;
      }
    }
  }
  const more = found.length > limit;
  const items = found.slice(0, limit);
  const lastShown = more ? cursors[limit - 1] : (stoppedAt ?? undefined);
  const view = actor.role === "client" ? "public" : "full";

  if (r.client)
    await audit(store, actor, "directory.search", "client", r.client.id, r.client.id, {
      ...search,
      results: items.length,
      providerIds: items.map((e) => e.provider.id),
    });
  return {
    view,
    search,
    items: view === "public" ? items.map(publicEntry) : items,
    next: lastShown ? encodeCursor(lastShown) : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Listing settings.

export interface DirectorySettings {
  readonly providerId: string;
  readonly acceptingNewClients: boolean;
}

export async function directorySettings(
  store: Store,
  actor: Actor,
  providerId: string,
): Promise<DirectorySettings> {
  const file = await visibleProvider(store, actor, providerId);
  const accepting = await store.directory.accepting(file.provider.id);
  if (accepting === undefined) throw notFound("provider");
  return { providerId: file.provider.id, acceptingNewClients: accepting };
}

/** Whether the provider takes new clients (the provider themself, or operations); audited. */
export async function saveDirectorySettings(
  store: Store,
  actor: Actor,
  providerId: string,
  input: { readonly acceptingNewClients: boolean },
): Promise<DirectorySettings> {
  const file = await visibleProvider(store, actor, providerId);
  await store.transaction(async (tx) => {
    await tx.directory.setAccepting(file.provider.id, input.acceptingNewClients);
    await audit(tx, actor, "provider.directory", "provider", file.provider.id, null, input);
  });
  return { providerId: file.provider.id, acceptingNewClients: input.acceptingNewClients };
}

// ---------------------------------------------------------------------------------------------
// Referrals.

export interface ReferralInput {
  readonly clientId: string;
  readonly toProviderId: string;
  readonly reason: string;
  /** The place and date asked about: one of the client's places (default: where they are that day). */
  readonly state?: StateCode | undefined;
  readonly zip?: string | undefined;
  readonly date?: string | undefined;
  readonly modality?: Modality | undefined;
}

/** A referral as its reader sees it: which way it went for them. */
export type ReferralView = Referral & { readonly direction: "sent" | "received" | null };

const viewOf = (actor: Actor, r: Referral): ReferralView => ({
  ...r,
  direction:
    actor.role !== "provider"
      ? null
      : r.fromProviderId === actor.providerId
        ? "sent"
        : r.toProviderId === actor.providerId
          ? "received"
          : null,
});

/**
 * A provider (or operations, for the client's provider) refers a client to a colleague who may
 * see and bill them at one of the client's places, on a date: the engine must say so, else
 * NOT_BILLABLE with its decision. Accepting does not move the client: their record, sessions and
 * claims stay with the referring provider; the receiving provider schedules with them anew.
 */
export async function sendReferral(
  store: Store,
  geo: Geography,
  actor: Actor,
  input: ReferralInput,
  now: Date = new Date(),
): Promise<ReferralView> {
  mustManage(actor, "refer a client");
  const reason = input.reason.trim();
  if (reason.length === 0)
    throw invalid("reason", "say why you refer the client (it is what the colleague reads first)");
  if (reason.length > 2000) throw invalid("reason", "at most 2000 characters");
  const client = await visibleClient(store, actor, input.clientId);
  if (!isId(input.toProviderId)) throw invalid("toProviderId", "no provider has this id");
  if (input.toProviderId === client.providerId)
    throw invalid("toProviderId", `${client.name} is already this provider's client`);
  const r = await resolve(
    store,
    geo,
    actor,
    { clientId: client.id, state: input.state, zip: input.zip, date: input.date, modality: input.modality },
    todayOf(now),
  );
  const [file] = await store.directory.files([input.toProviderId], r.state);
  if (!file) throw invalid("toProviderId", "no provider has this id");
  const decision = decide(caseFor(r, file), geo);
  const basis = decision.basis;
  if (decision.outcome !== "billable" || basis === null || basis === "crisis" || decision.billTo === null) {
    const why = decision.reasons[0]?.message;
    throw new AppError(
      "NOT_BILLABLE",
      `${file.provider.name} may not see and bill ${client.name} in ${placeText(r.state, r.zip)} on ${r.date}${why ? `: ${why}` : ""}`,
      { detail: decision },
    );
  }
  const referral = await store.transaction(async (tx) => {
    const added = await tx.referrals.add({
      clientId: client.id,
      fromProviderId: client.providerId,
      toProviderId: file.provider.id,
      reason,
      state: r.state,
      zip: r.zip,
      serviceDate: r.date,
      modality: r.modality,
      payer: r.coverage.payer,
      product: r.coverage.product ?? null,
      basis,
      billTo: decision.billTo ?? r.coverage.payer,
      createdBy: userOf(actor),
    });
    await audit(tx, actor, "referral.create", "referral", added.id, client.id, {
      toProviderId: added.toProviderId,
      state: added.state,
      zip: added.zip,
      date: added.serviceDate,
    });
    return added;
  });
  return viewOf(actor, referral);
}

export interface ReferralListQuery {
  readonly box?: "sent" | "received" | undefined;
  readonly status?: ReferralStatus | undefined;
  readonly limit?: number | undefined;
  /** The `next` of the previous page. */
  readonly cursor?: string | undefined;
}

/**
 * Referrals, newest first: a provider's sent and received (`box` for one of the two), a client's
 * about themself, everyone's for operations. Reading them reads client data: audited.
 */
export async function listReferrals(
  store: Store,
  actor: Actor,
  q: ReferralListQuery,
): Promise<{ items: ReferralView[]; next: string | null }> {
  if (q.cursor !== undefined && !isId(q.cursor))
    throw invalid("cursor", "not a cursor this list gave (pass the `next` of the previous page)");
  const limit = Math.min(Math.max(q.limit ?? REFERRAL_PAGE.default, 1), REFERRAL_PAGE.max);
  const providerId = actor.role === "provider" ? (actor.providerId ?? "") : null;
  if (actor.role === "client" && !actor.clientId) throw notFound("referral");
  const rows = await store.referrals.list({
    providerId,
    box: actor.role === "provider" ? q.box : undefined,
    clientId: actor.role === "client" ? (actor.clientId ?? undefined) : undefined,
    status: q.status,
    beforeId: q.cursor,
    limit: limit + 1,
  });
  const items = rows.slice(0, limit);
  await audit(store, actor, "referral.list", "referral", null, null, {
    clientIds: [...new Set(items.map((r) => r.clientId))],
  });
  return {
    items: items.map((r) => viewOf(actor, r)),
    next: rows.length > limit ? (items.at(-1)?.id ?? null) : null,
  };
}

const SETTLE = {
  accept: { status: "accepted", side: "to", verb: "accept" },
  decline: { status: "declined", side: "to", verb: "decline" },
  withdraw: { status: "withdrawn", side: "from", verb: "withdraw" },
} as const;

/**
 * The receiving provider accepts or declines a referral; the referring one withdraws it
 * (operations may do either). A referral is settled once: after that, CONFLICT.
 */
export async function settleReferral(
  store: Store,
  actor: Actor,
  referralId: string,
  action: keyof typeof SETTLE,
  now: Date = new Date(),
): Promise<ReferralView> {
  const how = SETTLE[action];
  const r = isId(referralId) ? await store.referrals.byId(referralId) : undefined;
  const party =
    actor.role === "ops" ||
    (actor.role === "provider" &&
      (r?.fromProviderId === actor.providerId || r?.toProviderId === actor.providerId)) ||
    (actor.role === "client" && r?.clientId === actor.clientId);
  if (!r || !party) throw notFound("referral");
  mustManage(actor, `${how.verb} a referral`);
  const mine = how.side === "to" ? r.toProviderId : r.fromProviderId;
  if (actor.role === "provider" && mine !== actor.providerId)
    throw new AppError(
      "FORBIDDEN",
      how.side === "to"
        ? `only ${r.toName}, who received the referral, can ${how.verb} it`
        : `only ${r.fromName}, who sent the referral, can withdraw it`,
    );
  if (r.status !== "sent")
    throw new AppError("CONFLICT", `this referral was already ${r.status}; nothing changed`);
  return store.transaction(async (tx) => {
    const settled = await tx.referrals.settle(r.id, how.status, userOf(actor), now);
    if (!settled) throw new AppError("CONFLICT", "this referral was settled meanwhile; reload it");
    await audit(tx, actor, `referral.${action}`, "referral", r.id, r.clientId, { status: how.status });
    return viewOf(actor, settled);
  });
}
