import { beforeAll, describe, expect, it } from "vitest";
import type { ClaimRecord } from "../../src/formats/claim-record.js";
import { ClaimDataError, totalChargeCents } from "../../src/formats/claim-record.js";
import type * as Fhir from "../../src/formats/fhir-r4.js";
import {
  FHIR_SYSTEMS,
  claimBundle as writeClaimBundle,
  claimsBundle as writeClaimsBundle,
  type BundleStamp,
} from "../../src/formats/fhir-r4.js";
import { profileIssues } from "../support/fhir-profiles.js";
import { fhirSchema } from "../support/fhir-schema.js";
import { allKinds, bluecard, crisis, inNetwork, inOffice, virtualNetwork } from "./records.js";

const BATCH_TIME = new Date("2026-11-21T09:30:00.000Z");
/** What identifies a file and when it was written (the writer has no clock). */
const STAMP = { id: "0f6c0d5e-7d1a-4c59-9a53-3b0d6f1e2a10", timestamp: BATCH_TIME };

const kinds = [
  ["in network", inNetwork],
  ["BlueCard", bluecard],
  ["virtual network", virtualNetwork],
  ["crisis", crisis],
  ["in office", inOffice],
] as const;

/**
 * The writer's resources as the tests read them: Medplum's R4 types make every element optional;
 * what this writer always writes is read here as present (a missing one fails the assertion).
 */
type Strict<T> = T extends (infer U)[]
  ? Strict<U>[]
  : T extends readonly (infer U)[]
    ? readonly Strict<U>[]
    : T extends object
      ? { [K in keyof T]-?: Strict<T[K]> }
      : T;
type FhirBundle = Strict<Fhir.FhirBundle>;
type FhirResource = Strict<Fhir.FhirResource>;
type FhirClaim = Strict<Fhir.FhirClaim>;
type FhirCoverage = Strict<Fhir.FhirCoverage>;
type FhirLocation = Strict<Fhir.FhirLocation>;
type FhirOrganization = Strict<Fhir.FhirOrganization>;
type FhirPatient = Strict<Fhir.FhirPatient>;
type FhirPractitioner = Strict<Fhir.FhirPractitioner>;
const claimBundle = (record: ClaimRecord, stamp: BundleStamp): FhirBundle =>
  writeClaimBundle(record, stamp) as FhirBundle;
const claimsBundle = (records: readonly ClaimRecord[], stamp: BundleStamp): FhirBundle =>
  writeClaimsBundle(records, stamp) as FhirBundle;

type ByType<T extends FhirResource["resourceType"]> = Extract<FhirResource, { resourceType: T }>;

function all<T extends FhirResource["resourceType"]>(bundle: FhirBundle, type: T): ByType<T>[] {
  return bundle.entry.map((e) => e.resource).filter((r): r is ByType<T> => r.resourceType === type);
}

function only<T extends FhirResource["resourceType"]>(bundle: FhirBundle, type: T): ByType<T> {
  const found = all(bundle, type);
  expect(found, `one ${type}`).toHaveLength(1);
  return found[0]!;
}

/** The entry a reference points to (references are the entries' fullUrls). */
function resolve(bundle: FhirBundle, ref: { readonly reference: string }): FhirResource {
  const entry = bundle.entry.find((e) => e.fullUrl === ref.reference);
  if (entry === undefined) throw new Error(`${ref.reference} is not in the bundle`);
  return entry.resource;
}

const claimOf = (record: ClaimRecord): FhirClaim => only(claimBundle(record, STAMP), "Claim");
const codes = (concepts: readonly { coding: readonly { code: string }[] }[] | undefined): string[] =>
  (concepts ?? []).flatMap((c) => c.coding.map((x) => x.code));

/** The record with some parts replaced, e.g. a coverage without a member ID. */
function changed(record: ClaimRecord, over: Partial<ClaimRecord>): ClaimRecord {
  return { ...record, ...over };
}

