/**
 * Who reaches what, on every operation of the API. The operations come from the live OpenAPI
 * document and each must have a row in TABLE (a route added without one fails the first test).
 * Two providers, A and B, each with a client (and the client's account), a home, a trip,
 * coverage with a member ID, sessions, a claim, an alert and referrals to a colleague C; provider
 * A, client A and operations then call every route with B's ids. Someone else's record answers
 * exactly as one that does not exist (404, same code and detail, nothing of B's in the answer);
 * operations reach it; the owner reaches their own, and every read or change of client data
 * leaves an audit event. The directory lists every provider to colleagues (one practice), so
 * there B's provider may show, but never B's client.
 * PGlite only: who may see what is decided in the use cases, the same on either database.
 */
import { DEMO_BILLING } from "../../src/app/demo.js";
import { refreshReach } from "../../src/app/directory.js";
import { randomUUID } from "node:crypto";
import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  anNpi,
  loginAs,
  PASSWORD,
  seedClient,
  seedOps,
  seedProvider,
  startApp,
  type SeededClient,
  type SeededProvider,
  type TestApp,
} from "../support/app.js";

/** The server clock: 11 June 2026. Claims confirmed now are held (pending) until the 13th. */
const NOW = new Date("2026-06-11T12:00:00Z");
const NY = "America/New_York";
const API = "/api/v1";
const MALFORMED = "not-an-id";
/** Ways to fill a path's foreign ids: B's real ids, unknown uuids, malformed ids. */
const THEIRS = (id: string) => id;
const UNKNOWN = () => randomUUID();
const BROKEN = () => MALFORMED;

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
type Role = "provider" | "client" | "ops";
type Kind = "client" | "provider" | "session" | "claim" | "alert" | "referral" | "eligibility";
/** What is done to a referral: each role has its own (still unanswered) referral per action. */
type Settle = "accept" | "decline" | "withdraw";
const SETTLES: readonly Settle[] = ["accept", "decline", "withdraw"];
/** Session routes are tried on a scheduled (upcoming) and on a confirmed (billed) session. */
type Variant = "scheduled" | "confirmed";

interface Side {
  readonly provider: SeededProvider;
  readonly client: SeededClient;
  readonly providerToken: string;
  readonly clientToken: string;
  readonly sessions: Readonly<Record<Variant, string>>;
  readonly claimId: string;
  readonly alertId: string;
  /** An answered eligibility check of the side's client (its 271 kept). */
  readonly eligibilityId: string;
  /**
   * Four future homes (a planned move, so nothing today depends on them) for the location routes:
   * edited by provider / client, removed by provider / client (operations take the provider's).
   */
  readonly spares: readonly [string, string, string, string];
  /**
   * Referrals of the side's client from the side's provider to the colleague C, still unanswered:
   * one per action and role (operations act on B's), so no test answers another's referral.
   */
  readonly referrals: Readonly<Record<Settle, Readonly<Record<Role, string>>>>;
  /** What would give the side's records away: ids, names, member ID, NPI, emails, addresses. */
  readonly secrets: readonly string[];
  /**
   * The secrets every colleague sees in the directory (the practice is one organisation): the
   * provider's id, name, NPI, email, and the license and credential the engine used.
   */
  readonly listing: readonly string[];
}

interface World {
  readonly a: Side;
  readonly b: Side;
  readonly opsToken: string;
  readonly opsUserId: string;
  readonly opsEmail: string;
  /** C: a colleague licensed and credentialed where A's and B's clients live, who receives referrals. */
  readonly colleague: SeededProvider;
  /** A batch file whose content names B's client. */
  readonly exportId: string;
}

// ---------------------------------------------------------------------------------------------
// The table: every operation under /api/v1, and how it is checked.

type Body = (w: World) => unknown;
/** Items under a record: a provider's licenses or credentials, a client's spare locations. */
type Item = "licenses" | "credentials" | "locations" | "removable-locations";
/** A status, or one per session variant. */
type Outcome = number | Readonly<Record<Variant, number>>;

type Row =
  /** No sign-in (the OpenAPI document says `security: []`). */
  | { readonly check: "public"; readonly body: Body; readonly status: number }
  /** The caller's own login session: no record id. */
  | { readonly check: "self" }
  /** Reference data, the same for every signed-in caller. */
  | { readonly check: "reference" }
  /** A list scoped to the caller; `filters` are queries naming B's records. */
  | {
      readonly check: "collection";
      readonly of: Kind;
      readonly query?: string;
      readonly filters?: (w: World) => string[];
      /** Client A: its own records only, or 404 (the kind does not exist to clients). */
      readonly client: "own" | 404;
    }
  /**
   * Creates a record naming its owner in the body. provider: "own" means a provider's own id is
   * taken whatever the body says; a status means B's id answers that, exactly as an unknown id.
   */
  | {
      readonly check: "create";
      readonly names: "provider" | "client";
      readonly body: (w: World, id: string) => unknown;
      readonly provider: "own" | number;
      readonly client: number;
      readonly ops: number;
      /** Where the answer names the owner (default: `${names}Id`). */
      readonly owner?: (answer: Record<string, unknown>) => unknown;
      /** Client data: operations' 2xx leaves an audit event naming B's client. */
      readonly audited?: boolean;
    }
  /**
   * A search open to every signed-in caller whose `param` names a client: someone else's client
   * answers exactly as an unknown one, the own client (a client: always themself) is searched and
   * audited, and operations search for B's.
   */
  | {
      readonly check: "search";
      readonly param: "clientId";
      /** A search naming no client (providers and operations; a client's is always their own). */
      readonly open: string;
      /** What provider A and client A get naming B's client, as for an unknown id. */
      readonly provider: number;
      readonly client: number;
      readonly ops: number;
    }
  /**
   * A record route: {id} takes a `kind` id; {itemId} (if any) an item of that provider's file,
   * {locationId} one of that client's locations.
   */
  | {
      readonly check: "owned";
      readonly id: Kind;
      readonly item?: Item;
      readonly read: boolean;
      readonly body?: Body;
      /** What the owner gets on its own record: provider A, client A. */
      readonly provider: Outcome;
      readonly client: Outcome;
      /** What operations get on B's record. */
      readonly ops: Outcome;
      /** Client data: a 2xx leaves an audit event naming the client. */
      readonly audited: boolean;
      /** For referrals: which action, so each role takes its own referral. */
      readonly settles?: Settle;
      /** Why an owner gets anything but 2xx on its own record, per role. */
      readonly why?: { readonly provider?: string; readonly client?: string };
    }
  /** Operations only: to providers and clients the route does not exist (404). */
  | { readonly check: "ops-only"; readonly id?: "export"; readonly body?: Body; readonly ops: number };

const BILLING = {
  ...DEMO_BILLING,
  receiverName: "Example Clearinghouse",
  receiverId: "CLEARHOUSE",
  payerIds: { aetna: "60054" },
};

const EVALUATE_CASE = {
  id: "matrix",
  provider: {
    licenses: [{ state: "NY", type: "LCSW", status: "active" }],
    credentials: [{ payer: "aetna", state: "NY", network: "standard", status: "active" }],
  },
  client: { coverage: { payer: "aetna" } },
  session: { date: "2026-06-11", modality: "telehealth", clientLocation: { state: "NY", zip: "10027" } },
};

const LICENSE = {
  state: "NY",
  type: "LCSW",
  status: "active",
  validFrom: "2020-01-01",
  validTo: "2030-12-31",
};
const CREDENTIAL = {
  payer: "aetna",
  state: "NY",
  network: "standard",
  status: "active",
  effectiveFrom: "2024-01-01",
};
const ROSTER = (w: World) => ({
  csv: `npi,payer,state,network,status,effective_from,effective_to\n${w.b.provider.provider.npi},aetna,NJ,standard,active,2024-01-01,\n`,
});

