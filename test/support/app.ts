/**
 * A real server on a real database for HTTP tests: PGlite in memory, or a fresh database on the
 * PostgreSQL server (created per call, dropped on close, so test files never see each other's
 * rows). Seeding goes through the store, accounts through `createUser`, sign-in through the API.
 */
import "./env.js";
import { randomBytes } from "node:crypto";
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import pg from "pg";
import { createUser } from "../../src/app/auth.js";
import type {
  Client,
  ClientLocation,
  Coverage,
  Credential,
  License,
  PracticeLocation,
  Provider,
  Sex,
  User,
} from "../../src/app/model.js";
import type { NewLocation, Store } from "../../src/app/ports.js";
import type { NewSession } from "../../src/app/sessions-port.js";
import type { PersonName } from "../../src/app/names.js";
import { validNpi } from "../../src/formats/npi.js";
import type { ServerDeps } from "../../src/http/context.js";
import { buildServer } from "../../src/http/server.js";
import { loadReference, type Reference } from "../../src/reference/catalogue.js";
import type { StateCode } from "../../src/contract/states.js";
import { connect, migrate, type Db } from "../../src/store/db.js";
import { rememberLogins } from "../../src/store/login-cache.js";
import { createStore } from "../../src/store/store.js";

export type DbKind = "pglite" | "postgres";

/** The server's maintenance database; each test app gets its own database next to it. */
export const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

export const PASSWORD = "correct-horse-battery";

export interface TestApp {
  readonly kind: DbKind;
  readonly app: FastifyInstance;
  readonly db: Db;
  readonly store: Store;
  readonly geo: Reference;
  /** The database's URL on the PostgreSQL server (undefined on PGlite). */
  readonly url: string | undefined;
  /** A second server on the same database (on PostgreSQL with its own connection pool). */
  another(): Promise<FastifyInstance>;
  close(): Promise<void>;
}

let reference: Reference | undefined;
const geography = () => (reference ??= loadReference());

export async function startApp(
  kind: DbKind,
  options: { now?: () => Date; deps?: Partial<Omit<ServerDeps, "store" | "geo">> } = {},
): Promise<TestApp> {
  const geo = geography();
  const deps = (store: Store): ServerDeps => ({
    ...options.deps,
    store,
    geo,
    ...(options.now ? { now: options.now } : {}),
  });
  const closers: (() => Promise<void>)[] = [];

  let db: Db;
  let url: string | undefined;
  if (kind === "pglite") {
    db = await connect({ dataDir: "memory" });
  } else {
    const name = `stateline_t_${randomBytes(6).toString("hex")}`;
    await admin(`create database ${name}`);
    closers.push(() => admin(`drop database if exists ${name} with (force)`));
    const u = new URL(POSTGRES_URL);
    u.pathname = `/${name}`;
    url = u.toString();
    db = await connect({ url });
  }
  closers.unshift(() => db.close());
  await migrate(db);
  // As `stateline serve` runs: sign-ins remembered, kept true by the database's messages.
  const store = createStore(db.kysely, { logins: await rememberLogins(db) });
  const app = await buildServer(deps(store));
  closers.unshift(() => app.close());

  return {
    kind,
    app,
    db,
    store,
    geo,
    url,
    async another() {
      let other = store;
      if (url) {
        const second = await connect({ url });
        closers.unshift(() => second.close());
        other = createStore(second.kysely, { logins: await rememberLogins(second) });
      }
      const server = await buildServer(deps(other));
      closers.unshift(() => server.close());
      return server;
    },
    async close() {
      for (const close of closers.splice(0)) await close();
    },
  };
}

/** Runs one statement on the server's maintenance database (create and drop test databases). */
export async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------------------------
// Seeding.

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}${randomBytes(2).toString("hex")}`;

/** A fresh valid NPI (10 digits, CMS check digit), unique enough for one test database. */
export function anNpi(): string {
  const body = `1${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;
  for (let d = 0; d < 10; d++) if (validNpi(`${body}${d}`)) return `${body}${d}`;
  throw new Error("no check digit");
}