function claimDataError(run: () => unknown): ClaimDataError {
  try {
    run();
  } catch (e) {
    if (e instanceof ClaimDataError) return e;
    throw e;
  }
  throw new Error("expected a ClaimDataError");
}

const validate = (resource: unknown): string[] => fhirSchema().validate(resource);

beforeAll(() => {
  fhirSchema(); // compile once (about 1.5 s), outside any single test's time
});

describe("FHIR R4 schema conformance", () => {
  it.each(kinds)("the %s claim's bundle, and each resource in it, is valid FHIR R4", (_, record) => {
    const bundle = claimBundle(record, STAMP);
    expect(validate(bundle)).toEqual([]);
    for (const entry of bundle.entry) expect(validate(entry.resource), entry.fullUrl).toEqual([]);
  });

  it("a batch of all five kinds of claim is one valid FHIR R4 bundle", () => {
    const bundle = claimsBundle(allKinds, STAMP);
    expect(validate(bundle)).toEqual([]);
    for (const entry of bundle.entry) expect(validate(entry.resource), entry.fullUrl).toEqual([]);
  });

  it("the validator rejects a Claim without a patient or with an unknown use, alone and inside a bundle", () => {
    const bundle = claimBundle(inNetwork, STAMP);
    const { patient: _patient, ...withoutPatient } = only(bundle, "Claim");
    const broken = { ...withoutPatient, use: "bogus" };

    expect(validate(broken)).toEqual([
      expect.stringMatching(/^Claim\/: must have required property 'patient'/),
      expect.stringMatching(/^Claim\/use: must be equal to one of the allowed values/),
    ]);
    const brokenBundle = {
      ...bundle,
      entry: bundle.entry.map((e) => (e.resource.resourceType === "Claim" ? { ...e, resource: broken } : e)),
    };
    expect(validate(brokenBundle)).toEqual([
      expect.stringMatching(/^Bundle\/entry\/0\/resource: Claim\/: must have required property 'patient'/),
      expect.stringMatching(/^Bundle\/entry\/0\/resource: Claim\/use: must be equal to one of/),
    ]);
  });

  it("the validator rejects an invalid id, a misspelt element and a money amount given as text", () => {
    const patient = only(claimBundle(inNetwork, STAMP), "Patient");
    expect(validate({ ...patient, id: "patient c 1" })).toEqual([
      expect.stringMatching(/^Patient\/id: must match pattern/),
    ]);
    expect(validate({ ...patient, birthdate: "1994-03-12" })).toEqual([
      expect.stringMatching(
        /^Patient\/: must NOT have additional properties \{"additionalProperty":"birthdate"\}/,
      ),
    ]);
    const claim = claimOf(inNetwork);
    expect(validate({ ...claim, total: { value: "175.00", currency: "USD" } })).toEqual([
      expect.stringMatching(/^Claim\/total\/value: must be number/),
    ]);
  });
});

