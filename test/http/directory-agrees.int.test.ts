/**
 * The directory is exactly the engine's answer: on generated providers (licenses, compact
 * privileges, NLC and telehealth-only entries, lapsed and future dates, national payers, Optum
 * for UnitedHealthcare, Blue plans in and out of their areas, virtual networks, FEP), every
 * query walked page by page names the providers `decide` calls billable there — no more, no
 * fewer — each once, by the same route to the same payer with the same license and credential;
 * and again after some providers' credentials end and listings change, with the files the server
 * read the first time still held. And the reach rows the database builds are the ones
 * `reachRows` defines.
 *
 * DIRECTORY_RUNS (default 200) sets the number of queries, in populations of 25 queries each (not
 * FC_RUNS: each query compares a whole generated population, so CI's 1,500 would take minutes).
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM } from "../../src/app/actor.js";
import { refreshReach, searchDirectory, type DirectoryEntry } from "../../src/app/directory.js";
import { reachRows } from "../../src/app/directory-reach.js";
import { AppError } from "../../src/app/errors.js";
import type { Credential, License, ProviderFile } from "../../src/app/model.js";
import { engineProvider } from "../../src/app/placement.js";
import { COMPACT_SOURCES, PRODUCTS, type CaseInput, type CoverageInput } from "../../src/contract/schema.js";
import type { StateCode } from "../../src/contract/states.js";
import { loadReference } from "../../src/reference/catalogue.js";
import { decide } from "../../src/rules/decide.js";
import type { Decision } from "../../src/rules/decision.js";
import { anNpi, startApp, type DbKind, type TestApp } from "../support/app.js";

const RUNS = Number(process.env.DIRECTORY_RUNS ?? 200);
const QUERIES = 25;
const POPULATIONS = Math.max(2, Math.ceil(RUNS / QUERIES));

/** Places with every kind of map answer: single-plan states, split states, ZIP-less queries. */
const PLACES: [StateCode, string | undefined][] = [
  ["NY", "10027"],
  ["NY", "14604"],
  ["NY", "14202"],
  ["NY", undefined],
  ["NJ", "07030"],
  ["PA", "19103"],
  ["PA", "17101"],
  ["PA", undefined],
  ["VA", "22201"],
  ["VA", undefined],
  ["MO", "64106"],
  ["KS", "66101"],
  ["CO", "80202"],
  ["TX", "75201"],
  ["NY", "07030"], // a ZIP of another state: refused, and the engine agrees it is incomplete
];
const STATES = [...new Set(PLACES.map(([s]) => s))];
const day = fc
  .integer({ min: 0, max: 6 * 365 })
  .map((n) => new Date(Date.UTC(2023, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
const between = (from: number, to: number) =>
  fc
    .integer({ min: Date.UTC(from, 0, 1) / 86_400_000, max: Date.UTC(to, 11, 31) / 86_400_000 })
    .map((n) => new Date(n * 86_400_000).toISOString().slice(0, 10));
/** Mostly long spans around the queries' dates; some lapsed, some not yet begun, some random. */
const span = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      from: fc.option(between(2018, 2023), { nil: null }),
      to: fc.option(between(2026, 2031), { nil: null }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      from: fc.option(between(2018, 2022), { nil: null }),
      to: fc.option(between(2023, 2026), { nil: null }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      from: fc.option(between(2025, 2028), { nil: null }),
      to: fc.option(between(2026, 2031), { nil: null }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ from: fc.option(day, { nil: null }), to: fc.option(day, { nil: null }) }),
  },
);
const HOME_PLANS = [
  "anthem-ny",
  "excellus-ny",
  "highmark-wny",
  "bcbs-il",
  "horizon-nj",
  "ibx-pa",
  "bcbs-kc",
  "bcbs-ks",
  "anthem-mo",
  "carefirst",
  "anthem-va",
];
const PAYERS = ["aetna", "cigna", "uhc", "optum", "medicare", ...HOME_PLANS];
const TYPES = ["LCSW", "LPC", "PsyD", "LMFT"];

type LicenseFields = Omit<License, "id" | "providerId">;
type CredentialFields = Omit<Credential, "id" | "providerId">;

const ordered = <T extends { dates: { from: string | null; to: string | null } }>(x: T) => {
  const { from, to } = x.dates;
  return from !== null && to !== null && from > to ? { ...x, from: to, to: from } : { ...x, from, to };
};

/** Most providers practise in a few busy states, as the queries ask about. */
const busyState = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom<StateCode>("NY", "PA", "NJ", "VA") },
  { weight: 1, arbitrary: fc.constantFrom(...STATES) },
);