const TABLE: Readonly<Record<string, Row>> = {
  "POST /auth/login": {
    check: "public",
    body: (w) => ({ email: w.a.provider.email, password: PASSWORD }),
    status: 200,
  },
  "POST /evaluate": { check: "public", body: () => EVALUATE_CASE, status: 200 },
  "POST /auth/logout": { check: "self" },
  "GET /me": { check: "self" },
  "GET /payers": { check: "reference" },

  "GET /clients": { check: "collection", of: "client", client: "own" },
  "GET /sessions": {
    check: "collection",
    of: "session",
    client: "own",
    filters: (w) => [`clientId=${w.b.client.client.id}`, `providerId=${w.b.provider.provider.id}`],
  },
  "GET /claims": { check: "collection", of: "claim", client: 404 },
  "GET /alerts": {
    check: "collection",
    of: "alert",
    query: "status=all",
    client: 404,
    filters: (w) => [`status=all&providerId=${w.b.provider.provider.id}`],
  },
  "GET /providers": { check: "collection", of: "provider", client: 404 },
  // Providers: the referrals they sent or received; a client: those about themself.
  "GET /referrals": { check: "collection", of: "referral", client: "own" },

  // The practice is one organisation: every provider (and operations) sees every colleague's
  // entry in full; a client searches with their own coverage at their own places (public view).
  "GET /directory": {
    check: "search",
    param: "clientId",
    open: "payer=aetna&state=NY&zip=10025",
    provider: 404,
    client: 404,
    ops: 200,
  },

  "POST /clients": {
    check: "create",
    names: "provider",
    body: (_w, providerId) => ({ providerId, name: "Matrix Newcomer", coverage: { payer: "aetna" } }),
    provider: "own",
    client: 404,
    ops: 201,
  },
  "POST /sessions": {
    check: "create",
    names: "client",
    body: (_w, clientId) => ({
      clientId,
      startsAt: "2026-07-01T10:00:00-04:00",
      timeZone: NY,
      durationMinutes: 53,
      modality: "telehealth",
      cptCode: "90837",
    }),
    // INVALID_INPUT on clientId ("no client of yours has that id"); a client may not schedule at all.
    provider: 400,
    client: 403,
    ops: 201,
  },

  "POST /sessions/preview": {
    check: "create",
    names: "client",
    body: (_w, clientId) => ({
      clientId,
      startsAt: "2026-07-01T10:00:00-04:00",
      timeZone: NY,
      durationMinutes: 53,
      modality: "telehealth",
      cptCode: "90837",
    }),
    // As scheduling: INVALID_INPUT on clientId for someone else's client; clients do not schedule.
    provider: 400,
    client: 403,
    ops: 200,
  },
  "POST /referrals": {
    check: "create",
    names: "client",
    body: (w, clientId) => ({
      clientId,
      toProviderId: w.colleague.provider.id,
      reason: "Asks for evening sessions, which I cannot offer this year.",
    }),
    // NOT_FOUND on the client; a client may not refer (403, whoever is named).
    provider: 404,
    client: 403,
    ops: 201,
    owner: (answer) => (answer.client as { id?: unknown } | undefined)?.id,
    audited: true,
  },

  "GET /clients/{id}": {
    check: "owned",
    id: "client",
    read: true,
    provider: 200,
    client: 200,
    ops: 200,
    audited: true,
  },
  "GET /clients/{id}/locations": {
    check: "owned",
    id: "client",
    read: true,
    provider: 200,
    client: 200,
    ops: 200,
    audited: true,
  },
  "POST /clients/{id}/locations": {
    check: "owned",
    id: "client",
    read: false,
    body: () => ({
      kind: "temporary",
      label: "Matrix trip",
      state: "NY",
      zip: "10027",
      startsOn: "2026-07-01",
      endsOn: "2026-07-05",
    }),
    provider: 201,
    client: 201,
    ops: 201,
    audited: true,
  },
  "PATCH /clients/{id}/locations/{locationId}": {
    check: "owned",
    id: "client",
    item: "locations",
    read: false,
    body: () => ({ label: "Matrix move" }),
    provider: 200,
    client: 200,
    ops: 200,
    audited: true,
  },
  "DELETE /clients/{id}/locations/{locationId}": {
    check: "owned",
    id: "client",
    item: "removable-locations",
    read: false,
    provider: 200,
    client: 200,
    ops: 200,
    audited: true,
  },
  "GET /clients/{id}/billing-method": {
    check: "owned",
    id: "client",
    read: true,
    provider: 200,
    client: 200,
    ops: 200,
    audited: true,
  },
  "PUT /clients/{id}/coverage": {
    check: "owned",
    id: "client",
    read: false,
    body: () => ({ payer: "aetna", memberId: "MATRIX0001" }),
    provider: 200,
    client: 200,
    ops: 200,
    audited: true,
  },

  "GET /providers/{id}": {
    check: "owned",
    id: "provider",
    read: true,
    provider: 200,
    client: 404,
    ops: 200,
    audited: false,
    why: { client: "provider records do not exist to clients" },
  },
  "POST /providers/{id}/licenses": {
    check: "owned",
    id: "provider",
    read: false,
    body: () => LICENSE,
    provider: 201,
    client: 404,
    ops: 201,
    audited: false,
    why: { client: "provider records do not exist to clients" },
  },
  "PUT /providers/{id}/licenses/{itemId}": {
    check: "owned",
    id: "provider",
    item: "licenses",
    read: false,
    body: () => LICENSE,
    provider: 200,
    client: 404,
    ops: 200,
    audited: false,
    why: { client: "provider records do not exist to clients" },
  },
  "POST /providers/{id}/credentials": {
    check: "owned",
    id: "provider",
    read: false,
    body: () => CREDENTIAL,
    provider: 201,
    client: 404,
    ops: 201,
    audited: false,
    why: { client: "provider records do not exist to clients" },
  },
  "PUT /providers/{id}/credentials/{itemId}": {
    check: "owned",
    id: "provider",
    item: "credentials",
    read: false,
    body: () => CREDENTIAL,
    provider: 200,
    client: 404,
    ops: 200,
    audited: false,
    why: { client: "provider records do not exist to clients" },
  },
  "GET /providers/{id}/directory": {
    check: "owned",
    id: "provider",
    read: true,
    provider: 200,
    client: 404,
    ops: 200,
    audited: false,
    why: { client: "provider records do not exist to clients" },
  },
  "PUT /providers/{id}/directory": {
    check: "owned",
    id: "provider",
    read: false,
    // Accepting already: nothing another test sees changes.
    body: () => ({ acceptingNewClients: true }),
    provider: 200,
    client: 404,
    ops: 200,
    audited: false,
    why: { client: "provider records do not exist to clients" },
  },
  "POST /providers/{id}/practice-locations": {
    check: "owned",
    id: "provider",
    read: false,
    body: () => ({ label: "Matrix office", line1: "1 Matrix Way", state: "NY", zip: "10001" }),
    provider: 201,
    client: 404,
    ops: 201,
    audited: false,
    why: { client: "provider records do not exist to clients" },
  },

  "GET /sessions/{id}": {
    check: "owned",
    id: "session",
    read: true,
    provider: 200,
    client: 200,
    ops: 200,
    audited: true,
  },
  "POST /sessions/{id}/confirm": {
    check: "owned",
    id: "session",
    read: false,
    body: () => ({}),
    provider: { scheduled: 409, confirmed: 200 },
    client: 403,
    ops: { scheduled: 409, confirmed: 200 },
    audited: true,
    why: {
      provider: "an upcoming session is confirmed once it has taken place (409 TOO_EARLY)",
      client:
        "a client sees its sessions but may not change them (403 FORBIDDEN: the session is its own, so no hint)",
    },
  },
  "POST /sessions/{id}/cancel": {
    check: "owned",
    id: "session",
    read: false,
    provider: { scheduled: 200, confirmed: 409 },
    client: 403,
    ops: { scheduled: 200, confirmed: 409 },
    audited: true,
    why: {
      provider: "a confirmed session cannot be cancelled (409 CONFLICT)",
      client:
        "a client sees its sessions but may not change them (403 FORBIDDEN: the session is its own, so no hint)",
    },
  },

  "GET /claims/{id}": {
    check: "owned",
    id: "claim",
    read: true,
    provider: 200,
    client: 404,
    ops: 200,
    audited: true,
    why: { client: "claims do not exist to clients, not even their own (404, not 403)" },
  },
  "PATCH /claims/{id}": {
    check: "owned",
    id: "claim",
    read: false,
    body: () => ({ diagnosisCodes: ["F41.1"] }),
    provider: 200,
    client: 404,
    ops: 200,
    audited: true,
    why: { client: "claims do not exist to clients, not even their own (404, not 403)" },
  },
  "GET /claims/{id}/x12": {
    check: "owned",
    id: "claim",
    read: true,
    provider: 200,
    client: 404,
    ops: 200,
    audited: true,
    why: { client: "claims do not exist to clients, not even their own (404, not 403)" },
  },
  "GET /claims/{id}/fhir": {
    check: "owned",
    id: "claim",
    read: true,
    provider: 200,
    client: 404,
    ops: 200,
    audited: true,
    why: { client: "claims do not exist to clients, not even their own (404, not 403)" },
  },
  "POST /claims/{id}/replacement": {
    check: "owned",
    id: "claim",
    read: false,
    body: () => ({ cptCode: "90834", payerControlNumber: "2026162000001" }),
    provider: 409,
    client: 404,
    ops: 409,
    audited: true,
    why: {
      provider: "the claim is still held (pending): held claims are corrected with PATCH, not replaced",
      client: "claims do not exist to clients, not even their own (404, not 403)",
    },
  },
  "POST /claims/{id}/void": {
    check: "owned",
    id: "claim",
    read: false,
    body: () => ({ payerControlNumber: "2026162000001" }),
    provider: 409,
    client: 404,
    ops: 409,
    audited: true,
    why: {
      provider: "the claim is still held (pending): the payer has nothing to void yet",
      client: "claims do not exist to clients, not even their own (404, not 403)",
    },
  },
  "GET /claims/{id}/history": {
    check: "owned",
    id: "claim",
    read: true,
    provider: 200,
    client: 404,
    ops: 200,
    audited: true,
    why: { client: "claims do not exist to clients, not even their own (404, not 403)" },
  },

  // Eligibility is the provider's business (like claims): to clients it does not exist. No
  // clearinghouse is configured in this world, so verifying answers 409 to those who may.
  "POST /clients/{id}/eligibility": {
    check: "owned",
    id: "client",
    read: false,
    provider: 409,
    client: 404,
    ops: 409,
    audited: false,
    why: {
      provider: "no clearinghouse is configured in this world (409 names it)",
      client: "eligibility does not exist to clients, not even their own (404, not 403)",
    },
  },
  "GET /clients/{id}/eligibility": {
    check: "owned",
    id: "client",
    read: true,
    provider: 200,
    client: 404,
    ops: 200,
    audited: true,
    why: { client: "eligibility does not exist to clients, not even their own (404, not 403)" },
  },
  "GET /eligibility/{id}/271": {
    check: "owned",
    id: "eligibility",
    read: true,
    provider: 200,
    client: 404,
    ops: 200,
    audited: true,
    why: { client: "eligibility does not exist to clients, not even their own (404, not 403)" },
  },

  "POST /alerts/{id}/resolve": {
    check: "owned",
    id: "alert",
    read: false,
    provider: 200,
    client: 404,
    ops: 200,
    audited: true,
    why: { client: "clients have no alerts, not even about themselves (404)" },
  },

  "POST /referrals/{id}/accept": {
    check: "owned",
    id: "referral",
    settles: "accept",
    read: false,
    provider: 403,
    client: 403,
    ops: 200,
    audited: true,
    why: {
      provider:
        "A sent the referral; only C, who received it, accepts it (403 FORBIDDEN: A is a party, so no hint)",
      client: "a client sees referrals about themself but may not answer them (403 FORBIDDEN)",
    },
  },
  "POST /referrals/{id}/decline": {
    check: "owned",
    id: "referral",
    settles: "decline",
    read: false,
    provider: 403,
    client: 403,
    ops: 200,
    audited: true,
    why: {
      provider:
        "A sent the referral; only C, who received it, declines it (403 FORBIDDEN: A is a party, so no hint)",
      client: "a client sees referrals about themself but may not answer them (403 FORBIDDEN)",
    },
  },
  "POST /referrals/{id}/withdraw": {
    check: "owned",
    id: "referral",
    settles: "withdraw",
    read: false,
    provider: 200,
    client: 403,
    ops: 200,
    audited: true,
    why: { client: "a client sees referrals about themself but may not withdraw them (403 FORBIDDEN)" },
  },

  "GET /audit": { check: "ops-only", ops: 200 },
  "POST /ops/roster/preview": { check: "ops-only", body: ROSTER, ops: 200 },
  "POST /ops/roster/commit": { check: "ops-only", body: ROSTER, ops: 200 },
  "POST /ops/recheck": { check: "ops-only", body: () => ({}), ops: 200 },
  "GET /billing-settings": { check: "ops-only", ops: 200 },
  "PUT /billing-settings": { check: "ops-only", body: () => BILLING, ops: 200 },
  "POST /claim-exports": {
    check: "ops-only",
    body: () => ({ since: "2026-06-01", format: "x12" }),
    ops: 200,
  },
  "GET /claim-exports": { check: "ops-only", ops: 200 },
  "GET /claim-exports/{id}/file": { check: "ops-only", id: "export", ops: 200 },
  "GET /remittances": { check: "ops-only", ops: 200 },
  // No remittance in this world: operations find none with this id (404); to others the route does not exist.
  "GET /remittances/{id}": { check: "ops-only", id: "export", ops: 404 },
  "GET /claim-payments": { check: "ops-only", ops: 200 },
  // The clearinghouse connector (issue 16). No clearinghouse is configured in this world: polling
  // and sending answer 409 naming it; no EDI file is kept, so operations find none with this id.
  "GET /clearinghouse": { check: "ops-only", ops: 200 },
  "POST /clearinghouse/poll": { check: "ops-only", ops: 409 },
  "GET /edi-files": { check: "ops-only", ops: 200 },
  "GET /edi-files/{id}": { check: "ops-only", id: "export", ops: 404 },
  "GET /edi-files/{id}/content": { check: "ops-only", id: "export", ops: 404 },
  "POST /claim-exports/{id}/submit": { check: "ops-only", id: "export", ops: 409 },
  "GET /denials": { check: "ops-only", ops: 200 },
  "POST /providers": {
    check: "ops-only",
    body: () => ({
      firstName: "Morgan",
      middleName: "T.",
      lastName: "Matrix",
      credentialLetters: "LMFT",
      npi: anNpi(),
      taxonomy: "1041C0700X",
    }),
    ops: 201,
  },
};