describe("bundle structure", () => {
  it("a single claim's bundle is a collection of the Claim and everything it references", () => {
    const bundle = claimBundle(inNetwork, STAMP);
    expect(bundle.resourceType).toBe("Bundle");
    expect(bundle.type).toBe("collection");
    expect(bundle.entry.map((e) => e.resource.resourceType)).toEqual([
      "Claim",
      "Patient",
      "Coverage",
      "Practitioner",
      "Organization", // billing
      "Organization", // Aetna, both payer and home plan: once
      "Location",
    ]);
  });

  it.each(kinds)(
    "the %s bundle's fullUrls are unique urn:uuid UUIDs and every reference resolves",
    (_, record) => {
      const bundle = claimBundle(record, STAMP);
      const urls = bundle.entry.map((e) => e.fullUrl);
      expect(new Set(urls).size).toBe(urls.length);
      for (const url of urls)
        expect(url).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      for (const entry of bundle.entry) expect(entry.resource.id).toMatch(/^[A-Za-z0-9\-.]{1,64}$/);

      const references: string[] = [];
      JSON.stringify(bundle, (key, value: unknown) => {
        if (key === "reference" && typeof value === "string") references.push(value);
        return value;
      });
      expect(references.length).toBeGreaterThan(0);
      for (const reference of references) expect(urls).toContain(reference);
    },
  );

  it("ids come from the record's ids, and the same resource keeps its fullUrl from bundle to bundle", () => {
    const single = claimBundle(bluecard, STAMP);
    expect(single.entry.map((e) => e.resource.id)).toEqual([
      `claim-${bluecard.claim.id}`,
      "patient-c-1",
      `coverage-${bluecard.coverage.id}`,
      "practitioner-p-1",
      "billing-1993999998",
      "org-bcbs-ny-excellus",
      "org-bcbs-il",
      `location-${bluecard.claim.id}`,
    ]);
    const batch = claimsBundle(allKinds, STAMP);
    for (const entry of single.entry) {
      expect(batch.entry.find((e) => e.resource.id === entry.resource.id)?.fullUrl).toBe(entry.fullUrl);
    }
    expect(claimBundle(bluecard, STAMP)).toEqual(single);
  });

  it("a record id that is not a valid FHIR id becomes a valid one, distinct from its look-alikes", () => {
    const odd = changed(inNetwork, { client: { ...inNetwork.client, id: "client_1/Ä" } });
    const lookAlike = changed(inNetwork, { client: { ...inNetwork.client, id: "client-1-A" } });
    const id = only(claimBundle(odd, STAMP), "Patient").id;
    expect(id).toMatch(/^patient-client-1-[0-9a-f]{8}$/);
    expect(only(claimBundle(lookAlike, STAMP), "Patient").id).not.toBe(id);
    expect(validate(claimBundle(odd, STAMP))).toEqual([]);

    const long = changed(inNetwork, { provider: { ...inNetwork.provider, id: "p".repeat(80) } });
    expect(only(claimBundle(long, STAMP), "Practitioner").id).toMatch(/^[A-Za-z0-9\-.]{1,64}$/);
  });
});

