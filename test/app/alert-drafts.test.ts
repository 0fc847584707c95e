/**
 * The re-check's pure step (src/app/alerts/draft.ts) on the made-up map: a session decided as
 * confirming would decide it, and the alerts its problems draft — no database. The re-check's
 * store side (opening, refreshing, clearing) is test/http/alerts.int.test.ts.
 */
import { describe, expect, it } from "vitest";
import { checkSession, expiryDrafts, riskDrafts, type ClientData } from "../../src/app/alerts/draft.js";
import type { Credential, License, ProviderFile } from "../../src/app/model.js";
import type { Session } from "../../src/app/sessions-model.js";
import { fakeGeography as geo } from "../support/fake-geography.js";

const TODAY = "2026-12-04";
const PROVIDER = "00000000-0000-4000-8000-000000000001";
const CLIENT = "00000000-0000-4000-8000-000000000002";

const nyLicense = (over: Partial<License> = {}): License => ({
  id: "lic-ny",
  providerId: PROVIDER,
  state: "NY",
  type: "LCSW",
  number: "123",
  status: "active",
  validFrom: "2020-01-01",
  validTo: null,
  telehealthOnly: false,
  source: "state_board",
  homeState: null,
  ...over,
});

const aetnaNy = (over: Partial<Credential> = {}): Credential => ({
  id: "cred-aetna",
  providerId: PROVIDER,
  payer: "aetna",
  state: "NY",
  network: "standard",
  status: "active",
  effectiveFrom: "2020-01-01",
  effectiveTo: null,
  ...over,
});

const file = (licenses: License[], credentials: Credential[]): ProviderFile => ({
  provider: {
    id: PROVIDER,
    name: "Maya Chen, LCSW",
    firstName: "Maya",
    middleName: null,
    lastName: "Chen",
    suffix: null,
    credentials: "LCSW",
    npi: "1234567893",
    taxonomy: "1041C0700X",
  },
  licenses,
  credentials,
  practiceLocations: [],
});

const sam: ClientData = {
  client: {
    id: CLIENT,
    providerId: PROVIDER,
    name: "Sam Rivera",
    birthDate: null,
    sex: "U",
    diagnosisCodes: [],
  },
  coverage: {
    id: "cov",
    clientId: CLIENT,
    payer: "aetna",
    memberId: "W123",
    bluecard: null,
    product: null,
    effectiveFrom: null,
    effectiveTo: null,
  },
  locations: [
    {
      id: "home",
      clientId: CLIENT,
      kind: "home",
      label: null,
      line1: "1 Main St",
      line2: null,
      city: "New York",
      state: "NY",
      zip: "10027",
      startsOn: null,
      endsOn: null,
      createdAt: "2026-01-01T00:00:00Z",
      archivedAt: null,
    },
  ],
};

/** A 50-minute video session at 10:00 New York time on `date`. */
const session = (id: string, date: string): Session => ({
  id,
  providerId: PROVIDER,
  clientId: CLIENT,
  startsAt: `${date}T15:00:00Z`,
  timeZone: "America/New_York",
  serviceDate: date,
  durationMinutes: 50,
  modality: "telehealth",
  cptCode: "90834",
  crisis: false,
  audioOnly: false,
  practiceLocationId: null,
  status: "scheduled",
  confirmedAt: null,
  confirmedBy: null,
  location: null,
  decision: null,
  crisisDocumentation: null,
  createdAt: "2026-12-01T00:00:00Z",
  lastCheck: null,
});

describe("checkSession", () => {
  it("decides a telehealth session where the client will be, as confirming would", () => {
    const c = checkSession(geo, session("s1", "2026-12-20"), file([nyLicense()], [aetnaNy()]), sam);
    expect(c.billable).toBe(true);
    expect(c.location).toMatchObject({ state: "NY", zip: "10027", source: "client_location", kind: "home" });
  });

  it("keeps whether a documented crisis session would be billable where a video session is refused", () => {
    const session1 = session("s1", "2026-12-20");
    // Licensed in New York but credentialed with Aetna nowhere: refused, and no crisis exception.
    const uncredentialed = checkSession(geo, session1, file([nyLicense()], []), sam);
    expect(uncredentialed).toMatchObject({ billable: false, crisisBillable: false });
    // Credentialed but not licensed there: the crisis exception would bill it.
    const unlicensed = checkSession(geo, session1, file([], [aetnaNy()]), sam);
    expect(unlicensed).toMatchObject({ billable: false, crisisBillable: true });
    // Billable: the question does not arise.
    expect(checkSession(geo, session1, file([nyLicense()], [aetnaNy()]), sam).crisisBillable).toBeNull();
  });

  it("has no decision without coverage", () => {
    const c = checkSession(geo, session("s1", "2026-12-20"), file([nyLicense()], [aetnaNy()]), {
      ...sam,
      coverage: undefined,
    });
    expect(c).toMatchObject({ billable: false, decision: null });
  });
});