const licenseArb: fc.Arbitrary<LicenseFields> = fc
  .record({
    state: busyState,
    type: fc.constantFrom(...TYPES),
    status: fc.constantFrom(
      "active",
      "active",
      "active",
      "active",
      "active",
      "probation",
      "expired",
      "suspended",
    ),
    dates: span,
    telehealthOnly: fc.constantFrom(false, false, false, true),
    source: fc.constantFrom(
      "state_board",
      "state_board",
      "state_board",
      "state_board",
      "PSYPACT",
      "counseling_compact",
      "NLC",
      "IMLC",
    ),
    home: fc.constantFrom(...STATES),
  })
  .map(ordered)
  .map((l) => {
    const compact = (COMPACT_SOURCES as readonly string[]).includes(l.source);
    return {
      state: l.state,
      type: l.source === "PSYPACT" ? "PsyD" : l.type,
      number: null,
      status: l.status,
      validFrom: l.from,
      validTo: l.to,
      telehealthOnly: l.telehealthOnly,
      source: l.source,
      homeState: compact && l.home !== l.state ? l.home : null,
    };
  });

const credentialArb: fc.Arbitrary<CredentialFields> = fc
  .record({
    state: fc.constantFrom(...STATES),
    payer: fc.constantFrom(...PAYERS),
    network: fc.constantFrom("standard", "standard", "standard", "virtual"),
    status: fc.constantFrom("active", "active", "active", "active", "pending", "terminated"),
    dates: span,
  })
  .map(ordered)
  .map((c) => ({
    payer: c.payer,
    state: c.state,
    network: c.network,
    status: c.status,
    effectiveFrom: c.from,
    effectiveTo: c.to,
  }));

/** The Blue plans local somewhere in each state: the credentials real providers there hold. */
const geography = loadReference();
const LOCAL = new Map(STATES.map((s) => [s, [...new Set(geography.zonesOf(s).flatMap((z) => z.plans))]]));

/** Mostly credentials where the provider is licensed, with payers that pay there. */
const providerArb = fc.array(licenseArb, { minLength: 1, maxLength: 6 }).chain((licenses) => {
  const where = [...new Set(licenses.map((l) => l.state))];
  const near = credentialArb.chain((c) =>
    fc.record({ state: fc.constantFrom(...where), local: fc.boolean() }).chain(({ state, local }) => {
      const blues = LOCAL.get(state) ?? [];
      const payers = local && blues.length > 0 ? blues : ["aetna", "cigna", "uhc", "optum", ...HOME_PLANS];
      return fc.constantFrom(...payers).map((payer) => ({ ...c, state, payer }));
    }),
  );
  return fc.record({
    licenses: fc.constant(licenses),
    credentials: fc.array(fc.oneof({ weight: 4, arbitrary: near }, { weight: 1, arbitrary: credentialArb }), {
      minLength: 2,
      maxLength: 14,
      size: "medium",
    }),
    accepting: fc.boolean(),
  });
});

/** A filter given in one query of five. */
const sometimes = <T>(a: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: a });

const queryArb = fc.record({
  payer: fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom("aetna", "cigna", "uhc", "optum") },
    { weight: 2, arbitrary: fc.constantFrom(...PAYERS) },
  ),
  product: fc.option(fc.constantFrom(...PRODUCTS), { nil: undefined, freq: 2 }),
  bluecard: sometimes(fc.boolean()),
  place: fc.constantFrom(...PLACES),
  date: between(2024, 2027),
  modality: fc.constantFrom("telehealth" as const, "in_person" as const),
  licenseType: sometimes(fc.constantFrom(...TYPES)),
  acceptingNew: sometimes(fc.constant(true)),
  limit: fc.integer({ min: 1, max: 7 }),
  /** Half the queries ask about a payer and state some provider holds a credential for. */
  anchor: fc.option(fc.nat(), { nil: undefined, freq: 2 }),
});

type Query = typeof queryArb extends fc.Arbitrary<infer Q> ? Q : never;

/** A query about the payer and state of one of the population's credentials, when anchored. */
function anchored(q: Query, population: readonly { credentials: readonly CredentialFields[] }[]): Query {
  if (q.anchor === undefined) return q;
  const creds = population.flatMap((p) => p.credentials);
  const c = creds[q.anchor % Math.max(creds.length, 1)];
  const place = PLACES.find(([s, zip]) => s === c?.state && zip !== undefined) ?? q.place;
  return c ? { ...q, payer: c.payer, place } : q;
}

/** What the engine says, provider by provider. */
function expected(
  files: readonly ProviderFile[],
  accepting: ReadonlyMap<string, boolean>,
  q: Query,
  geo: TestApp["geo"],
) {
  const coverage: CoverageInput = {
    payer: q.payer,
    ...(q.product ? { product: q.product } : {}),
    ...(q.bluecard !== undefined ? { bluecard: q.bluecard } : {}),
  };
  const [state, zip] = q.place;
  const out = new Map<string, Decision>();
  const all: Decision[] = [];
  for (const f of files) {
    const c: CaseInput = {
      provider: engineProvider(f),
      client: { coverage },
      session: { date: q.date, modality: q.modality, clientLocation: zip ? { state, zip } : { state } },
    };
    const d = decide(c, geo);
    all.push(d);
    if (d.outcome !== "billable") continue;
    if (q.licenseType !== undefined && d.license?.type !== q.licenseType) continue;
    if (q.acceptingNew && !accepting.get(f.provider.id)) continue;
    out.set(f.provider.id, d);
  }
  return { billable: out, all };
}