describe("the Claim", () => {
  it("is an active professional claim with normal priority, created when the claim was confirmed", () => {
    const claim = claimOf(inNetwork);
    expect(claim.status).toBe("active");
    expect(claim.use).toBe("claim");
    expect(claim.type.coding).toEqual([
      expect.objectContaining({ system: FHIR_SYSTEMS.claimType, code: "professional" }),
    ]);
    expect(claim.priority.coding).toEqual([
      expect.objectContaining({
        system: "http://terminology.hl7.org/CodeSystem/processpriority",
        code: "normal",
      }),
    ]);
    expect(claim.created).toBe(inNetwork.claim.confirmedAt);
    expect(claim.billablePeriod).toEqual({ start: "2026-11-20", end: "2026-11-20" });
    expect(claim.identifier).toEqual([
      { system: FHIR_SYSTEMS.claimId, value: inNetwork.claim.id },
      { system: FHIR_SYSTEMS.claimNumber, value: "SL00000001" },
    ]);
  });

  it("under BlueCard is billed to Excellus, the local plan, while the coverage's payor is the Illinois home plan", () => {
    const bundle = claimBundle(bluecard, STAMP);
    const claim = only(bundle, "Claim");
    const insurer = resolve(bundle, claim.insurer) as FhirOrganization;
    expect(insurer.name).toBe("Excellus BlueCross BlueShield");
    expect(insurer.identifier).toEqual([
      { system: "https://stateline.example/payer-id", value: "00800" },
      { system: FHIR_SYSTEMS.payerCatalogueId, value: "bcbs-ny-excellus" },
    ]);

    const coverage = resolve(bundle, claim.insurance[0]!.coverage) as FhirCoverage;
    expect(coverage.payor).toHaveLength(1);
    const home = resolve(bundle, coverage.payor[0]!) as FhirOrganization;
    expect(home.name).toBe("Blue Cross and Blue Shield of Illinois");
    expect(home.identifier).toContainEqual({ system: FHIR_SYSTEMS.payerId, value: "00621" });
    expect(claim.supportingInfo[0]!.code.coding[0]!.code).toBe("bluecard");
  });

  it("outside BlueCard, the insurer and the coverage's payor are the same organization", () => {
    const bundle = claimBundle(virtualNetwork, STAMP);
    const claim = only(bundle, "Claim");
    const coverage = only(bundle, "Coverage");
    expect(coverage.payor[0]!.reference).toBe(claim.insurer.reference);
    expect((resolve(bundle, claim.insurer) as FhirOrganization).name).toBe(
      "Blue Cross Blue Shield of Massachusetts",
    );
  });

  it("is submitted by the billing organization, with its NPI, EIN, address and phone", () => {
    const bundle = claimBundle(inOffice, STAMP);
    const billing = resolve(bundle, only(bundle, "Claim").provider) as FhirOrganization;
    expect(billing.name).toBe("Stateline Behavioral Health Group");
    expect(billing.identifier).toEqual([
      { system: "http://hl7.org/fhir/sid/us-npi", value: "1993999998" },
      expect.objectContaining({ system: "urn:oid:2.16.840.1.113883.4.4", value: "123456789" }),
    ]);
    expect(billing.address).toEqual([
      expect.objectContaining({
        line: ["100 Main Street", "Suite 400"],
        city: "Albany",
        state: "NY",
        postalCode: "12207-1234",
      }),
    ]);
    expect(billing.telecom).toEqual([{ system: "phone", value: "5185550100", use: "work" }]);
  });

  it("names the rendering provider in its care team, with NPI and NUCC taxonomy on the Practitioner", () => {
    const bundle = claimBundle(inNetwork, STAMP);
    const claim = only(bundle, "Claim");
    expect(claim.careTeam).toHaveLength(1);
    const member = claim.careTeam[0]!;
    expect(member.sequence).toBe(1);
    expect(member.role.coding[0]).toMatchObject({ code: "primary" });
    const practitioner = resolve(bundle, member.provider) as FhirPractitioner;
    expect(practitioner.resourceType).toBe("Practitioner");
    expect(practitioner.identifier).toContainEqual({
      system: "http://hl7.org/fhir/sid/us-npi",
      value: "1234567893",
    });
    expect(practitioner.qualification).toEqual([
      { code: { coding: [{ system: "http://nucc.org/provider-taxonomy", code: "1041C0700X" }] } },
    ]);
    // Maya R. Chen, LCSW: family, given (first and middle), suffix (the credentials).
    expect(practitioner.name[0]).toEqual({
      use: "official",
      text: "Maya R. Chen, LCSW",
      family: "Chen",
      given: ["Maya", "R."],
      suffix: ["LCSW"],
    });
  });

  it("lists the diagnoses as ICD-10-CM codes with the dot restored, the first as principal", () => {
    const claim = claimOf(inNetwork);
    expect(claim.diagnosis.map((d) => d.diagnosisCodeableConcept.coding[0])).toEqual([
      { system: "http://hl7.org/fhir/sid/icd-10-cm", code: "F41.1" },
      { system: "http://hl7.org/fhir/sid/icd-10-cm", code: "F33.1" },
    ]);
    expect(claim.diagnosis.map((d) => d.sequence)).toEqual([1, 2]);
    expect(codes(claim.diagnosis[0]!.type)).toEqual(["principal"]);
    expect(claim.item.every((i) => i.diagnosisSequence.join() === "1,2")).toBe(true);
  });

  it("points at the coverage as its one focal insurance", () => {
    const bundle = claimBundle(inNetwork, STAMP);
    const claim = only(bundle, "Claim");
    expect(claim.insurance).toHaveLength(1);
    expect(claim.insurance[0]).toMatchObject({ sequence: 1, focal: true });
    expect(resolve(bundle, claim.insurance[0]!.coverage)).toBe(only(bundle, "Coverage"));
  });

  it.each([
    ["in network by video from home", inNetwork, "10"],
    ["BlueCard by video from a dorm (not home)", bluecard, "02"],
    ["crisis by video away from home", crisis, "02"],
    ["in the office", inOffice, "11"],
  ] as const)("carries the CMS place of service on each item: %s → %s", (_, record, code) => {
    for (const item of claimOf(record).item) {
      expect(item.locationCodeableConcept.coding).toEqual([
        expect.objectContaining({ system: FHIR_SYSTEMS.placeOfService, code }),
      ]);
      expect(item.servicedDate).toBe("2026-11-20");
    }
  });

  it("puts modifier 95 on telehealth items and no modifier on in-office items", () => {
    for (const record of [inNetwork, bluecard, virtualNetwork, crisis]) {
      for (const item of claimOf(record).item) {
        expect(item.modifier).toEqual([
          { coding: [{ system: "http://www.ama-assn.org/go/cpt", code: "95" }] },
        ]);
      }
    }
    for (const item of claimOf(inOffice).item) expect(item.modifier).toBeUndefined();
  });

  it("bills a crisis session as 90839 plus 90840, and no ordinary psychotherapy code", () => {
    const items = claimOf(crisis).item;
    expect(items.map((i) => i.productOrService.coding)).toEqual([
      [{ system: "http://www.ama-assn.org/go/cpt", code: "90839" }],
      [{ system: "http://www.ama-assn.org/go/cpt", code: "90840" }],
    ]);
    const billed = items.map((i) => i.productOrService.coding[0]!.code);
    for (const code of ["90832", "90833", "90834", "90835", "90836", "90837", "90838"]) {
      expect(billed).not.toContain(code);
    }
    expect(items.map((i) => i.sequence)).toEqual([1, 2]);
  });

  it.each(kinds)(
    "prices the %s claim in US dollars: quantity × unit price = net, and the nets add up to the total",
    (_, record) => {
      const claim = claimOf(record);
      let sum = 0;
      claim.item.forEach((item, i) => {
        const line = record.claim.lines[i]!;
        expect(item.quantity.value).toBe(line.units);
        expect(item.net).toEqual({ value: line.chargeCents! / 100, currency: "USD" });
        expect(item.unitPrice.currency).toBe("USD");
        expect(item.unitPrice.value * item.quantity.value).toBeCloseTo(item.net.value, 2);
        sum += item.net.value;
      });
      expect(claim.total).toEqual({ value: totalChargeCents(record) / 100, currency: "USD" });
      expect(claim.total.value).toBeCloseTo(sum, 2);
    },
  );

  it("prices the crisis claim at $220 for 90839 and $105 for 90840, $325 in all", () => {
    const claim = claimOf(crisis);
    expect(claim.item.map((i) => i.net.value)).toEqual([220, 105]);
    expect(claim.total.value).toBe(325);
  });

  it("prices a repeated add-on code as one line with units", () => {
    const twice = changed(crisis, {
      claim: {
        ...crisis.claim,
        lines: [
          { cptCode: "90839", modifiers: ["95"], units: 1, chargeCents: 22000 },
          { cptCode: "90840", modifiers: ["95"], units: 2, chargeCents: 21000 },
        ],
      },
    });
    const claim = claimOf(twice);
    expect(claim.item[1]).toMatchObject({
      quantity: { value: 2 },
      unitPrice: { value: 105 },
      net: { value: 210 },
    });
    expect(claim.total.value).toBe(430);
    expect(validate(claimBundle(twice, STAMP))).toEqual([]);
  });
});