describe("riskDrafts", () => {
  it("drafts one alert per client and problem, naming every session at risk", () => {
    const f = file([], [aetnaNy()]);
    const checked = ["2026-12-20", "2026-12-27"].map((d, i) =>
      checkSession(geo, session(`s${i}`, d), f, sam),
    );
    const [draft, ...rest] = riskDrafts(PROVIDER, checked);
    expect(rest).toEqual([]);
    expect(draft).toMatchObject({
      kind: "sessions_at_risk",
      clientId: CLIENT,
      sessionIds: ["s0", "s1"],
      dedupeKey: `risk:${CLIENT}:NOT_LICENSED:NY`,
    });
    expect(draft?.message).toMatch(
      /^2 upcoming sessions with Sam Rivera are at risk: 2026-12-20 10:00, 2026-12-27 10:00\. /,
    );
  });
});

describe("expiryDrafts: one routine for licenses and credentials", () => {
  const expiry = (f: ProviderFile, dates: string[]) =>
    expiryDrafts(
      geo,
      f,
      dates.map((d, i) => checkSession(geo, session(`s${i}`, d), f, sam)),
      TODAY,
    );

  it("warns of a license ending within 30 days, with the sessions after it that depend on it", () => {
    const [draft, ...rest] = expiry(file([nyLicense({ validTo: "2026-12-14" })], [aetnaNy()]), [
      "2026-12-20",
    ]);
    expect(rest).toEqual([]);
    expect(draft).toMatchObject({
      kind: "license_expiring",
      message:
        "Your New York LCSW license no. 123 is valid until 2026-12-14: 10 days left. 1 upcoming session after that date depends on it: 2026-12-20 10:00.",
      fix: "Renew it and update its end date here before 2026-12-14.",
      sessionIds: ["s0"],
      dedupeKey: "license:lic-ny:2026-12-14:expiring",
      detail: { state: "NY", licenseId: "lic-ny", endsOn: "2026-12-14" },
    });
  });

  it("says nothing when a renewal takes over the day after", () => {
    const renewed = nyLicense({ id: "lic-ny-2", validFrom: "2026-12-15", validTo: "2028-12-14" });
    expect(
      expiry(file([nyLicense({ validTo: "2026-12-14" }), renewed], [aetnaNy()]), ["2026-12-20"]),
    ).toEqual([]);
  });

  it("names a lapsed credential only while upcoming sessions depend on it", () => {
    const lapsed = file([nyLicense()], [aetnaNy({ effectiveTo: "2026-11-29" })]);
    expect(expiry(lapsed, [])).toEqual([]);
    const [draft, ...rest] = expiry(lapsed, ["2026-12-20", "2026-12-27"]);
    expect(rest).toEqual([]);
    expect(draft).toMatchObject({
      kind: "credential_expiring",
      message:
        "Your credential with Aetna in New York ended on 2026-11-29 (5 days ago), and 2 upcoming sessions depend on it: 2026-12-20 10:00, 2026-12-27 10:00.",
      fix: "Ask Aetna to renew it and update its dates here; until then these sessions cannot be billed.",
      dedupeKey: "credential:cred-aetna:2026-11-29:lapsed",
      detail: { state: "NY", credentialId: "cred-aetna", payer: "aetna", endsOn: "2026-11-29" },
    });
  });

  it("lists license alerts before credential alerts", () => {
    const f = file([nyLicense({ validTo: "2026-12-24" })], [aetnaNy({ effectiveTo: "2026-12-10" })]);
    expect(expiry(f, []).map((d) => d.dedupeKey)).toEqual([
      "license:lic-ny:2026-12-24:expiring",
      "credential:cred-aetna:2026-12-10:expiring",
    ]);
  });
});
