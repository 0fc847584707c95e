/**
 * Demo data for an empty database: one practice whose clients show every rule of the help
 * article — the BlueCard college student, the virtual network, the client on vacation, the
 * crisis session, the client who moved — and a second provider to show that no one sees
 * another's clients. Loaded through the same use cases as real data, audited as "system".
 */
import type { Geography } from "../rules/geography.js";
import { SYSTEM } from "./actor.js";
import { createUser } from "./auth.js";
import { addLocation, createClient } from "./clients.js";
import type { Store } from "./ports.js";
import { addPracticeLocation, addProvider, saveCredential, saveLicense } from "./providers.js";

export const DEMO_PASSWORD = "stateline-demo";

export interface DemoAccount {
  readonly email: string;
  readonly role: string;
  readonly who: string;
}

const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

export async function loadDemo(store: Store, geo: Geography, today: string): Promise<DemoAccount[]> {
  const accounts: DemoAccount[] = [];
  const account = async (
    email: string,
    role: "ops" | "provider" | "client",
    who: string,
    ids: { providerId?: string; clientId?: string } = {},
  ) => {
    await createUser(store, { email, password: DEMO_PASSWORD, role, ...ids });
    accounts.push({ email, role, who });
  };
  const lic = (state: "NY" | "NJ" | "TX" | "CA", type = "LCSW") => ({
    state,
    type,
    number: null,
    status: "active" as const,
    validFrom: "2020-01-01",
    validTo: addDays(today, 700),
    telehealthOnly: false,
    source: "state_board" as const,
  });
  const cred = (
    payer: string,
    state: "NY" | "NJ" | "TX" | "CA",
    network: "standard" | "virtual" = "standard",
  ) => ({
    payer,
    state,
    network,
    status: "active" as const,
    effectiveFrom: "2024-01-01",
    effectiveTo: null,
  });

  await account("ops@stateline.test", "ops", "Operations (everything)");

  // Maya Chen, LCSW: Manhattan practice, licensed in NY, NJ and TX.
  const maya = await addProvider(store, SYSTEM, {
    name: "Maya Chen, LCSW",
    npi: "1234567893",
    taxonomy: "1041C0700X",
  });
  const m = maya.provider.id;
  for (const s of ["NY", "NJ", "TX"] as const) await saveLicense(store, SYSTEM, m, lic(s));
  // The NJ license lapses in three weeks: the header alerts about it.
  await saveLicense(store, SYSTEM, m, { ...lic("NJ"), validFrom: "2020-01-01", validTo: addDays(today, 21) });
  for (const c of [
    cred("anthem-ny", "NY"),
    cred("cigna", "NY"),
    cred("aetna", "NY"),
    cred("aetna", "NJ"),
    cred("bcbs-ma", "TX", "virtual"),
  ]) {
    await saveCredential(store, geo, SYSTEM, m, c);
  }
  await addPracticeLocation(store, geo, SYSTEM, m, {
    label: "Midtown office",
    line1: "350 Fifth Ave",
    city: "New York",
    state: "NY",
    zip: "10118",
  });
  await account("maya@stateline.test", "provider", "Maya Chen, LCSW (NY, NJ, TX)", { providerId: m });

  const loc = (
    kind: "home" | "virtual_session" | "temporary",
    state: "NY" | "NC" | "TX" | "FL" | "PA" | "NJ",
    zip: string,
    extra: { line1?: string; city?: string; label?: string; startsOn?: string; endsOn?: string } = {},
  ) => ({
    kind,
    label: extra.label ?? null,
    line1: extra.line1 ?? null,
    city: extra.city ?? null,
    state,
    zip,
    startsOn: extra.startsOn ?? null,
    endsOn: extra.endsOn ?? null,
  });
  const coverage = (payer: string, memberId: string) => ({
    payer,
    memberId,
    bluecard: null,
    effectiveFrom: "2025-01-01",
    effectiveTo: null,
  });

  // The BlueCard college student: a BCBS North Carolina member at college in Manhattan.
  const jordan = await createClient(store, geo, SYSTEM, {
    providerId: m,
    name: "Jordan Lee",
    birthDate: "2005-03-14",
    coverage: coverage("bcbs-nc", "YPB123456789"),
    location: loc("home", "NC", "27701", { label: "Family home, Durham", city: "Durham" }),
  });
  await addLocation(
    store,
    geo,
    SYSTEM,
    jordan.id,
    loc("virtual_session", "NY", "10027", {
      label: "Dorm, Columbia",
      line1: "1130 Amsterdam Ave",
      city: "New York",
    }),
  );
  await account("jordan@stateline.test", "client", "Jordan Lee, client (BlueCard student)", {
    clientId: jordan.id,
  });

  // The virtual network: a BCBS Massachusetts member living in Dallas.
  await createClient(store, geo, SYSTEM, {
    providerId: m,
    name: "Priya Patel",
    birthDate: "1990-07-02",
    coverage: coverage("bcbs-ma", "XYM555000111"),
    location: loc("home", "TX", "75201", { city: "Dallas", line1: "2200 Ross Ave" }),
  });

  // The client on vacation: Cigna, home in Manhattan, a week in Miami Beach coming up.
  const sam = await createClient(store, geo, SYSTEM, {
    providerId: m,
    name: "Sam Rivera",
    birthDate: "1984-11-20",
    coverage: coverage("cigna", "U7788990011"),
    location: loc("home", "NY", "10001", { city: "New York", line1: "408 W 34th St" }),
  });
  await addLocation(
    store,
    geo,
    SYSTEM,
    sam.id,
    loc("temporary", "FL", "33139", {
      label: "Vacation",
      city: "Miami Beach",
      line1: "1200 Ocean Dr",
      startsOn: addDays(today, 5),
      endsOn: addDays(today, 12),
    }),
  );

  // The crisis session: Cigna member who calls in crisis from a friend's place in New Jersey.
  await createClient(store, geo, SYSTEM, {
    providerId: m,
    name: "Alex Kim",
    birthDate: "1979-05-09",
    coverage: coverage("cigna", "U1122334455"),
    location: loc("home", "NY", "11201", { city: "Brooklyn", line1: "75 Henry St" }),
  });

  // The client who moved: Aetna, moved from Brooklyn to Philadelphia (where Maya is not licensed).
  const taylor = await createClient(store, geo, SYSTEM, {
    providerId: m,
    name: "Taylor Brooks",
    birthDate: "1995-01-30",
    coverage: coverage("aetna", "W123987456"),
    location: loc("home", "NY", "11215", { city: "Brooklyn" }),
  });
  const [old] = await store.clients.locations(taylor.id);
  await addLocation(store, geo, SYSTEM, taylor.id, {
    ...loc("home", "PA", "19103", { city: "Philadelphia", line1: "1601 Walnut St" }),
    replaces: old?.id ?? null,
  });

  // A second practice: Luis Ortega, PsyD, in California; Maya cannot see his clients, nor he hers.
  const luis = await addProvider(store, SYSTEM, {
    name: "Luis Ortega, PsyD",
    npi: "1993999998",
    taxonomy: "103TC0700X",
  });
  await saveLicense(store, SYSTEM, luis.provider.id, lic("CA", "PsyD"));
  await saveCredential(store, geo, SYSTEM, luis.provider.id, cred("blueshield-ca", "CA"));
  await saveCredential(store, geo, SYSTEM, luis.provider.id, cred("aetna", "CA"));
  await addPracticeLocation(store, geo, SYSTEM, luis.provider.id, {
    label: "Oakland office",
    line1: "1 Kaiser Plaza",
    city: "Oakland",
    state: "CA",
    zip: "94612",
  });
  await createClient(store, geo, SYSTEM, {
    providerId: luis.provider.id,
    name: "Casey Morgan",
    birthDate: "1988-09-12",
    coverage: coverage("anthem-ca", "ABC900100200"),
    location: loc("home", "NY", "10027", { city: "New York" }),
  });
  await account("luis@stateline.test", "provider", "Luis Ortega, PsyD (CA)", {
    providerId: luis.provider.id,
  });
  return accounts;
}