// ---------------------------------------------------------------------------------------------
// Reading the table.

interface Route<R extends Row = Row> {
  readonly key: string;
  readonly method: Method;
  readonly path: string;
  readonly row: R;
}

const ROUTES: Route[] = Object.entries(TABLE).map(([key, row]) => {
  const [method = "", path = ""] = key.split(" ");
  return { key, method: method as Method, path, row };
});

function routesOf<C extends Row["check"]>(check: C): Route<Extract<Row, { check: C }>>[] {
  return ROUTES.filter((r): r is Route<Extract<Row, { check: C }>> => r.row.check === check);
}

type OwnedRow = Extract<Row, { check: "owned" }>;

const variantsOf = (row: OwnedRow): (Variant | null)[] =>
  row.id === "session" ? ["scheduled", "confirmed"] : [null];

const outcome = (o: Outcome, v: Variant | null): number => (typeof o === "number" ? o : o[v ?? "scheduled"]);

const kindLabel = (row: OwnedRow, v: Variant | null): string => {
  if (row.item)
    return row.item === "licenses" ? "license" : row.item === "credentials" ? "credential" : "location";
  switch (row.id) {
    case "client":
      return "client";
    case "provider":
      return "provider record";
    case "session":
      return `${v ?? "scheduled"} session`;
    case "claim":
      return "claim";
    case "alert":
      return "alert";
    case "referral":
      return "referral";
    case "eligibility":
      return "eligibility check";
  }
};

/** The side's record of a kind; a referral: the one for this action and role. */
function idOf(side: Side, kind: Kind, v: Variant | null, settles?: Settle, role: Role = "provider"): string {
  switch (kind) {
    case "client":
      return side.client.client.id;
    case "provider":
      return side.provider.provider.id;
    case "session":
      return side.sessions[v ?? "scheduled"];
    case "claim":
      return side.claimId;
    case "alert":
      return side.alertId;
    case "eligibility":
      return side.eligibilityId;
    case "referral":
      if (!settles) throw new Error("a referral route names its action (settles)");
      return side.referrals[settles][role];
  }
}

/** An item of the side's records; each role edits or removes its own spare location. */
function itemOf(side: Side, item: Item, role: Role = "provider"): string {
  if (item === "locations") return side.spares[role === "client" ? 1 : 0];
  if (item === "removable-locations") return side.spares[role === "client" ? 3 : 2];
  const found = item === "licenses" ? side.provider.licenses[0] : side.provider.credentials[0];
  if (!found) throw new Error(`no ${item}`);
  return found.id;
}