type LicenseSeed = Partial<Omit<License, "id" | "providerId">> & { state: StateCode };
type CredentialSeed = Partial<Omit<Credential, "id" | "providerId">> & { payer: string; state: StateCode };
type PracticeSeed = Partial<Omit<PracticeLocation, "id" | "providerId">> & { state: StateCode; zip: string };

/** Realistic provider names with credentials, handed out in turn when a test names none. */
const PROVIDER_NAMES = [
  "Dana K. Whitfield, LPC",
  "Omar Haddad, LMFT",
  "Grace Liu, PsyD",
  "Ethan J. Brooks, LCSW",
  "Nadia Petrov, MD, MPH",
  "Samuel Okafor Jr., LMHC",
];

/**
 * "Maya R. Chen, LCSW" in parts: credentials after the first comma, a trailing Jr/Sr/II/III/IV
 * as the suffix, the first word as the first name, the last as the last name, any between the
 * middle name (as the migration splits names it finds).
 */
export function nameParts(text: string): PersonName {
  const comma = text.indexOf(",");
  const words = (comma < 0 ? text : text.slice(0, comma)).trim().split(/\s+/);
  const credentials = comma < 0 ? null : text.slice(comma + 1).trim() || null;
  const suffix =
    words.length >= 3 && /^(jr|sr|ii|iii|iv|v)\.?$/i.test(words.at(-1) ?? "") ? (words.pop() ?? null) : null;
  const lastName = words.pop() ?? "";
  const firstName = words.shift() ?? "";
  return { firstName, middleName: words.join(" ") || null, lastName, suffix, credentials };
}

export interface ProviderSeed {
  /** "Maya R. Chen, LCSW" (split by `nameParts`) or the parts; a realistic name when left out. */
  readonly name?: string | PersonName;
  /** Creates a provider account with this email (else one is made up); `null`: no account. */
  readonly email?: string | null;
  readonly licenses?: readonly LicenseSeed[];
  readonly credentials?: readonly CredentialSeed[];
  readonly practiceLocations?: readonly PracticeSeed[];
}

export interface SeededProvider {
  readonly provider: Provider;
  readonly licenses: License[];
  readonly credentials: Credential[];
  readonly practiceLocations: PracticeLocation[];
  readonly user: User | null;
  readonly email: string;
  readonly password: string;
}

/** A provider with licenses (active since 2020 to 2030 unless said), credentials (active since 2024) and offices. */
export async function seedProvider(store: Store, seed: ProviderSeed = {}): Promise<SeededProvider> {
  const name = seed.name ?? PROVIDER_NAMES[counter++ % PROVIDER_NAMES.length] ?? "Dana Whitfield, LPC";
  const provider = await store.providers.add({
    ...(typeof name === "string" ? nameParts(name) : name),
    npi: anNpi(),
    taxonomy: "1041C0700X",
  });
  const licenses: License[] = [];
  for (const l of seed.licenses ?? []) {
    licenses.push(
      await store.providers.addLicense(provider.id, {
        type: "LCSW",
        number: null,
        status: "active",
        validFrom: "2020-01-01",
        validTo: "2030-12-31",
        telehealthOnly: false,
        source: "state_board",
        ...l,
      }),
    );
  }
  const credentials: Credential[] = [];
  for (const c of seed.credentials ?? []) {
    credentials.push(
      await store.providers.addCredential(provider.id, {
        network: "standard",
        status: "active",
        effectiveFrom: "2024-01-01",
        effectiveTo: null,
        ...c,
      }),
    );
  }
  const practiceLocations: PracticeLocation[] = [];
  for (const p of seed.practiceLocations ?? []) {
    practiceLocations.push(
      await store.providers.addPracticeLocation(provider.id, {
        label: "Office",
        line1: "1 Main St",
        line2: null,
        city: null,
        ...p,
      }),
    );
  }
  const email = seed.email ?? `provider-${unique()}@stateline.test`;
  const user =
    seed.email === null
      ? null
      : await createUser(store, { email, password: PASSWORD, role: "provider", providerId: provider.id });
  return { provider, licenses, credentials, practiceLocations, user, email, password: PASSWORD };
}