describe("the Patient and the Coverage", () => {
  it("the Patient carries the client's name, date of birth and home address", () => {
    const patient: FhirPatient = only(claimBundle(inNetwork, STAMP), "Patient");
    expect(patient.name).toEqual([
      { use: "official", text: "Alex Rivera", family: "Rivera", given: ["Alex"] },
    ]);
    expect(patient.gender).toBe("female");
    expect(patient.birthDate).toBe("1994-03-12");
    expect(patient.address).toEqual([
      {
        use: "home",
        type: "physical",
        line: ["12 Elm Street", "Apt 2"],
        city: "Rochester",
        state: "NY",
        postalCode: "14604",
        country: "US",
      },
    ]);
  });

  it("the Coverage keeps the BlueCard member ID exactly as on the card, alpha prefix included", () => {
    const coverage = only(claimBundle(bluecard, STAMP), "Coverage");
    expect(coverage.subscriberId).toBe("XOF123456789");
    expect(coverage.status).toBe("active");
  });

  it("the Coverage's type is the X12 claim filing indicator, the same code as the 837P's SBR09", () => {
    const typeOf = (record: ClaimRecord) => only(claimBundle(record, STAMP), "Coverage").type.coding;
    expect(typeOf(bluecard)).toEqual([
      {
        system: "https://codesystem.x12.org/005010/1032",
        code: "BL",
        display: "Blue Cross/Blue Shield",
      },
    ]);
    const fep = changed(bluecard, { coverage: { ...bluecard.coverage, product: "fep" } });
    expect(typeOf(fep)[0]?.code).toBe("FI");
    const hmo = changed(inNetwork, { coverage: { ...inNetwork.coverage, product: "hmo" } });
    expect(typeOf(hmo)[0]).toMatchObject({ code: "HM", display: "Health Maintenance Organization" });
    expect(validate(claimBundle(hmo, STAMP))).toEqual([]);
  });

  it("the Coverage's beneficiary and subscriber are the Patient, who is the subscriber themself", () => {
    const bundle = claimBundle(bluecard, STAMP);
    const coverage = only(bundle, "Coverage");
    const patient = only(bundle, "Patient");
    expect(resolve(bundle, coverage.beneficiary)).toBe(patient);
    expect(resolve(bundle, coverage.subscriber)).toBe(patient);
    expect(resolve(bundle, only(bundle, "Claim").patient)).toBe(patient);
    expect(coverage.relationship.coding).toEqual([
      expect.objectContaining({
        system: "http://terminology.hl7.org/CodeSystem/subscriber-relationship",
        code: "self",
      }),
    ]);
  });
});