const itemParam = (item: Item) => (item === "licenses" || item === "credentials" ? "itemId" : "locationId");
const ownerOf = (side: Side, item: Item) =>
  item === "licenses" || item === "credentials" ? side.provider.provider.id : side.client.client.id;

/** Someone else's record on a route: `foreign` stands in for each of B's ids in the path. */
interface Target {
  readonly label: string;
  readonly variant: Variant | null;
  /** B's own record (operations are tried on these); else B's item under A's own record. */
  readonly primary: boolean;
  params(w: World, foreign: (id: string) => string): Record<string, string>;
}

function targetsOf(row: OwnedRow): Target[] {
  if (row.item) {
    const item = row.item;
    const label = kindLabel(row, null);
    return [
      {
        label: `B's ${label}`,
        variant: null,
        primary: true,
        params: (w, f) => ({ id: f(ownerOf(w.b, item)), [itemParam(item)]: f(itemOf(w.b, item)) }),
      },
      {
        label: `B's ${label} under A's own record`,
        variant: null,
        primary: false,
        params: (w, f) => ({ id: ownerOf(w.a, item), [itemParam(item)]: f(itemOf(w.b, item)) }),
      },
    ];
  }
  return variantsOf(row).map((variant) => ({
    label: `B's ${kindLabel(row, variant)}`,
    variant,
    primary: true,
    // Operations act on B's records (a referral: B's own for operations; to A it is 404 whatever its state).
    params: (w, f) => ({ id: f(idOf(w.b, row.id, variant, row.settles, "ops")) }),
  }));
}

/** The same route on the side's own record. */
function ownParams(row: OwnedRow, side: Side, v: Variant | null, role?: Role): Record<string, string> {
  return row.item
    ? { id: ownerOf(side, row.item), [itemParam(row.item)]: itemOf(side, row.item, role) }
    : { id: idOf(side, row.id, v, row.settles, role) };
}

const fill = (path: string, params: Record<string, string>) =>
  path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`no value for {${name}} in ${path}`);
    return value;
  });

/** The problem code that goes with a refusal's status. */
const codeOf = (status: number) =>
  status === 400 ? "INVALID_INPUT" : status === 403 ? "FORBIDDEN" : status === 404 ? "NOT_FOUND" : "CONFLICT";

const ROLES: readonly Role[] = ["provider", "client", "ops"];
const ROLE_NAME: Record<Role, string> = { provider: "provider A", client: "client A", ops: "operations" };

/** Cases for `it.each(…)("%s", …)`: titles printed whole (`$title` is cut at 40 characters). */
const titled = <C extends { readonly title: string }>(cases: readonly C[]): [string, C][] =>
  cases.map((c) => [c.title, c]);

// ---------------------------------------------------------------------------------------------

interface ProblemBody {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  errors?: { path: string; message: string }[];
}

interface OpenApiDoc {
  paths: Record<string, Record<string, { security?: unknown[] }>>;
}

const HTTP_METHODS = new Set(["get", "put", "post", "delete", "patch", "head", "options", "trace"]);

