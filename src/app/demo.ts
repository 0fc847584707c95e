/**
 * Demo data for an empty database: one practice whose clients show every rule of the help
 * article — the BlueCard college student, the virtual network, the client on vacation, the
 * crisis session, the client who moved — and a second provider to show that no one sees
 * another's clients. Loaded through the same use cases as real data, audited as "system".
 */
import type { Product } from "../contract/schema.js";
import type { Geography } from "../rules/geography.js";
import { SYSTEM } from "./actor.js";
import { recheckAll } from "./alerts/recheck.js";
import { addDays, todayOf } from "./calendar.js";
import { createUser } from "./auth.js";
import { addLocation, createClient } from "./clients.js";
import type { BillingSettings } from "./claim-files-port.js";
import type { Store } from "./ports.js";
import { addPracticeLocation, addProvider, saveCredential, saveLicense } from "./providers.js";
import { confirmSession, scheduleSession } from "./sessions.js";
import { releaseClaims, saveBillingSettings } from "./claim-files.js";

export const DEMO_PASSWORD = "stateline-demo";

/**
 * The demo platform's billing organization. The electronic payer ids are the clearinghouse's:
 * Aetna's and Cigna's are the widely published ones; the Blue plans' here are demo values
 * (operations set the real list under billing settings).
 */
export const DEMO_BILLING: Omit<BillingSettings, "updatedAt"> = {
  name: "Stateline Behavioral Health Group",
  npi: "2150000000",
  taxId: "871234567",
  taxonomy: "261QM0801X",
  address: { line1: "350 Fifth Ave", line2: "Suite 4100", city: "New York", state: "NY", zip: "10118-4100" },
  contactName: "Claims Desk",
  contactPhone: "2125550142",
  submitterId: "STATELINE",
  receiverName: "Demo Clearinghouse",
  receiverId: "DEMOCLEAR",
  fees: { "90791": 22000, "90832": 9500, "90834": 13000, "90837": 17500, "90839": 22500, "90840": 11000 },
  payerIds: {
    aetna: "60054",
    cigna: "62308",
    "anthem-ny": "DEMO803",
    "bcbs-ma": "DEMO701",
    "bcbs-nc": "DEMO560",
    // Casey Morgan's FEP plan: the sandbox does not know the member (eligibility answers AAA 75).
    "anthem-ca": "DEMO040",
  },
  // Every demo payer takes modifier 95 for video (the default); Medicare would take none.
  telehealthModifiers: {},
};

export interface DemoAccount {
  readonly email: string;
  readonly role: string;
  readonly who: string;
}