describe("the Location", () => {
  it.each(kinds)("the %s claim's Location is the service location snapshotted on the claim", (_, record) => {
    const bundle = claimBundle(record, STAMP);
    const location = resolve(bundle, only(bundle, "Claim").facility) as FhirLocation;
    expect(location.resourceType).toBe("Location");
    const where = record.claim.serviceLocation;
    expect(location.address).toMatchObject({
      line: [where.line1, where.line2].filter((l) => l !== null && l !== undefined),
      city: where.city,
      state: where.state,
      postalCode: where.zip,
    });
  });

  it("for a video session it says it is where the client was, not the provider's office", () => {
    const bundle = claimBundle(crisis, STAMP);
    const location = only(bundle, "Location");
    expect(location.address).toMatchObject({ line: ["75 Lake Road Apt 3"], city: "Burlington", state: "VT" });
    expect(location.description).toMatch(/client/i);
    expect(location.description).toMatch(/video session/i);
    expect(location.managingOrganization).toBeUndefined();
  });

  it("for an in-person session it is the office, run by the billing organization", () => {
    const bundle = claimBundle(inOffice, STAMP);
    const location = only(bundle, "Location");
    expect(location.description).toMatch(/office/i);
    expect(location.description).not.toMatch(/video/i);
    expect(resolve(bundle, location.managingOrganization)).toBe(
      resolve(bundle, only(bundle, "Claim").provider),
    );
  });
});