describe("access matrix: every route × role × someone else's id", () => {
  let t: TestApp;
  let w: World;

  function call(
    token: string | null,
    method: Method,
    path: string,
    body?: unknown,
  ): Promise<LightMyRequestResponse> {
    return t.app.inject({
      method,
      url: `${API}${path}`,
      headers: token === null ? {} : { authorization: `Bearer ${token}` },
      ...(body === undefined ? {} : { payload: body as object }),
    });
  }

  const tokenOf = (role: Role) =>
    role === "provider" ? w.a.providerToken : role === "client" ? w.a.clientToken : w.opsToken;
  const userOf = (role: Role) =>
    role === "provider" ? w.a.provider.user!.id : role === "client" ? w.a.client.user!.id : w.opsUserId;

  function expectProblem(res: LightMyRequestResponse, status: number, code?: string): ProblemBody {
    expect(res.statusCode, res.body).toBe(status);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    const body = res.json<ProblemBody>();
    expect(body.status).toBe(status);
    if (code) expect(body.code).toBe(code);
    return body;
  }

  /** Nothing of the side's records in the answer: neither in the body nor in a header. */
  function expectNothingOf(side: Side, res: LightMyRequestResponse): void {
    const headers = JSON.stringify(res.headers);
    for (const secret of side.secrets) {
      expect(res.body, `the answer names "${secret}"`).not.toContain(secret);
      expect(headers, `a header names "${secret}"`).not.toContain(secret);
    }
  }

  /**
   * Nothing of the side's client data in the answer: the side's provider may be listed (a colleague
   * in the directory), but not its client, their places, sessions, claims, alerts or referrals.
   */
  function expectNoClientDataOf(side: Side, res: LightMyRequestResponse): void {
    const listed = new Set(side.listing);
    const headers = JSON.stringify(res.headers);
    for (const secret of side.secrets.filter((x) => !listed.has(x))) {
      expect(res.body, `the answer names "${secret}"`).not.toContain(secret);
      expect(headers, `a header names "${secret}"`).not.toContain(secret);
    }
  }

  /** The answer as bytes, without what differs per request by design (none today). */
  const VOLATILE = new Set(["instance", "traceId", "requestId", "timestamp"]);
  const stable = (res: LightMyRequestResponse) =>
    JSON.stringify(Object.fromEntries(Object.entries(res.json<object>()).filter(([k]) => !VOLATILE.has(k))));

  /**
   * Calls `path` with B's ids, with unknown uuids and with malformed ids in their place; all three
   * answer `status` alike, to the byte, and B's answer names nothing of B's.
   */
  async function expectSameAsUnknown(
    token: string,
    method: Method,
    path: string,
    params: (foreign: (id: string) => string) => Record<string, string>,
    body: unknown,
    status: number,
    code: string,
  ): Promise<void> {
    const at = (foreign: (id: string) => string) => call(token, method, fill(path, params(foreign)), body);
    const theirs = await at(THEIRS);
    const unknown = await at(UNKNOWN);
    const malformed = await at(BROKEN);
    const [b, u] = [theirs, unknown, malformed].map((r) => expectProblem(r, status, code));
    expect(b?.code).toBe(u?.code);
    expect(b?.detail).toBe(u?.detail);
    expect(stable(theirs)).toBe(stable(unknown));
    expect(stable(malformed)).toBe(stable(unknown));
    expect(theirs.headers["content-type"]).toBe(unknown.headers["content-type"]);
    expectNothingOf(w.b, theirs);
  }

  async function latestAuditId(clientId: string, actorUserId: string): Promise<number> {
    return (await t.store.audit.search({ clientId, actorUserId, limit: 1 }))[0]?.id ?? 0;
  }

  /** The seeded client's four spare locations, in order. */
  const spares = (locations: readonly { id: string; label: string | null }[]) => {
    const ids = [1, 2, 3, 4].map((n) => locations.find((l) => l.label === `Spare ${n}`)?.id);
    const [p1, c1, p2, c2] = ids;
    if (!p1 || !c1 || !p2 || !c2) throw new Error("spare locations not seeded");
    return [p1, c1, p2, c2] as const;
  };

  beforeAll(async () => {
    t = await startApp("pglite", { now: () => NOW });
    const ops = await seedOps(t.store);
    const opsToken = await loginAs(t.app, ops.email);

    async function seedSide(
      letter: "a" | "b",
      who: { provider: string; client: string; memberId: string; home: string; office: string },
    ) {
      const provider = await seedProvider(t.store, {
        name: who.provider,
        licenses: [{ state: "NY" }],
        credentials: [{ payer: "aetna", state: "NY" }],
        practiceLocations: [
          { label: "Office", line1: who.office, city: "New York", state: "NY", zip: "10118" },
        ],
      });
      const client = await seedClient(t.store, {
        providerId: provider.provider.id,
        name: who.client,
        birthDate: "1990-04-02",
        diagnosisCodes: ["F411"],
        coverage: { payer: "aetna", memberId: who.memberId },
        locations: [
          { kind: "home", line1: who.home, city: "New York", state: "NY", zip: "10025" },
          // Florida, where the provider is not licensed, over the session of the 20th: an alert.
          {
            kind: "temporary",
            city: "Miami Beach",
            state: "FL",
            zip: "33139",
            startsOn: "2026-06-19",
            endsOn: "2026-06-22",
          },
          // Planned moves, for the location routes (nothing before 2027 depends on them).
          ...[1, 2, 3, 4].map((n) => ({
            kind: "home" as const,
            label: `Spare ${n}`,
            city: "Albany",
            state: "NY" as const,
            zip: "12207",
            startsOn: `2027-0${n}-01`,
          })),
        ],
        email: `client-${letter}-matrix@stateline.test`,
      });
      const [providerToken, clientToken] = await Promise.all([
        loginAs(t.app, provider.email),
        loginAs(t.app, client.email ?? ""),
      ]);
      const session = (startsAt: string) =>
        t.store.sessions.add({
          providerId: provider.provider.id,
          clientId: client.client.id,
          startsAt: new Date(startsAt),
          timeZone: NY,
          serviceDate: startsAt.slice(0, 10),
          durationMinutes: 53,
          modality: "telehealth",
          cptCode: "90837",
          crisis: false,
          practiceLocationId: null,
        });
      const past = await session("2026-06-10T14:00:00Z");
      const scheduled = await session("2026-06-25T14:00:00Z");
      const atRisk = await session("2026-06-20T14:00:00Z");
      const home = client.locations.find((l) => l.kind === "home");
      const confirmed = await call(providerToken, "POST", `/sessions/${past.id}/confirm`, {
        clientLocationId: home?.id,
      });
      expect(confirmed.statusCode, confirmed.body).toBe(200);
      const claimId = confirmed.json<{ claim: { id: string } }>().claim.id;
      return {
        provider,
        client,
        providerToken,
        clientToken,
        sessions: { scheduled: scheduled.id, confirmed: past.id },
        spares: spares(client.locations),
        claimId,
        secrets: [
          provider.provider.id,
          provider.provider.name,
          provider.provider.npi,
          provider.email,
          client.client.id,
          client.client.name,
          who.memberId,
          client.email ?? "",
          who.home,
          who.office,
          ...provider.licenses.map((l) => l.id),
          ...provider.credentials.map((c) => c.id),
          ...client.locations.map((l) => l.id),
          past.id,
          scheduled.id,
          atRisk.id,
          claimId,
        ],
      };
    }

    const a = await seedSide("a", {
      provider: "Avery Stone, LCSW",
      client: "Ariel Marsh",
      memberId: "AMX100200300",
      home: "12 Alder Street",
      office: "5 Aspen Plaza",
    });
    const b = await seedSide("b", {
      provider: "Bellamy Quinn, PsyD",
      client: "Blake Winslow",
      memberId: "BQZ900800700",
      home: "77 Birchwood Avenue",
      office: "9 Beacon Court",
    });

    const settings = await call(opsToken, "PUT", "/billing-settings", BILLING);
    expect(settings.statusCode, settings.body).toBe(200);
    const recheck = await call(opsToken, "POST", "/ops/recheck", {});
    expect(recheck.statusCode, recheck.body).toBe(200);
    const alertOf = async (side: typeof a) => {
      const open = await t.store.alerts.list({
        providerId: side.provider.provider.id,
        status: "open",
        limit: 10,
      });
      const alert = open.find((x) => x.kind === "sessions_at_risk" && x.clientId === side.client.client.id);
      if (!alert) throw new Error(`no alert for ${side.client.client.name}: ${JSON.stringify(open)}`);
      return alert.id;
    };
    const exported = await t.store.claimFiles.addExport({
      format: "x12",
      since: "2026-06-01",
      claimCount: 1,
      interchangeControlNumber: await t.store.claimFiles.nextInterchangeNumber(),
      content: `ISA*00*NM1*IL*1*${b.client.client.name.toUpperCase()}*${b.claimId}~\n`,
      createdBy: ops.user.id,
    });
    // C, a colleague of both, licensed and credentialed in New York, where both clients live.
    // Seeding writes through the store: the directory's reach index is refreshed by hand.
    const colleague = await seedProvider(t.store, {
      name: "Casey Lindqvist, LCSW",
      licenses: [{ state: "NY" }],
      credentials: [{ payer: "aetna", state: "NY" }],
    });
    await refreshReach(t.store, [a.provider.provider.id, b.provider.provider.id, colleague.provider.id]);
    /** The side's provider refers its client to C, once per action and role (through the API, as a provider would). */
    const referralsOf = async (s: typeof a) => {
      const refer = async () => {
        const res = await call(s.providerToken, "POST", "/referrals", {
          clientId: s.client.client.id,
          toProviderId: colleague.provider.id,
          reason: "Moving to evening hours; C has openings on weeknights.",
        });
        expect(res.statusCode, res.body).toBe(201);
        return res.json<{ id: string }>().id;
      };
      const per = async () => ({ provider: await refer(), client: await refer(), ops: await refer() });
      return { accept: await per(), decline: await per(), withdraw: await per() };
    };
    /** An answered eligibility check of the side's client, its 271 kept (through the store). */
    const eligibilityOf = async (s: typeof a) => {
      const coverage = await t.store.clients.coverage(s.client.client.id);
      if (!coverage) throw new Error("no coverage");
      const check = await t.store.eligibility.add({
        clientId: s.client.client.id,
        coverageId: coverage.id,
        traceNumber: randomUUID().replace(/-/g, "").toUpperCase(),
        reason: "manual",
        planDate: "2026-06-11",
        requestedBy: null,
      });
      const file = await t.store.ediFiles.keep({
        direction: "in",
        kind: "271",
        name: `matrix-${check.id}.x12`,
        content: `ISA*00*NM1*IL*1*${s.client.client.name.toUpperCase()}~\n`,
        sha256: randomUUID().replace(/-/g, "").repeat(2),
        interchangeControlNumber: null,
        status: "processed",
        sandbox: true,
        createdBy: null,
      });
      const answer = {
        traceNumber: check.traceNumber,
        status: "active" as const,
        payerName: "AETNA",
        payerId: "60054",
        memberId: coverage.memberId,
        subscriberName: s.client.client.name.toUpperCase(),
        planName: null,
        groupName: null,
        groupNumber: null,
        insuranceType: "PR",
        insuranceTypeWords: "PPO",
        product: "ppo" as const,
        planBegin: null,
        planEnd: null,
        eligibilityBegin: null,
        eligibilityEnd: null,
        benefits: [],
        carveOut: null,
        rejections: [],
        notes: [],
      };
      await t.store.eligibility.answer(check.id, {
        status: "active",
        answer,
        summary: "Active PPO",
        answerFileId: file.id,
        sandbox: true,
        at: NOW,
      });
      return check.id;
    };
    const side = async (s: typeof a): Promise<Side> => {
      const alertId = await alertOf(s);
      const eligibilityId = await eligibilityOf(s);
      const referrals = await referralsOf(s);
      const referralIds = SETTLES.flatMap((x) => Object.values(referrals[x]));
      const listing = [
        s.provider.provider.id,
        s.provider.provider.name,
        s.provider.provider.npi,
        s.provider.email,
        ...s.provider.licenses.map((l) => l.id),
        ...s.provider.credentials.map((c) => c.id),
      ];
      return {
        ...s,
        alertId,
        eligibilityId,
        referrals,
        listing,
        secrets: [...s.secrets, alertId, eligibilityId, ...referralIds],
      };
    };
    w = {
      a: await side(a),
      b: await side(b),
      opsToken,
      opsUserId: ops.user.id,
      opsEmail: ops.email,
      colleague,
      exportId: exported.id,
    };
  });

  afterAll(async () => {
    await t.close();
  });

  // -------------------------------------------------------------------------------------------

  describe("the table", () => {
    it("classifies every operation of the OpenAPI document, and nothing else", async () => {
      const doc = (await t.app.inject({ url: "/api/openapi.json" })).json<OpenApiDoc>();
      const paths = Object.keys(doc.paths);
      expect(paths.filter((p) => !p.startsWith(`${API}/`))).toEqual([]);
      const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
        Object.keys(item)
          .filter((m) => HTTP_METHODS.has(m))
          .map((m) => `${m.toUpperCase()} ${path.slice(API.length)}`),
      );
      expect(operations.length).toBeGreaterThan(30);
      expect([...operations].sort()).toEqual(Object.keys(TABLE).sort());
    });

    it("calls public exactly the operations the document marks `security: []`", async () => {
      const doc = (await t.app.inject({ url: "/api/openapi.json" })).json<OpenApiDoc>();
      const open = Object.entries(doc.paths).flatMap(([path, item]) =>
        Object.entries(item)
          .filter(([m, op]) => HTTP_METHODS.has(m) && Array.isArray(op.security) && op.security.length === 0)
          .map(([m]) => `${m.toUpperCase()} ${path.slice(API.length)}`),
      );
      expect(open.sort()).toEqual(
        routesOf("public")
          .map((r) => r.key)
          .sort(),
      );
    });

    it("gives record rows a path id and no other row one", () => {
      for (const r of ROUTES) {
        const hasId = /\{\w+\}/.test(r.path);
        const withId = r.row.check === "owned" || (r.row.check === "ops-only" && r.row.id !== undefined);
        expect(hasId, r.key).toBe(withId);
        if (r.row.check === "owned")
          expect(/\{(itemId|locationId)\}/.test(r.path), r.key).toBe(r.row.item !== undefined);
        // A referral route names its action, so each role takes its own referral for it.
        if (r.row.check === "owned")
          expect(
            r.row.settles === undefined ? r.row.id !== "referral" : r.path.endsWith(`/${r.row.settles}`),
            r.key,
          ).toBe(true);
      }
    });
  });

  // -------------------------------------------------------------------------------------------

  describe("without a token", () => {
    /** Path values for any route: B's records. */
    function anyParams(r: Route): Record<string, string> {
      if (r.row.check === "owned") return targetsOf(r.row)[0]?.params(w, THEIRS) ?? {};
      if (r.row.check === "ops-only" && r.row.id) return { id: w.exportId };
      return {};
    }
    function anyBody(r: Route): unknown {
      switch (r.row.check) {
        case "create":
          return r.row.body(w, r.row.names === "provider" ? w.b.provider.provider.id : w.b.client.client.id);
        case "owned":
        case "ops-only":
        case "public":
          return r.row.body?.(w);
        case "self":
        case "reference":
        case "collection":
        case "search":
          return undefined;
      }
    }

    it.each(
      titled(
        ROUTES.filter((r) => r.row.check !== "public").map((r) => ({
          title: `${r.key} answers 401 without a token and with a made-up one (B's ids, a valid body)`,
          r,
        })),
      ),
    )("%s", async (_title, { r }) => {
      const query = r.row.check === "search" ? `?${r.row.param}=${w.b.client.client.id}` : "";
      const path = `${fill(r.path, anyParams(r))}${query}`;
      for (const token of [null, "made-up-token"]) {
        const res = await call(token, r.method, path, anyBody(r));
        expectProblem(res, 401, "UNAUTHENTICATED");
        expectNothingOf(w.b, res);
      }
      // Sign-in is checked before the body: a stranger learns nothing of the route's schema.
      if (r.method !== "GET")
        expectProblem(await call(null, r.method, path, { bogus: [1] }), 401, "UNAUTHENTICATED");
    });

    it.each(titled(routesOf("public").map((r) => ({ title: `${r.key} answers without signing in`, r }))))(
      "%s",
      async (_title, { r }) => {
        const res = await call(null, r.method, r.path, r.row.body(w));
        expect(res.statusCode, res.body).toBe(r.row.status);
      },
    );
  });

  // -------------------------------------------------------------------------------------------

  describe("someone else's record is not found, exactly as a record that does not exist", () => {
    const cases = routesOf("owned").flatMap((r) =>
      (["provider", "client"] as const).flatMap((role) =>
        targetsOf(r.row).map((target) => ({
          title: `${ROLE_NAME[role]} gets 404 for ${target.label} on ${r.key}, same as for an unknown id`,
          r,
          role,
          target,
        })),
      ),
    );
    it.each(titled(cases))("%s", async (_title, { r, role, target }) => {
      await expectSameAsUnknown(
        tokenOf(role),
        r.method,
        r.path,
        (f) => target.params(w, f),
        r.row.body?.(w),
        404,
        "NOT_FOUND",
      );
    });
  });

  describe("operations reach B's records", () => {
    const cases = routesOf("owned").flatMap((r) =>
      targetsOf(r.row)
        .filter((target) => target.primary)
        .map((target) => {
          const status = outcome(r.row.ops, target.variant);
          return {
            title: `operations get ${status} for ${target.label} on ${r.key} (and 404 for an unknown id)`,
            r,
            target,
            status,
          };
        }),
    );
    it.each(titled(cases))("%s", async (_title, { r, target, status }) => {
      const res = await call(w.opsToken, r.method, fill(r.path, target.params(w, THEIRS)), r.row.body?.(w));
      expect(res.statusCode, res.body).toBe(status);
      if (r.row.read) expect(status).toBeLessThan(300);
      else expect(status).not.toBe(404);
      const unknown = await call(
        w.opsToken,
        r.method,
        fill(r.path, target.params(w, UNKNOWN)),
        r.row.body?.(w),
      );
      expectProblem(unknown, 404, "NOT_FOUND");
    });
  });

  describe("the owner reaches their own records (the matrix is not all 404)", () => {
    const cases = routesOf("owned").flatMap((r) =>
      (["provider", "client"] as const).flatMap((role) =>
        variantsOf(r.row).map((variant) => {
          const status = outcome(r.row[role], variant);
          const what = `its own ${kindLabel(r.row, variant)} on ${r.key}`;
          const title =
            status < 300
              ? `${ROLE_NAME[role]} reaches ${what} (${status})${r.row.audited ? ", audited" : ""}`
              : `${ROLE_NAME[role]} gets ${status} for ${what}: ${r.row.why?.[role] ?? "(undocumented)"}`;
          return { title, r, role, variant, status };
        }),
      ),
    );
    it.each(titled(cases))("%s", async (_title, { r, role, variant, status }) => {
      const clientId = w.a.client.client.id;
      const before = await latestAuditId(clientId, userOf(role));
      const res = await call(
        tokenOf(role),
        r.method,
        fill(r.path, ownParams(r.row, w.a, variant, role)),
        r.row.body?.(w),
      );
      expect(res.statusCode, res.body).toBe(status);
      if (r.row.read && role === "provider") expect(status).toBeLessThan(300);
      if (status >= 400) expectProblem(res, status);
      expectNothingOf(w.b, res);
      if (status < 300 && r.row.audited) {
        const events = await t.store.audit.search({ clientId, actorUserId: userOf(role), limit: 20 });
        expect(
          events.filter((e) => e.id > before).map((e) => e.action),
          "an audit event naming the client",
        ).not.toEqual([]);
      }
    });
  });

  // -------------------------------------------------------------------------------------------

  describe("lists show only what the caller may see", () => {
    const idsOf = (side: Side, kind: Kind): string[] =>
      kind === "session"
        ? Object.values(side.sessions)
        : kind === "referral"
          ? SETTLES.flatMap((x) => Object.values(side.referrals[x]))
          : [idOf(side, kind, null)];

    const cases = routesOf("collection").flatMap((r) =>
      ROLES.map((role) => ({
        title:
          role === "ops"
            ? `operations see A's and B's on ${r.key}`
            : role === "client" && r.row.client === 404
              ? `client A gets 404 on ${r.key} (no such records for clients), nothing of B's`
              : `${ROLE_NAME[role]} sees its own and nothing of B's on ${r.key}`,
        r,
        role,
      })),
    );
    it.each(titled(cases))("%s", async (_title, { r, role }) => {
      const query = r.row.query ? `?${r.row.query}` : "";
      const res = await call(tokenOf(role), r.method, `${r.path}${query}`);
      if (role === "client" && r.row.client === 404) {
        expectProblem(res, 404, "NOT_FOUND");
        expectNothingOf(w.b, res);
        return;
      }
      expect(res.statusCode, res.body).toBe(200);
      const mine = idsOf(w.a, r.row.of);
      if (role === "provider" || r.row.of === "client" || r.row.of === "session" || r.row.of === "referral") {
        for (const id of mine) expect(res.body).toContain(id);
      }
      if (role === "ops") for (const id of [...mine, ...idsOf(w.b, r.row.of)]) expect(res.body).toContain(id);
      else expectNothingOf(w.b, res);
    });

    const filtered = routesOf("collection").flatMap((r) =>
      (["provider", "client"] as const).map((role) => ({
        title: `${ROLE_NAME[role]} naming B's records in the query of ${r.key} gets nothing of B's`,
        r,
        role,
      })),
    );
    it.each(titled(filtered.filter(({ r }) => r.row.filters)))("%s", async (_title, { r, role }) => {
      for (const query of r.row.filters?.(w) ?? []) {
        const res = await call(tokenOf(role), r.method, `${r.path}?${query}`);
        if (role === "client" && r.row.client === 404) expectProblem(res, 404, "NOT_FOUND");
        else {
          expect(res.statusCode, res.body).toBe(200);
          expect(res.json<unknown[]>(), query).toEqual([]);
        }
        expectNothingOf(w.b, res);
      }
    });
  });

  describe("searches name only the caller's own clients", () => {
    interface Page {
      view: "full" | "public";
      search: { clientId: string | null; payer: string; state: string; zip: string | null };
      items: {
        providerId: string;
        license: unknown;
        credential: unknown;
        until: unknown;
        daysLeft: unknown;
      }[];
    }
    const naming = (r: Route<Extract<Row, { check: "search" }>>, id: string) =>
      `${r.path}?${r.row.param}=${id}`;

    /** The search found the colleagues: the caller's own provider (or the client's) and C. */
    const expectColleagues = (page: Page) => {
      const ids = page.items.map((e) => e.providerId);
      expect(ids).toContain(w.a.provider.provider.id);
      expect(ids).toContain(w.colleague.provider.id);
    };

    const foreign = routesOf("search").flatMap((r) =>
      (["provider", "client"] as const).map((role) => ({
        title: `${ROLE_NAME[role]} naming B's client in ${r.row.param} on ${r.key} gets ${r.row[role]}, same as for an unknown id`,
        r,
        role,
      })),
    );
    it.each(titled(foreign))("%s", async (_title, { r, role }) => {
      const status = r.row[role];
      await expectSameAsUnknown(
        tokenOf(role),
        r.method,
        `${r.path}?${r.row.param}={id}`,
        (f) => ({ id: f(w.b.client.client.id) }),
        undefined,
        status,
        codeOf(status),
      );
    });

    it.each(
      titled(
        routesOf("search").map((r) => ({
          title: `operations search for B's client on ${r.key} (${r.row.ops}, audited), and get 404 for an unknown id`,
          r,
        })),
      ),
    )("%s", async (_title, { r }) => {
      const id = w.b.client.client.id;
      const before = await latestAuditId(id, w.opsUserId);
      const res = await call(w.opsToken, r.method, naming(r, id));
      expect(res.statusCode, res.body).toBe(r.row.ops);
      expect(res.json<Page>()).toMatchObject({ view: "full", search: { clientId: id } });
      expect(await latestAuditId(id, w.opsUserId), "an audit event naming B's client").toBeGreaterThan(
        before,
      );
      expectProblem(await call(w.opsToken, r.method, naming(r, randomUUID())), 404, "NOT_FOUND");
    });

    const own = routesOf("search").flatMap((r) => [
      {
        title: `provider A searches for its own client on ${r.key}: its colleagues in full, audited, nothing of B's client`,
        r,
        role: "provider" as const,
        query: (w: World) => `${r.row.param}=${w.a.client.client.id}`,
        view: "full",
      },
      {
        title: `client A searches on ${r.key}: its own coverage at its own place, public view (no license), audited`,
        r,
        role: "client" as const,
        query: () => "",
        view: "public",
      },
      {
        title: `client A naming itself in ${r.row.param} on ${r.key} gets the same public view, audited`,
        r,
        role: "client" as const,
        query: (w: World) => `${r.row.param}=${w.a.client.client.id}`,
        view: "public",
      },
      {
        title: `client A's open search on ${r.key} is still a search for itself (public view, audited)`,
        r,
        role: "client" as const,
        query: () => r.row.open,
        view: "public",
      },
    ]);
    it.each(titled(own))("%s", async (_title, { r, role, query, view }) => {
      const id = w.a.client.client.id;
      const before = await latestAuditId(id, userOf(role));
      const res = await call(tokenOf(role), r.method, `${r.path}?${query(w)}`);
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json<Page>();
      // Where A's client is on 11 June: at home in New York (10025), with their Aetna coverage.
      expect(page).toMatchObject({
        view,
        search: { clientId: id, payer: "aetna", state: "NY", zip: "10025" },
      });
      expectColleagues(page);
      for (const e of page.items) {
        if (view === "public")
          expect(e).toMatchObject({ license: null, credential: null, until: null, daysLeft: null });
        else expect(e.license).not.toBeNull();
      }
      expectNoClientDataOf(w.b, res);
      const [event] = await t.store.audit.search({ clientId: id, actorUserId: userOf(role), limit: 1 });
      expect(event?.id, "an audit event naming the client").toBeGreaterThan(before);
      expect(event).toMatchObject({
        action: "directory.search",
        entity: "client",
        entityId: id,
        clientId: id,
      });
    });

    it.each(
      titled(
        routesOf("search").map((r) => ({
          title: `provider A's open search on ${r.key} lists every colleague (one practice), nothing of B's client`,
          r,
        })),
      ),
    )("%s", async (_title, { r }) => {
      const res = await call(w.a.providerToken, r.method, `${r.path}?${r.row.open}`);
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json<Page>();
      expect(page).toMatchObject({ view: "full", search: { clientId: null } });
      expectColleagues(page);
      expect(page.items.map((e) => e.providerId)).toContain(w.b.provider.provider.id);
      expectNoClientDataOf(w.b, res);
    });
  });

  describe("records created naming B", () => {
    const cases = routesOf("create").flatMap((r) =>
      (["provider", "client", "ops"] as const).map((role) => {
        const expected = r.row[role];
        const title =
          expected === "own"
            ? `${ROLE_NAME[role]} naming B's provider id on ${r.key} creates its own record, not B's`
            : role === "ops"
              ? `operations naming B's ${r.row.names} on ${r.key} get ${expected}`
              : `${ROLE_NAME[role]} naming B's ${r.row.names} on ${r.key} gets ${expected}, same as for an unknown id`;
        return { title, r, role };
      }),
    );
    it.each(titled(cases))("%s", async (_title, { r, role }) => {
      const expected = r.row[role];
      const bId = r.row.names === "provider" ? w.b.provider.provider.id : w.b.client.client.id;
      if (role === "ops") {
        const before = r.row.audited ? await latestAuditId(bId, w.opsUserId) : 0;
        const res = await call(w.opsToken, r.method, r.path, r.row.body(w, bId));
        expect(res.statusCode, res.body).toBe(expected);
        const answer = res.json<Record<string, unknown>>();
        expect(r.row.owner ? r.row.owner(answer) : answer[`${r.row.names}Id`]).toBe(bId);
        if (r.row.audited)
          expect(await latestAuditId(bId, w.opsUserId), "an audit event naming B's client").toBeGreaterThan(
            before,
          );
        return;
      }
      if (expected === "own") {
        for (const id of [bId, randomUUID(), MALFORMED]) {
          const res = await call(tokenOf(role), r.method, r.path, r.row.body(w, id));
          expect(res.statusCode, res.body).toBe(201);
          expect(res.json<{ providerId: string }>().providerId).toBe(w.a.provider.provider.id);
          expectNothingOf(w.b, res);
        }
        return;
      }
      const code = codeOf(expected);
      const theirs = await call(tokenOf(role), r.method, r.path, r.row.body(w, bId));
      const unknown = await call(tokenOf(role), r.method, r.path, r.row.body(w, randomUUID()));
      const malformed = await call(tokenOf(role), r.method, r.path, r.row.body(w, MALFORMED));
      for (const res of [theirs, unknown, malformed]) expectProblem(res, expected, code);
      expect(stable(theirs)).toBe(stable(unknown));
      expect(stable(malformed)).toBe(stable(unknown));
      expectNothingOf(w.b, theirs);
    });

    it("provider A naming B's practice location for its own client gets 400, same as for an unknown id", async () => {
      const body = (practiceLocationId: string) => ({
        clientId: w.a.client.client.id,
        startsAt: "2026-07-02T10:00:00-04:00",
        timeZone: NY,
        durationMinutes: 53,
        modality: "in_person",
        cptCode: "90837",
        practiceLocationId,
      });
      const office = w.b.provider.practiceLocations[0]?.id ?? "";
      const theirs = await call(w.a.providerToken, "POST", "/sessions", body(office));
      const unknown = await call(w.a.providerToken, "POST", "/sessions", body(randomUUID()));
      for (const res of [theirs, unknown]) expectProblem(res, 400, "INVALID_INPUT");
      expect(stable(theirs)).toBe(stable(unknown));
      expectNothingOf(w.b, theirs);
    });

    it.each(["provider", "client"] as const)(
      "%s A replacing B's location on its own client's record gets 400, same as for an unknown id",
      async (role) => {
        const body = (replaces: string) => ({ kind: "home", state: "NY", zip: "10025", replaces });
        const path = `/clients/${w.a.client.client.id}/locations`;
        const theirs = await call(tokenOf(role), "POST", path, body(w.b.client.locations[0]?.id ?? ""));
        const unknown = await call(tokenOf(role), "POST", path, body(randomUUID()));
        const malformed = await call(tokenOf(role), "POST", path, body(MALFORMED));
        for (const res of [theirs, unknown, malformed]) expectProblem(res, 400, "INVALID_INPUT");
        expect(stable(theirs)).toBe(stable(unknown));
        expect(stable(malformed)).toBe(stable(unknown));
        expectNothingOf(w.b, theirs);
      },
    );
  });

  // -------------------------------------------------------------------------------------------

  describe("operations-only routes do not exist to providers and clients", () => {
    const cases = routesOf("ops-only").flatMap((r) =>
      ROLES.map((role) => ({
        title:
          role === "ops"
            ? `operations get ${r.row.ops} on ${r.key}`
            : r.row.id
              ? `${ROLE_NAME[role]} gets 404 for a real ${r.row.id} on ${r.key}, same as for an unknown id`
              : `${ROLE_NAME[role]} gets 404 on ${r.key}`,
        r,
        role,
      })),
    );
    it.each(titled(cases))("%s", async (_title, { r, role }) => {
      const path = fill(r.path, r.row.id ? { id: w.exportId } : {});
      if (role === "ops") {
        const res = await call(w.opsToken, r.method, path, r.row.body?.(w));
        expect(res.statusCode, res.body).toBe(r.row.ops);
        return;
      }
      if (r.row.id) {
        await expectSameAsUnknown(
          tokenOf(role),
          r.method,
          r.path,
          (f) => ({ id: f(w.exportId) }),
          r.row.body?.(w),
          404,
          "NOT_FOUND",
        );
        return;
      }
      const res = await call(tokenOf(role), r.method, path, r.row.body?.(w));
      expectProblem(res, 404, "NOT_FOUND");
      expectNothingOf(w.b, res);
    });
  });

  describe("the caller's own account, and reference data", () => {
    it.each(["provider", "client", "ops"] as const)(
      "GET /me shows the %s account its own identity only",
      async (role) => {
        const res = await call(tokenOf(role), "GET", "/me");
        expect(res.statusCode, res.body).toBe(200);
        expect(res.json<{ id: string }>().id).toBe(userOf(role));
        expectNothingOf(w.b, res);
      },
    );

    it.each(["provider", "client", "ops"] as const)(
      "POST /auth/logout ends the %s account's own login session only",
      async (role) => {
        const email =
          role === "provider" ? w.a.provider.email : role === "client" ? w.a.client.email : w.opsEmail;
        const token = await loginAs(t.app, email ?? "");
        expect((await call(token, "POST", "/auth/logout")).statusCode).toBe(204);
        expect((await call(token, "GET", "/me")).statusCode).toBe(401);
        expect((await call(tokenOf(role), "GET", "/me")).statusCode).toBe(200);
      },
    );

    it.each(
      titled(
        routesOf("reference").flatMap((r) =>
          (["provider", "client", "ops"] as const).map((role) => ({
            title: `${r.key} answers ${ROLE_NAME[role]} the same reference data, naming no one`,
            r,
            role,
          })),
        ),
      ),
    )("%s", async (_title, { r, role }) => {
      const res = await call(tokenOf(role), r.method, r.path);
      expect(res.statusCode, res.body).toBe(200);
      expectNothingOf(w.a, res);
      expectNothingOf(w.b, res);
    });
  });

  // -------------------------------------------------------------------------------------------

  describe("audit", () => {
    it("provider A reading its own client leaves an event: who, what, which record", async () => {
      const id = w.a.client.client.id;
      const before = await latestAuditId(id, w.a.provider.user!.id);
      expect((await call(w.a.providerToken, "GET", `/clients/${id}`)).statusCode).toBe(200);
      const [event] = await t.store.audit.search({ clientId: id, action: "client.read", limit: 1 });
      expect(event?.id).toBeGreaterThan(before);
      expect(event).toMatchObject({
        actorUserId: w.a.provider.user!.id,
        actorRole: "provider",
        action: "client.read",
        entity: "client",
        entityId: id,
        clientId: id,
      });
      expect(event?.ip).toBeTruthy();
    });

    it("client A reading its own record leaves an event: who, what, which record", async () => {
      const id = w.a.client.client.id;
      const before = await latestAuditId(id, w.a.client.user!.id);
      expect((await call(w.a.clientToken, "GET", `/clients/${id}`)).statusCode).toBe(200);
      const [event] = await t.store.audit.search({ clientId: id, action: "client.read", limit: 1 });
      expect(event?.id).toBeGreaterThan(before);
      expect(event).toMatchObject({
        actorUserId: w.a.client.user!.id,
        actorRole: "client",
        action: "client.read",
        entity: "client",
        entityId: id,
        clientId: id,
      });
    });

    it("client A reading its own locations leaves an event naming it", async () => {
      const id = w.a.client.client.id;
      const before = await latestAuditId(id, w.a.client.user!.id);
      expect((await call(w.a.clientToken, "GET", `/clients/${id}/locations`)).statusCode).toBe(200);
      const [event] = await t.store.audit.search({
        clientId: id,
        actorUserId: w.a.client.user!.id,
        limit: 1,
      });
      expect(event?.id).toBeGreaterThan(before);
      expect(event).toMatchObject({ action: "client_location.list", entityId: id, actorRole: "client" });
    });

    it("finds a client's list reads when the audit log is searched by client", async () => {
      const id = w.a.client.client.id;
      const list = await call(w.a.providerToken, "GET", "/clients");
      expect(list.statusCode).toBe(200);
      const events = await t.store.audit.search({ clientId: id, action: "client.list", limit: 5 });
      expect(events[0]).toMatchObject({ action: "client.list", actorUserId: w.a.provider.user!.id });
      const other = await t.store.audit.search({
        clientId: w.b.client.client.id,
        action: "client.list",
        limit: 50,
      });
      expect(other.every((e) => e.actorUserId !== w.a.provider.user!.id)).toBe(true);
    });

    it("provider A listing its referrals leaves an event naming the clients shown, and not B's", async () => {
      const id = w.a.client.client.id;
      const user = w.a.provider.user!.id;
      const before = await latestAuditId(id, user);
      const list = await call(w.a.providerToken, "GET", "/referrals?box=sent");
      expect(list.statusCode, list.body).toBe(200);
      expect(list.body).toContain(w.a.client.client.name);
      const [event] = await t.store.audit.search({ clientId: id, actorUserId: user, limit: 1 });
      expect(event?.id).toBeGreaterThan(before);
      expect(event).toMatchObject({ action: "referral.list", actorRole: "provider" });
      const other = await t.store.audit.search({
        clientId: w.b.client.client.id,
        action: "referral.list",
        actorUserId: user,
        limit: 5,
      });
      expect(other).toEqual([]);
    });

    // A repeat dismissal changes nothing but shows the alert (the client's name, session dates)
    // again: it is a read of client data, and audited as one.
    it("dismissing an alert that is already dismissed still records the read of the client data it shows", async () => {
      const id = w.a.client.client.id;
      const user = w.a.provider.user!.id;
      const first = await call(w.a.providerToken, "POST", `/alerts/${w.a.alertId}/resolve`);
      expect(first.statusCode, first.body).toBe(200);
      expect(first.body).toContain(w.a.client.client.name);
      const before = await latestAuditId(id, user);
      const again = await call(w.a.providerToken, "POST", `/alerts/${w.a.alertId}/resolve`);
      expect(again.statusCode, again.body).toBe(200);
      expect(again.body).toContain(w.a.client.client.name);
      expect(await latestAuditId(id, user)).toBeGreaterThan(before);
    });
  });
});