type LocationSeed = Partial<NewLocation> & { state: StateCode };

export interface ClientSeed {
  readonly providerId: string;
  readonly name?: string;
  readonly birthDate?: string | null;
  /** F, M or U (the default). */
  readonly sex?: Sex;
  readonly diagnosisCodes?: readonly string[];
  readonly coverage: Partial<Omit<Coverage, "id" | "clientId">> & { payer: string };
  readonly locations?: readonly LocationSeed[];
  /** Creates a client account with this email; absent or `null`: no account. */
  readonly email?: string | null;
}

export interface SeededClient {
  readonly client: Client;
  readonly coverage: Coverage;
  readonly locations: ClientLocation[];
  readonly user: User | null;
  readonly email: string | null;
  readonly password: string;
}

/** A client with coverage (in force from 2025, no end unless said) and locations (home unless said). */
export async function seedClient(store: Store, seed: ClientSeed): Promise<SeededClient> {
  const client = await store.clients.add({
    providerId: seed.providerId,
    name: seed.name ?? `Client ${unique()}`,
    birthDate: seed.birthDate ?? null,
    sex: seed.sex ?? "U",
    diagnosisCodes: seed.diagnosisCodes ?? ["F411"],
  });
  const coverage = await store.clients.setCoverage(client.id, {
    memberId: null,
    bluecard: null,
    effectiveFrom: "2025-01-01",
    effectiveTo: null,
    ...seed.coverage,
  });
  const locations: ClientLocation[] = [];
  for (const l of seed.locations ?? []) {
    locations.push(
      await store.clients.addLocation(
        client.id,
        {
          kind: "home",
          label: null,
          line1: null,
          line2: null,
          city: null,
          zip: null,
          startsOn: null,
          endsOn: null,
          ...l,
        },
        null,
      ),
    );
  }
  const email = seed.email ?? null;
  const user = email
    ? await createUser(store, { email, password: PASSWORD, role: "client", clientId: client.id })
    : null;
  return { client, coverage, locations, user, email, password: PASSWORD };
}

/** An operations account. */
export async function seedOps(store: Store, email = `ops-${unique()}@stateline.test`) {
  const user = await createUser(store, { email, password: PASSWORD, role: "ops" });
  return { user, email, password: PASSWORD };
}

// ---------------------------------------------------------------------------------------------
// Requests.

/** Signs in through the API; the bearer token. */
export async function loginAs(app: FastifyInstance, email: string, password = PASSWORD): Promise<string> {
  const res = await app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`login ${email}: ${res.statusCode} ${res.body}`);
  return res.json<{ token: string }>().token;
}

/** `app.inject` as someone: `call(token)("POST", "/api/v1/…", body, headers)`. */
export function as(app: FastifyInstance, token: string) {
  return (
    method: InjectOptions["method"],
    url: string,
    payload?: unknown,
    headers: Record<string, string> = {},
  ): Promise<LightMyRequestResponse> =>
    app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}`, ...headers },
      ...(payload === undefined ? {} : { payload: payload as InjectOptions["payload"] }),
    });
}

/**
 * A 53-minute video session (CPT 90837) of the provider with the client, on 10 June 2026 at
 * `startsAt` in `timeZone`; `over` changes what a test cares about.
 */
export function aVideoSession(
  provider: SeededProvider,
  client: SeededClient,
  startsAt: string,
  timeZone: string,
  over: Partial<NewSession> = {},
): NewSession {
  return {
    providerId: provider.provider.id,
    clientId: client.client.id,
    startsAt: new Date(startsAt),
    timeZone,
    serviceDate: startsAt.slice(0, 10),
    durationMinutes: 53,
    modality: "telehealth",
    cptCode: "90837",
    crisis: false,
    practiceLocationId: null,
    ...over,
  };
}