describe("batches", () => {
  it("holds every claim once and each shared patient, practitioner and organization once", () => {
    const bundle = claimsBundle(allKinds, STAMP);
    expect(bundle.type).toBe("collection");
    expect(bundle.timestamp).toBe("2026-11-21T09:30:00.000Z");
    expect(all(bundle, "Claim").map((c) => c.identifier[0]!.value)).toEqual(allKinds.map((r) => r.claim.id));
    expect(all(bundle, "Patient")).toHaveLength(1);
    expect(all(bundle, "Practitioner")).toHaveLength(1);
    expect(all(bundle, "Coverage")).toHaveLength(5);
    expect(all(bundle, "Location")).toHaveLength(5);
    expect(
      all(bundle, "Organization")
        .map((o) => o.id)
        .sort(),
    ).toEqual(["billing-1993999998", "org-aetna", "org-bcbs-il", "org-bcbs-ma", "org-bcbs-ny-excellus"]);
    const urls = bundle.entry.map((e) => e.fullUrl);
    expect(new Set(urls).size).toBe(urls.length);
    const patientUrl = bundle.entry.find((e) => e.resource.resourceType === "Patient")!.fullUrl;
    for (const claim of all(bundle, "Claim")) expect(claim.patient.reference).toBe(patientUrl);
  });

  it("refuses an empty list", () => {
    expect(() => claimsBundle([], STAMP)).toThrow(/at least one claim/);
  });

  it("refuses the same claim twice", () => {
    const e = claimDataError(() => claimsBundle([inNetwork, bluecard, inNetwork], STAMP));
    expect(e.problems).toEqual([expect.objectContaining({ claimId: inNetwork.claim.id, field: "claim.id" })]);
  });

  it("refuses two claims that disagree about a shared patient rather than keep one of them", () => {
    const moved = changed(bluecard, {
      client: {
        ...bluecard.client,
        address: { line1: "9 Oak Lane", city: "Ithaca", state: "NY", zip: "14850" },
      },
    });
    const e = claimDataError(() => claimsBundle([inNetwork, moved], STAMP));
    expect(e.problems).toEqual([expect.objectContaining({ claimId: bluecard.claim.id, field: "client" })]);
    expect(e.message).toContain(inNetwork.claim.id);
  });
});

describe("incomplete records", () => {
  it("a record without the member ID throws a ClaimDataError naming the claim and coverage.memberId", () => {
    const noMember = changed(bluecard, { coverage: { ...bluecard.coverage, memberId: null } });
    const e = claimDataError(() => claimBundle(noMember, STAMP));
    expect(e.problems).toEqual([
      expect.objectContaining({ claimId: bluecard.claim.id, field: "coverage.memberId" }),
    ]);
    expect(e.message).toContain(bluecard.claim.id);
    expect(e.message).toContain("coverage.memberId");
  });

  it("a record without the rendering provider's NPI throws a ClaimDataError naming the claim and provider.npi", () => {
    const noNpi = changed(crisis, { provider: { ...crisis.provider, npi: "" } });
    const e = claimDataError(() => claimBundle(noNpi, STAMP));
    expect(e.problems).toEqual([
      expect.objectContaining({ claimId: crisis.claim.id, field: "provider.npi" }),
    ]);
  });

  it("one incomplete record stops the whole batch, and the error names that claim", () => {
    const noMember = changed(virtualNetwork, { coverage: { ...virtualNetwork.coverage, memberId: "  " } });
    const e = claimDataError(() => claimsBundle([inNetwork, noMember, inOffice], STAMP));
    expect(e.problems).toEqual([
      expect.objectContaining({ claimId: virtualNetwork.claim.id, field: "coverage.memberId" }),
    ]);
  });
});