export async function loadDemo(store: Store, geo: Geography, today: string): Promise<DemoAccount[]> {
  // The demo's clock: now, or midday (UTC) of `today` when loading for another day (tests).
  const clock = new Date();
  const now = todayOf(clock) === today ? clock : new Date(`${today}T12:00:00Z`);
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
  const lic = (state: "NY" | "NJ" | "TX" | "CA" | "NV", type = "LCSW") => ({
    state,
    type,
    number: null,
    status: "active" as const,
    validFrom: "2020-01-01",
    validTo: addDays(today, 700),
    telehealthOnly: false,
    source: "state_board" as const,
    homeState: null,
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

  // Maya R. Chen, LCSW: Manhattan practice, licensed in NY, NJ and TX.
  const maya = await addProvider(store, SYSTEM, {
    firstName: "Maya",
    middleName: "R.",
    lastName: "Chen",
    credentials: "LCSW",
    npi: "1234567893",
    taxonomy: "1041C0700X",
  });
  const m = maya.provider.id;
  for (const s of ["NY", "TX"] as const) await saveLicense(store, geo, SYSTEM, m, lic(s), undefined, now);
  // The NJ license lapses in three weeks: the header alerts about it.
  await saveLicense(
    store,
    geo,
    SYSTEM,
    m,
    { ...lic("NJ"), validFrom: "2020-01-01", validTo: addDays(today, 21) },
    undefined,
    now,
  );
  for (const c of [
    cred("anthem-ny", "NY"),
    cred("cigna", "NY"),
    cred("aetna", "NY"),
    cred("aetna", "NJ"),
    cred("bcbs-ma", "TX", "virtual"),
  ]) {
    await saveCredential(store, geo, SYSTEM, m, c, undefined, now);
  }
  await addPracticeLocation(store, geo, SYSTEM, m, {
    label: "Midtown office",
    line1: "350 Fifth Ave",
    line2: "Suite 4100",
    city: "New York",
    state: "NY",
    zip: "10118-4100",
  });
  await account("maya@stateline.test", "provider", "Maya R. Chen, LCSW (NY, NJ, TX)", { providerId: m });

  const loc = (
    kind: "home" | "virtual_session" | "temporary",
    state: "NY" | "NC" | "TX" | "FL" | "PA" | "NJ",
    zip: string,
    extra: {
      line1?: string;
      line2?: string;
      city?: string;
      label?: string;
      startsOn?: string;
      endsOn?: string;
    } = {},
  ) => ({
    kind,
    label: extra.label ?? null,
    line1: extra.line1 ?? null,
    line2: extra.line2 ?? null,
    city: extra.city ?? null,
    state,
    zip,
    startsOn: extra.startsOn ?? null,
    endsOn: extra.endsOn ?? null,
  });
  const coverage = (payer: string, memberId: string, product: Product) => ({
    payer,
    memberId,
    bluecard: null,
    product,
    effectiveFrom: "2025-01-01",
    effectiveTo: null,
  });

  // The BlueCard college student: a BCBS North Carolina member at college in Manhattan.
  const jordan = await createClient(store, geo, SYSTEM, {
    providerId: m,
    name: "Jordan Lee",
    diagnosisCodes: ["F41.1"],
    birthDate: "2005-03-14",
    sex: "U",
    coverage: coverage("bcbs-nc", "YPB123456789", "ppo"),
    // A full street address: it is the subscriber address on Jordan's claims (837P loop 2010BA).
    location: loc("home", "NC", "27701", {
      label: "Family home, Durham",
      line1: "12 Duke St",
      city: "Durham",
    }),
  });
  await addLocation(
    store,
    geo,
    SYSTEM,
    jordan.id,
    loc("virtual_session", "NY", "10027-6902", {
      label: "Dorm, Columbia",
      line1: "1130 Amsterdam Ave",
      line2: "Room 412",
      city: "New York",
    }),
    now,
  );
  // Spring break with a friend in Rochester: Excellus territory, where Maya holds no Blue
  // credential, so New York depends on where (Manhattan: BlueCard via Anthem; Rochester: not).
  await addLocation(
    store,
    geo,
    SYSTEM,
    jordan.id,
    loc("temporary", "NY", "14607", {
      label: "Spring break, Rochester",
      line1: "25 Prince St",
      city: "Rochester",
      startsOn: addDays(today, 18),
      endsOn: addDays(today, 24),
    }),
    now,
  );
  await account("jordan@stateline.test", "client", "Jordan Lee, client (BlueCard student)", {
    clientId: jordan.id,
  });

  // The virtual network: a BCBS Massachusetts member living in Dallas.
  await createClient(store, geo, SYSTEM, {
    providerId: m,
    name: "Priya Patel",
    diagnosisCodes: ["F33.1"],
    birthDate: "1990-07-02",
    sex: "F",
    coverage: coverage("bcbs-ma", "XYM555000111", "ppo"),
    location: loc("home", "TX", "75201", { city: "Dallas", line1: "2200 Ross Ave", line2: "Apt 1804" }),
  });

  // The client on vacation: Cigna HMO, home in Manhattan, a week in Miami Beach coming up.
  const sam = await createClient(store, geo, SYSTEM, {
    providerId: m,
    name: "Sam Rivera",
    diagnosisCodes: ["F43.23"],
    birthDate: "1984-11-20",
    sex: "M",
    coverage: coverage("cigna", "U7788990011", "hmo"),
    location: loc("home", "NY", "10001-2409", { city: "New York", line1: "408 W 34th St", line2: "Apt 5C" }),
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
    now,
  );

  // The crisis session: Cigna member who calls in crisis from a friend's place in New Jersey.
  await createClient(store, geo, SYSTEM, {
    providerId: m,
    name: "Alex Kim",
    diagnosisCodes: ["F43.10", "F32.1"],
    birthDate: "1979-05-09",
    sex: "M",
    coverage: coverage("cigna", "U1122334455", "ppo"),
    location: loc("home", "NY", "11201", { city: "Brooklyn", line1: "75 Henry St" }),
  });

  // The client who moved: Aetna, moved from Brooklyn to Philadelphia (where Maya is not licensed).
  const taylor = await createClient(store, geo, SYSTEM, {
    providerId: m,
    name: "Taylor Brooks",
    diagnosisCodes: ["F41.0"],
    birthDate: "1995-01-30",
    sex: "F",
    coverage: coverage("aetna", "W123987456", "pos"),
    location: loc("home", "NY", "11215", { city: "Brooklyn" }),
  });
  const [old] = await store.clients.locations(taylor.id);
  await addLocation(
    store,
    geo,
    SYSTEM,
    taylor.id,
    {
      ...loc("home", "PA", "19103", { city: "Philadelphia", line1: "1601 Walnut St" }),
      replaces: old?.id ?? null,
    },
    now,
  );

  // A second practice: Luis A. Ortega Jr., PsyD, in California; Maya cannot see his clients, nor he hers.
  // California is in no compact, so his PSYPACT telehealth privilege (for Arizona) rests on his
  // Nevada license: both states are PSYPACT members and the Nevada license is active.
  const luis = await addProvider(store, SYSTEM, {
    firstName: "Luis",
    middleName: "A.",
    lastName: "Ortega",
    suffix: "Jr.",
    credentials: "PsyD",
    npi: "1993999998",
    taxonomy: "103TC0700X",
  });
  for (const s of ["CA", "NV"] as const)
    await saveLicense(store, geo, SYSTEM, luis.provider.id, lic(s, "PsyD"), undefined, now);
  await saveLicense(
    store,
    geo,
    SYSTEM,
    luis.provider.id,
    { ...lic("NV", "PsyD"), state: "AZ", telehealthOnly: true, source: "PSYPACT", homeState: "NV" },
    undefined,
    now,
  );
  for (const c of [cred("blueshield-ca", "CA"), cred("aetna", "CA")]) {
    await saveCredential(store, geo, SYSTEM, luis.provider.id, c, undefined, now);
  }
  await addPracticeLocation(store, geo, SYSTEM, luis.provider.id, {
    label: "Oakland office",
    line1: "1 Kaiser Plaza",
    line2: "Suite 600",
    city: "Oakland",
    state: "CA",
    zip: "94612",
  });
  // A federal employee (Blue Cross Federal Employee Program, through Anthem in California).
  await createClient(store, geo, SYSTEM, {
    providerId: luis.provider.id,
    name: "Casey Morgan",
    diagnosisCodes: ["F90.0"],
    birthDate: "1988-09-12",
    sex: "F",
    coverage: coverage("anthem-ca", "R90010020", "fep"),
    location: loc("home", "NY", "10027", { city: "New York" }),
  });
  await account("luis@stateline.test", "provider", "Luis A. Ortega Jr., PsyD (CA, NV; PSYPACT for AZ)", {
    providerId: luis.provider.id,
  });

  // Upcoming video sessions with Sam: from home (billable), and from his Miami Beach trip (at
  // risk: Maya holds no Florida license). 10:00 or 11:00 in New York.
  const video = (clientId: string, inDays: number) => demoVideo(clientId, addDays(today, inDays));
  for (const s of [video(sam.id, 2), video(sam.id, 7)]) {
    await scheduleSession(store, SYSTEM, s, now, geo);
  }

  // The platform's billing organization, so that claims can be written as files.
  await saveBillingSettings(store, geo, SYSTEM, DEMO_BILLING);

  // Past sessions. Jordan's video session yesterday from the dorm waits for Maya to confirm it
  // (BlueCard: billed to the New York plan local to Columbia). Sam's session last week is
  // confirmed; its claim's hold is over, so it is ready to export.
  const earlier = new Date(now.getTime() - 10 * 86_400_000);
  await scheduleSession(store, SYSTEM, video(jordan.id, -1), earlier, geo);
  const samLastWeek = await scheduleSession(store, SYSTEM, video(sam.id, -7), earlier, geo);
  const samHome = (await store.clients.locations(sam.id)).find((l) => l.kind === "home");
  await confirmSession(
    store,
    geo,
    SYSTEM,
    samLastWeek.id,
    { clientLocationId: samHome?.id ?? null },
    new Date(now.getTime() - 6 * 86_400_000),
  );
  await releaseClaims(store, now);
  // And Jordan's next sessions, which Jordan sees in their own account: one from the dorm, one
  // during the Rochester trip (at risk).
  await scheduleSession(store, SYSTEM, video(jordan.id, 3), now, geo);
  await scheduleSession(store, SYSTEM, video(jordan.id, 20), now, geo);

  // Everything re-checked once, as the daily re-check would: the header shows the alerts.
  await recheckAll(store, geo, today, { now });
  return accounts;
}

/** The demo's video sessions: an hour's therapy (90837) at 10:00 or 11:00 in New York on `day`. */
const demoVideo = (clientId: string, day: string) => ({
  clientId,
  startsAt: `${day}T15:00:00Z`,
  timeZone: "America/New_York",
  durationMinutes: 53,
  modality: "telehealth" as const,
  cptCode: "90837",
  crisis: false,
  practiceLocationId: null,
});

/**
 * A month of Sam Rivera's weekly sessions before last week's, each confirmed the next day, their
 * claims ready: what `npm start` sends the sandbox clearinghouse with last week's claim, so that
 * its remittance pays one in full, pays two in part (a co-pay, a deductible) and denies one, and
 * the Remittances and Denials pages have something to show. Kept apart from `loadDemo`, whose
 * one ready claim the tests rely on.
 */
export async function loadDemoBillingHistory(store: Store, geo: Geography, today: string): Promise<number> {
  const sam = (await store.clients.list(null)).find((c) => c.name === "Sam Rivera");
  const home = sam ? (await store.clients.locations(sam.id)).find((l) => l.kind === "home") : undefined;
  if (!sam || !home) return 0;
  const now = new Date(`${today}T12:00:00Z`);
  const day = 86_400_000;
  for (const weeksAgo of [5, 4, 3, 2]) {
    const s = demoVideo(sam.id, addDays(today, -7 * weeksAgo));
    const session = await scheduleSession(
      store,
      SYSTEM,
      s,
      new Date(now.getTime() - (7 * weeksAgo + 3) * day),
      geo,
    );
    await confirmSession(
      store,
      geo,
      SYSTEM,
      session.id,
      { clientLocationId: home.id },
      new Date(new Date(s.startsAt).getTime() + day),
    );
  }
  return releaseClaims(store, now);
}