describe.each<DbKind>(["pglite", "postgres"])("the directory agrees with the engine on %s", (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp(kind);
  });
  afterAll(async () => {
    await t.close();
  });

  it(`names exactly the providers decide calls billable (${POPULATIONS} populations × ${QUERIES} queries)`, async () => {
    let queries = 0;
    let hits = 0; // queries that found someone
    await fc.assert(
      fc.asyncProperty(
        fc.array(providerArb, { minLength: 20, maxLength: 40 }),
        fc.array(queryArb, { minLength: QUERIES, maxLength: QUERIES }),
        async (population, qs) => {
          await t.db.exec(
            "delete from directory_reach; delete from directory_files; delete from licenses; delete from credentials; delete from providers;",
          );
          const ids: string[] = [];
          const accepting = new Map<string, boolean>();
          for (const [i, p] of population.entries()) {
            const provider = await t.store.providers.add({
              firstName: "Pat",
              middleName: null,
              lastName: `Provider ${String(i).padStart(2, "0")}`,
              suffix: null,
              credentials: null,
              npi: anNpi(),
              taxonomy: "1041C0700X",
            });
            for (const l of p.licenses) await t.store.providers.addLicense(provider.id, l);
            for (const c of p.credentials) await t.store.providers.addCredential(provider.id, c);
            if (!p.accepting) await t.store.directory.setAccepting(provider.id, false);
            accepting.set(provider.id, p.accepting);
            ids.push(provider.id);
          }
          await refreshReach(t.store, ids);
          const filesNow = async () => {
            const files: ProviderFile[] = [];
            for (const id of ids) {
              const f = await t.store.providers.file(id);
              if (!f) throw new Error("provider file missing");
              files.push(f);
              // The database's rows are the ones the definition gives.
              expect(await t.store.directory.rows(id)).toEqual(reachRows(f));
            }
            return files;
          };

          // Every query walked page by page, against the engine over the files as they are now.
          const searchAll = async (files: readonly ProviderFile[]) => {
            for (const raw of qs) {
              queries++;
              const q = anchored(raw, population);
              const { billable, all } = expected(files, accepting, q, t.geo);
              const [state, zip] = q.place;
              const seen = new Map<string, DirectoryEntry>();
              let cursor: string | undefined;
              let pages = 0;
              try {
                do {
                  const page = await searchDirectory(t.store, t.geo, SYSTEM, {
                    payer: q.payer,
                    product: q.product,
                    bluecard: q.bluecard,
                    state,
                    zip,
                    date: q.date,
                    modality: q.modality,
                    licenseType: q.licenseType,
                    acceptingNew: q.acceptingNew,
                    limit: q.limit,
                    cursor,
                  });
                  expect(page.items.length).toBeLessThanOrEqual(q.limit);
                  for (const e of page.items) {
                    expect(seen.has(e.provider.id), "a provider on two pages").toBe(false);
                    seen.set(e.provider.id, e);
                  }
                  cursor = page.next ?? undefined;
                  pages++;
                } while (cursor !== undefined && pages < 100);
              } catch (e) {
                // A ZIP outside the state: refused, and the engine calls no one billable there.
                expect(e).toBeInstanceOf(AppError);
                expect((e as AppError).code).toBe("INVALID_INPUT");
                expect(all.every((d) => d.outcome === "incomplete")).toBe(true);
                continue;
              }
              expect([...seen.keys()].sort()).toEqual([...billable.keys()].sort());
              if (billable.size > 0) hits++;
              for (const [id, d] of billable) {
                const e = seen.get(id);
                expect({ basis: e?.basis, billTo: e?.billTo, accepting: e?.acceptingNewClients }).toEqual({
                  basis: d.basis,
                  billTo: d.billTo,
                  accepting: accepting.get(id),
                });
                expect(e?.license && { state: e.license.state, type: e.license.type }).toEqual(d.license);
                expect(
                  e?.credential && {
                    payer: e.credential.payer,
                    state: e.credential.state,
                    network: e.credential.network,
                  },
                ).toEqual(d.credential);
              }
            }
          };
          await searchAll(await filesNow());

          // Then the population changes, as the server holds the files the searches read
          // (directory-file-cache.ts): a third of the providers lose their first credential,
          // a quarter change their listing. The same searches must follow.
          for (const [i, id] of ids.entries()) {
            if (i % 3 === 0) {
              const first = (await t.store.providers.file(id))?.credentials[0];
              if (first)
                await t.store.providers.updateCredential(first.id, { ...first, status: "terminated" });
            }
            if (i % 4 === 1) {
              accepting.set(id, !accepting.get(id));
              await t.store.directory.setAccepting(id, accepting.get(id) ?? true);
            }
          }
          await refreshReach(t.store, ids);
          await searchAll(await filesNow());
        },
      ),
      { numRuns: POPULATIONS },
    );
    // The data must exercise the directory: many queries find someone (a fifth, typically; a
    // tenth at the least, whatever the seed: 8 × 25 queries found someone 40 times in one run).
    expect(queries).toBe(POPULATIONS * QUERIES * 2);
    expect(hits).toBeGreaterThan(queries / 10);
  }, 600_000);
});