describe("issue 11: the bundle as a receiver reads it", () => {
  it.each(kinds)(
    "the %s claim's bundle passes Medplum's validateResource against the R4 StructureDefinitions",
    (_, record) => {
      const bundle = claimBundle(record, STAMP);
      expect(profileIssues(bundle)).toEqual([]);
      for (const entry of bundle.entry) expect(profileIssues(entry.resource), entry.fullUrl).toEqual([]);
    },
  );

  it("a batch, a replacement and a void pass both validators too", () => {
    expect(profileIssues(claimsBundle(allKinds, STAMP))).toEqual([]);
    for (const frequency of ["7", "8"] as const) {
      const record = changed(inNetwork, {
        claim: { ...inNetwork.claim, frequency, payerControlNumber: "2026320000123", version: 2 },
      });
      expect(profileIssues(claimBundle(record, STAMP))).toEqual([]);
      expect(validate(claimBundle(record, STAMP))).toEqual([]);
    }
  });

  it("Medplum's validator catches what the JSON schema check does, on its own", () => {
    const claim = only(claimBundle(inNetwork, STAMP), "Claim");
    const { patient: _patient, ...withoutPatient } = claim;
    expect(profileIssues(withoutPatient).join("\n")).toMatch(/Missing required property \(Claim\.patient\)/);
    const patient = only(claimBundle(inNetwork, STAMP), "Patient");
    expect(profileIssues({ ...patient, birthdate: "1994-03-12" }).join("\n")).toMatch(/birthdate/);
  });

  it("has an identifier and a timestamp: the file's id and when it was written", () => {
    const single = claimBundle(inNetwork, STAMP);
    expect(single.identifier).toEqual({ system: FHIR_SYSTEMS.claimFile, value: STAMP.id });
    expect(single.timestamp).toBe("2026-11-21T09:30:00.000Z");
    const batch = claimsBundle(allKinds, { id: "export-7", timestamp: BATCH_TIME });
    expect(batch.identifier.value).toBe("export-7");
    expect(batch.timestamp).toBe("2026-11-21T09:30:00.000Z");
    expect(() => claimBundle(inNetwork, { id: "x", timestamp: new Date("nope") })).toThrow(RangeError);
  });

  it.each(kinds)("a one-claim file holds exactly one Claim: the %s claim", (_, record) => {
    const claims = all(claimBundle(record, STAMP), "Claim");
    expect(claims.map((c) => c.id)).toEqual([`claim-${record.claim.id}`]);
  });

  it("the member ID identifier has a system: the member's plan issued it", () => {
    const coverage = only(claimBundle(bluecard, STAMP), "Coverage");
    expect(coverage.identifier).toEqual([
      {
        type: { coding: [{ system: FHIR_SYSTEMS.identifierType, code: "MB", display: "Member Number" }] },
        system: "https://stateline.example/member-id/bcbs-il",
        value: "XOF123456789",
      },
    ]);
  });

  it("the Coverage is the one the claim was confirmed under: its period and product, the member ID from the claim", () => {
    const coverage = only(claimBundle(inNetwork, STAMP), "Coverage");
    expect(coverage.period).toEqual({ start: "2026-01-01" });
    expect(coverage.subscriberId).toBe("W123456789");
    const closed = changed(inNetwork, {
      coverage: { ...inNetwork.coverage, period: { start: "2025-01-01", end: "2026-12-31" } },
    });
    expect(only(claimBundle(closed, STAMP), "Coverage").period).toEqual({
      start: "2025-01-01",
      end: "2026-12-31",
    });
  });

  it.each([
    ["F", "female"],
    ["M", "male"],
    ["U", "unknown"],
  ] as const)("Patient.gender from the client's sex %s: %s", (sex, gender) => {
    const record = changed(inNetwork, { client: { ...inNetwork.client, sex } });
    expect(only(claimBundle(record, STAMP), "Patient").gender).toBe(gender);
  });

  it("a replacement points at the original by the payer's control number; a void is cancelled", () => {
    const replacement = changed(inNetwork, {
      claim: { ...inNetwork.claim, frequency: "7", payerControlNumber: "2026320000123", version: 2 },
    });
    const claim = only(claimBundle(replacement, STAMP), "Claim");
    expect(claim.status).toBe("active");
    expect(claim.related).toEqual([
      {
        claim: {
          identifier: {
            system: "https://stateline.example/payer-claim-control-number/aetna",
            value: "2026320000123",
          },
        },
        relationship: {
          coding: [{ system: FHIR_SYSTEMS.relatedClaimRelationship, code: "prior", display: "Prior Claim" }],
        },
      },
    ]);
    const voided = changed(replacement, { claim: { ...replacement.claim, frequency: "8" } });
    expect(only(claimBundle(voided, STAMP), "Claim").status).toBe("cancelled");
    expect(claimOf(inNetwork).related).toBeUndefined();
  });
});
