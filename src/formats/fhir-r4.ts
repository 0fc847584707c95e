/**
 * The FHIR R4 claim writer: one claim, or a batch, as a Bundle of type "collection" holding the
 * Claim and every resource it references — the Patient, the Coverage, the rendering
 * Practitioner, the billing Organization, the payer Organizations (the one billed and the
 * member's home plan, which differ under BlueCard) and the Location where the service was
 * rendered. A pure function of the claim records (see claim-record.ts): no I/O, no clock.
 *
 * Identity. Each resource has a stable id derived from the record's ids (`claim-<claim id>`,
 * `patient-<client id>`, `coverage-<coverage id>`, `practitioner-<provider id>`,
 * `org-<payer catalogue id>`, `billing-<billing NPI>`, `location-<claim id>`) and a fullUrl
 * `urn:uuid:<name-based UUID (v5) of "<resourceType>/<id>">`, so the same resource gets the
 * same fullUrl in every bundle; references between entries use those fullUrls. A record id
 * that is not a valid FHIR id (letters, digits, "-" and ".", at most 64 characters) is cleaned
 * and suffixed with a hash of the original, so distinct ids stay distinct.
 *
 * Identifier systems of our own (FHIR_SYSTEMS) live under https://stateline.example/; the
 * electronic payer id (our clearinghouse's, the X12 2010BB NM109) is under
 * https://stateline.example/payer-id.
 */
import { createHash } from "node:crypto";
import { CLAIM_FILING_INDICATORS, claimFilingIndicator } from "./claim-filing.js";
import type { ClaimPayer, ClaimRecord, PostalAddress } from "./claim-record.js";
import { ClaimDataError, assertClaimRecords, splitName, totalChargeCents } from "./claim-record.js";

// ---------------------------------------------------------------------------------------------
// The FHIR R4 shapes this writer emits (only the elements it uses).

export interface FhirCoding {
  readonly system: string;
  readonly code: string;
  readonly display?: string;
}

export interface FhirCodeableConcept {
  readonly coding: readonly FhirCoding[];
  readonly text?: string;
}

export interface FhirReference {
  /** A Bundle entry's fullUrl (`urn:uuid:…`). */
  readonly reference: string;
  readonly display?: string;
}

export interface FhirIdentifier {
  readonly system?: string;
  readonly value: string;
  readonly type?: FhirCodeableConcept;
}

export interface FhirMoney {
  /** Dollars (cents / 100). */
  readonly value: number;
  readonly currency: "USD";
}

export interface FhirPeriod {
  readonly start: string;
  readonly end: string;
}

export interface FhirAddress {
  readonly use?: "home" | "work";
  readonly type?: "physical";
  readonly line?: readonly string[];
  readonly city?: string;
  readonly state: string;
  readonly postalCode?: string;
  readonly country: "US";
}

export interface FhirHumanName {
  readonly use: "official";
  readonly text: string;
  readonly family: string;
  readonly given?: readonly string[];
}

export interface FhirContactPoint {
  readonly system: "phone";
  readonly value: string;
  readonly use: "work";
}

export interface FhirClaimItem {
  readonly sequence: number;
  readonly careTeamSequence: readonly number[];
  readonly diagnosisSequence: readonly number[];
  readonly productOrService: FhirCodeableConcept;
  readonly modifier?: readonly FhirCodeableConcept[];
  readonly servicedDate: string;
  readonly locationCodeableConcept: FhirCodeableConcept;
  readonly quantity: { readonly value: number };
  readonly unitPrice: FhirMoney;
  readonly net: FhirMoney;
}

export interface FhirClaim {
  readonly resourceType: "Claim";
  readonly id: string;
  readonly identifier: readonly FhirIdentifier[];
  readonly status: "active";
  readonly type: FhirCodeableConcept;
  readonly use: "claim";
  readonly patient: FhirReference;
  readonly billablePeriod: FhirPeriod;
  readonly created: string;
  readonly insurer: FhirReference;
  readonly provider: FhirReference;
  readonly priority: FhirCodeableConcept;
  /** The Location where the service was rendered (the same for every item). */
  readonly facility: FhirReference;
  readonly careTeam: readonly {
    readonly sequence: number;
    readonly provider: FhirReference;
    readonly role: FhirCodeableConcept;
    readonly qualification: FhirCodeableConcept;
  }[];
  readonly supportingInfo: readonly {
    readonly sequence: number;
    readonly category: FhirCodeableConcept;
    readonly code: FhirCodeableConcept;
    readonly valueString: string;
  }[];
  readonly diagnosis: readonly {
    readonly sequence: number;
    readonly diagnosisCodeableConcept: FhirCodeableConcept;
    readonly type?: readonly FhirCodeableConcept[];
  }[];
  readonly insurance: readonly {
    readonly sequence: number;
    readonly focal: boolean;
    readonly coverage: FhirReference;
  }[];
  readonly item: readonly FhirClaimItem[];
  readonly total: FhirMoney;
}

export interface FhirPatient {
  readonly resourceType: "Patient";
  readonly id: string;
  readonly identifier: readonly FhirIdentifier[];
  readonly name: readonly FhirHumanName[];
  readonly birthDate?: string;
  readonly address?: readonly FhirAddress[];
}

export interface FhirCoverage {
  readonly resourceType: "Coverage";
  readonly id: string;
  readonly identifier?: readonly FhirIdentifier[];
  readonly status: "active";
  /** The kind of plan: the X12 claim filing indicator (837P SBR09), the same code as the X12 file. */
  readonly type: FhirCodeableConcept;
  readonly subscriber: FhirReference;
  /** The member ID exactly as on the card (BlueCard alpha prefix included). */
  readonly subscriberId?: string;
  readonly beneficiary: FhirReference;
  readonly relationship: FhirCodeableConcept;
  /** The member's own (home) plan. */
  readonly payor: readonly FhirReference[];
}

export interface FhirPractitioner {
  readonly resourceType: "Practitioner";
  readonly id: string;
  readonly identifier: readonly FhirIdentifier[];
  readonly active: true;
  readonly name: readonly FhirHumanName[];
  readonly qualification: readonly { readonly code: FhirCodeableConcept }[];
}

export interface FhirOrganization {
  readonly resourceType: "Organization";
  readonly id: string;
  readonly identifier: readonly FhirIdentifier[];
  readonly active: true;
  readonly type: readonly FhirCodeableConcept[];
  readonly name: string;
  readonly telecom?: readonly FhirContactPoint[];
  readonly address?: readonly FhirAddress[];
  readonly contact?: readonly {
    readonly purpose: FhirCodeableConcept;
    readonly name: { readonly text: string };
    readonly telecom: readonly FhirContactPoint[];
  }[];
}

export interface FhirLocation {
  readonly resourceType: "Location";
  readonly id: string;
  readonly status: "active";
  readonly name: string;
  readonly description: string;
  readonly mode: "instance";
  readonly address: FhirAddress;
  readonly managingOrganization?: FhirReference;
}

export type FhirResource =
  FhirClaim | FhirPatient | FhirCoverage | FhirPractitioner | FhirOrganization | FhirLocation;

export interface FhirBundleEntry {
  readonly fullUrl: string;
  readonly resource: FhirResource;
}

export interface FhirBundle {
  readonly resourceType: "Bundle";
  readonly type: "collection";
  /** When the batch was assembled (claimsBundle only). */
  readonly timestamp?: string;
  readonly entry: readonly FhirBundleEntry[];
}

// ---------------------------------------------------------------------------------------------
// Code systems.

/** Identifier and code systems this writer uses. */
export const FHIR_SYSTEMS = {
  claimType: "http://terminology.hl7.org/CodeSystem/claim-type",
  processPriority: "http://terminology.hl7.org/CodeSystem/processpriority",
  careTeamRole: "http://terminology.hl7.org/CodeSystem/claimcareteamrole",
  diagnosisType: "http://terminology.hl7.org/CodeSystem/ex-diagnosistype",
  informationCategory: "http://terminology.hl7.org/CodeSystem/claiminformationcategory",
  subscriberRelationship: "http://terminology.hl7.org/CodeSystem/subscriber-relationship",
  organizationType: "http://terminology.hl7.org/CodeSystem/organization-type",
  contactType: "http://terminology.hl7.org/CodeSystem/contactentity-type",
  identifierType: "http://terminology.hl7.org/CodeSystem/v2-0203",
  icd10cm: "http://hl7.org/fhir/sid/icd-10-cm",
  cpt: "http://www.ama-assn.org/go/cpt",
  placeOfService: "https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set",
  npi: "http://hl7.org/fhir/sid/us-npi",
  nuccTaxonomy: "http://nucc.org/provider-taxonomy",
  /** X12 element 1032, the claim filing indicator code (837P SBR09). */
  claimFilingIndicator: "https://codesystem.x12.org/005010/1032",
  /** US employer identification number (EIN). */
  ein: "urn:oid:2.16.840.1.113883.4.4",
  /** A payer's electronic id at our clearinghouse (X12 2010BB NM109). */
  payerId: "https://stateline.example/payer-id",
  /** A payer's id in our payer catalogue, e.g. "bcbs-ny-excellus". */
  payerCatalogueId: "https://stateline.example/payer-catalogue-id",
  claimId: "https://stateline.example/claim-id",
  /** The patient control number the X12 claim carries (CLM01). */
  claimNumber: "https://stateline.example/claim-number",
  clientId: "https://stateline.example/client-id",
  providerId: "https://stateline.example/provider-id",
  /** Why the claim may be billed: in_network, bluecard, virtual_network or crisis. */
  billingBasis: "https://stateline.example/billing-basis",
} as const;

const PLACE_OF_SERVICE: Readonly<Record<ClaimRecord["claim"]["placeOfService"], string>> = {
  "02": "Telehealth Provided Other than in Patient's Home",
  "10": "Telehealth Provided in Patient's Home",
  "11": "Office",
};

const BASIS: Readonly<Record<ClaimRecord["claim"]["basis"], string>> = {
  in_network: "In network",
  bluecard: "BlueCard",
  virtual_network: "Virtual network",
  crisis: "Crisis",
};

/** X12 allows four diagnosis pointers per line; the FHIR items point to the same ones. */
const MAX_DIAGNOSIS_POINTERS = 4;

// ---------------------------------------------------------------------------------------------
// Ids and fullUrls.

const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

/** FNV-1a, 32 bits, as 8 hex digits: a short fingerprint for ids that needed cleaning. */
function fingerprint(s: string): string {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(s)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0");
}

/** `<prefix>-<raw>` when that is a valid FHIR id; otherwise cleaned, cut and fingerprinted. */
function fhirId(prefix: string, raw: string): string {
  const plain = `${prefix}-${raw}`;
  if (FHIR_ID.test(plain)) return plain;
  const cleaned = raw
    .replace(/[^A-Za-z0-9\-.]+/g, "-")
    .slice(0, 64 - prefix.length - 10)
    .replace(/^-+|-+$/g, "");
  return cleaned === "" ? `${prefix}-${fingerprint(raw)}` : `${prefix}-${cleaned}-${fingerprint(raw)}`;
}

/** Namespace of the name-based UUIDs of our fullUrls (fixed; changing it changes every fullUrl). */
const UUID_NAMESPACE = "5728a839-ab5c-4fac-a4d2-4747866e904d";

/** RFC 9562 version 5 (SHA-1, name-based) UUID of `name` in UUID_NAMESPACE. */
function uuidV5(name: string): string {
  const namespace = Buffer.from(UUID_NAMESPACE.replace(/-/g, ""), "hex");
  const hash = createHash("sha1").update(namespace).update(name, "utf8").digest();
  const b = hash.subarray(0, 16);
  b.writeUInt8((b.readUInt8(6) & 0x0f) | 0x50, 6);
  b.writeUInt8((b.readUInt8(8) & 0x3f) | 0x80, 8);
  const hex = b.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function fullUrl(resource: { readonly resourceType: string; readonly id: string }): string {
  return `urn:uuid:${uuidV5(`${resource.resourceType}/${resource.id}`)}`;
}

function ref(resource: FhirResource, display?: string): FhirReference {
  return display === undefined ? { reference: fullUrl(resource) } : { reference: fullUrl(resource), display };
}

// ---------------------------------------------------------------------------------------------
// Data types.

const usd = (cents: number): FhirMoney => ({ value: cents / 100, currency: "USD" });

/** "F411" → "F41.1": ICD-10-CM codes carry the dot after the third character outside X12. */
export function icd10WithDot(code: string): string {
  return code.length > 3 ? `${code.slice(0, 3)}.${code.slice(3)}` : code;
}

function nonEmpty(s: string | null): s is string {
  return s !== null && s.trim() !== "";
}

function address(a: PostalAddress, use?: "home" | "work"): FhirAddress {
  const zip = a.zip === null ? null : a.zip.length === 9 ? `${a.zip.slice(0, 5)}-${a.zip.slice(5)}` : a.zip;
  return {
    ...(use === undefined ? {} : { use }),
    type: "physical",
    ...(nonEmpty(a.line1) ? { line: [a.line1.trim()] } : {}),
    ...(nonEmpty(a.city) ? { city: a.city.trim() } : {}),
    state: a.state,
    ...(nonEmpty(zip) ? { postalCode: zip } : {}),
    country: "US",
  };
}

function humanName(full: string): FhirHumanName {
  const { first, last } = splitName(full);
  const given = first.split(" ").filter((g) => g !== "");
  return { use: "official", text: full.trim(), family: last, ...(given.length > 0 ? { given } : {}) };
}

const concept = (system: string, code: string, display?: string): FhirCodeableConcept => ({
  coding: [display === undefined ? { system, code } : { system, code, display }],
});

// ---------------------------------------------------------------------------------------------
// Resources.

function patient(r: ClaimRecord): FhirPatient {
  const c = r.client;
  return {
    resourceType: "Patient",
    id: fhirId("patient", c.id),
    identifier: [{ system: FHIR_SYSTEMS.clientId, value: c.id }],
    name: [humanName(c.name)],
    ...(c.birthDate === null ? {} : { birthDate: c.birthDate }),
    ...(c.address === null ? {} : { address: [address(c.address, "home")] }),
  };
}

function payerOrganization(p: ClaimPayer): FhirOrganization {
  return {
    resourceType: "Organization",
    id: fhirId("org", p.id),
    identifier: [
      ...(nonEmpty(p.electronicId) ? [{ system: FHIR_SYSTEMS.payerId, value: p.electronicId }] : []),
      { system: FHIR_SYSTEMS.payerCatalogueId, value: p.id },
    ],
    active: true,
    type: [concept(FHIR_SYSTEMS.organizationType, "pay", "Payer")],
    name: p.name,
  };
}

function billingOrganization(r: ClaimRecord): FhirOrganization {
  const b = r.billing;
  const phone: FhirContactPoint = { system: "phone", value: b.contactPhone, use: "work" };
  return {
    resourceType: "Organization",
    id: fhirId("billing", b.npi),
    identifier: [
      { system: FHIR_SYSTEMS.npi, value: b.npi },
      {
        system: FHIR_SYSTEMS.ein,
        value: b.taxId,
        type: concept(FHIR_SYSTEMS.identifierType, "TAX", "Tax ID number"),
      },
    ],
    active: true,
    type: [concept(FHIR_SYSTEMS.organizationType, "prov", "Healthcare Provider")],
    name: b.name,
    telecom: [phone],
    address: [address(b.address, "work")],
    contact: [
      {
        purpose: concept(FHIR_SYSTEMS.contactType, "BILL", "Billing"),
        name: { text: b.contactName },
        telecom: [phone],
      },
    ],
  };
}

function practitioner(r: ClaimRecord): FhirPractitioner {
  const p = r.provider;
  return {
    resourceType: "Practitioner",
    id: fhirId("practitioner", p.id),
    identifier: [
      { system: FHIR_SYSTEMS.npi, value: p.npi },
      { system: FHIR_SYSTEMS.providerId, value: p.id },
    ],
    active: true,
    name: [humanName(p.name)],
    qualification: [{ code: concept(FHIR_SYSTEMS.nuccTaxonomy, p.taxonomy) }],
  };
}

function coverage(r: ClaimRecord, beneficiary: FhirPatient, homePlan: FhirOrganization): FhirCoverage {
  const memberId = r.coverage.memberId;
  const filing = claimFilingIndicator(r.homePlan, r.coverage.product);
  return {
    resourceType: "Coverage",
    id: fhirId("coverage", r.coverage.id),
    ...(memberId === null
      ? {}
      : {
          identifier: [
            { type: concept(FHIR_SYSTEMS.identifierType, "MB", "Member Number"), value: memberId },
          ],
        }),
    status: "active",
    type: concept(FHIR_SYSTEMS.claimFilingIndicator, filing, CLAIM_FILING_INDICATORS[filing]),
    subscriber: ref(beneficiary),
    ...(memberId === null ? {} : { subscriberId: memberId }),
    beneficiary: ref(beneficiary),
    relationship: concept(FHIR_SYSTEMS.subscriberRelationship, "self", "Self"),
    payor: [ref(homePlan, homePlan.name)],
  };
}

function location(r: ClaimRecord, billing: FhirOrganization): FhirLocation {
  const c = r.claim;
  const pos = `place of service ${c.placeOfService}, ${PLACE_OF_SERVICE[c.placeOfService]}`;
  const common = {
    resourceType: "Location",
    id: fhirId("location", c.id),
    status: "active",
    mode: "instance",
  } as const;
  if (c.modality === "telehealth") {
    return {
      ...common,
      name: `Client's location, video session of ${c.serviceDate}`,
      description: `Where the client was during the video session on ${c.serviceDate} (${pos}), as recorded when the claim was confirmed; the provider saw the client by video.`,
      address: address(c.serviceLocation, c.placeOfService === "10" ? "home" : undefined),
    };
  }
  return {
    ...common,
    name: `Office, session of ${c.serviceDate}`,
    description: `The office where the client was seen in person on ${c.serviceDate} (${pos}).`,
    address: address(c.serviceLocation, "work"),
    managingOrganization: ref(billing, billing.name),
  };
}

interface ClaimRefs {
  readonly patient: FhirPatient;
  readonly coverage: FhirCoverage;
  readonly practitioner: FhirPractitioner;
  readonly billing: FhirOrganization;
  readonly insurer: FhirOrganization;
  readonly homePlan: FhirOrganization;
  readonly location: FhirLocation;
}

function basisNote(r: ClaimRecord): string {
  const c = r.claim;
  switch (c.basis) {
    case "bluecard":
      return `Billed under BlueCard to ${r.payer.name}, the local plan; the member's home plan is ${r.homePlan.name}.`;
    case "virtual_network":
      return `Billed to ${r.payer.name} through its virtual network.`;
    case "crisis":
      return `Crisis psychotherapy billed to ${r.payer.name}.`;
    case "in_network":
      return `Billed to ${r.payer.name} in network.`;
  }
}

function claim(r: ClaimRecord, refs: ClaimRefs): FhirClaim {
  const c = r.claim;
  const pointers = c.diagnosisCodes.slice(0, MAX_DIAGNOSIS_POINTERS).map((_, i) => i + 1);
  const pos = concept(FHIR_SYSTEMS.placeOfService, c.placeOfService, PLACE_OF_SERVICE[c.placeOfService]);
  return {
    resourceType: "Claim",
    id: fhirId("claim", c.id),
    identifier: [
      { system: FHIR_SYSTEMS.claimId, value: c.id },
      { system: FHIR_SYSTEMS.claimNumber, value: c.number },
    ],
    status: "active",
    type: concept(FHIR_SYSTEMS.claimType, "professional", "Professional"),
    use: "claim",
    patient: ref(refs.patient),
    billablePeriod: { start: c.serviceDate, end: c.serviceDate },
    created: c.confirmedAt,
    insurer: ref(refs.insurer, refs.insurer.name),
    provider: ref(refs.billing, refs.billing.name),
    priority: concept(FHIR_SYSTEMS.processPriority, "normal", "Normal"),
    facility: ref(refs.location),
    careTeam: [
      {
        sequence: 1,
        provider: ref(refs.practitioner, r.provider.name),
        role: concept(FHIR_SYSTEMS.careTeamRole, "primary", "Primary provider"),
        qualification: concept(FHIR_SYSTEMS.nuccTaxonomy, r.provider.taxonomy),
      },
    ],
    supportingInfo: [
      {
        sequence: 1,
        category: concept(FHIR_SYSTEMS.informationCategory, "info", "Information"),
        code: concept(FHIR_SYSTEMS.billingBasis, c.basis, BASIS[c.basis]),
        valueString: basisNote(r),
      },
    ],
    diagnosis: c.diagnosisCodes.map((code, i) => ({
      sequence: i + 1,
      diagnosisCodeableConcept: concept(FHIR_SYSTEMS.icd10cm, icd10WithDot(code)),
      ...(i === 0 ? { type: [concept(FHIR_SYSTEMS.diagnosisType, "principal", "Principal Diagnosis")] } : {}),
    })),
    insurance: [{ sequence: 1, focal: true, coverage: ref(refs.coverage) }],
    item: c.lines.map((line, i): FhirClaimItem => {
      const cents = line.chargeCents ?? 0;
      return {
        sequence: i + 1,
        careTeamSequence: [1],
        diagnosisSequence: pointers,
        productOrService: concept(FHIR_SYSTEMS.cpt, line.cptCode),
        ...(line.modifiers.length > 0
          ? { modifier: line.modifiers.map((m) => concept(FHIR_SYSTEMS.cpt, m)) }
          : {}),
        servicedDate: c.serviceDate,
        locationCodeableConcept: pos,
        quantity: { value: line.units },
        unitPrice: usd(Math.round(cents / line.units)),
        net: usd(cents),
      };
    }),
    total: usd(totalChargeCents(r)),
  };
}

/** The Claim first, then what it references, in reading order. */
function claimResources(r: ClaimRecord): FhirResource[] {
  const billing = billingOrganization(r);
  const insurer = payerOrganization(r.payer);
  const homePlan = payerOrganization(r.homePlan);
  const pat = patient(r);
  const refs: ClaimRefs = {
    patient: pat,
    coverage: coverage(r, pat, homePlan),
    practitioner: practitioner(r),
    billing,
    insurer,
    homePlan,
    location: location(r, billing),
  };
  return [
    claim(r, refs),
    refs.patient,
    refs.coverage,
    refs.practitioner,
    refs.billing,
    refs.insurer,
    refs.homePlan,
    refs.location,
  ];
}

/** The record field a shared resource comes from, for naming a conflict. */
function sourceField(resource: FhirResource): string {
  switch (resource.resourceType) {
    case "Patient":
      return "client";
    case "Coverage":
      return "coverage";
    case "Practitioner":
      return "provider";
    case "Organization":
      return resource.id.startsWith("billing-") ? "billing" : "payer";
    case "Location":
      return "claim.serviceLocation";
    case "Claim":
      return "claim";
  }
}

function bundle(records: readonly ClaimRecord[], timestamp: string | undefined): FhirBundle {
  assertClaimRecords(records);
  const claimIds = new Set<string>();
  for (const r of records) {
    if (claimIds.has(r.claim.id))
      throw new ClaimDataError([
        { claimId: r.claim.id, field: "claim.id", message: "the claim appears twice in the batch" },
      ]);
    claimIds.add(r.claim.id);
  }
  const entries = new Map<
    string,
    { readonly entry: FhirBundleEntry; readonly json: string; readonly claimId: string }
  >();
  for (const r of records) {
    for (const resource of claimResources(r)) {
      const url = fullUrl(resource);
      const json = JSON.stringify(resource);
      const seen = entries.get(url);
      if (seen === undefined) {
        entries.set(url, { entry: { fullUrl: url, resource }, json, claimId: r.claim.id });
      } else if (seen.json !== json) {
        // One id, two different resources: the batch would silently keep one of them.
        throw new ClaimDataError([
          {
            claimId: r.claim.id,
            field: sourceField(resource),
            message: `${resource.resourceType} ${resource.id} differs from the one in claim ${seen.claimId}`,
          },
        ]);
      }
    }
  }
  return {
    resourceType: "Bundle",
    type: "collection",
    ...(timestamp === undefined ? {} : { timestamp }),
    entry: [...entries.values()].map((e) => e.entry),
  };
}

/**
 * A FHIR R4 Bundle (type "collection") for one claim: the Claim plus the Patient, Coverage,
 * Practitioner (rendering provider), Organization (billing organization and the insurer/payers)
 * and Location (where the service was rendered) it references. Calls assertClaimRecords first
 * (throws ClaimDataError naming the claim and field).
 */
export function claimBundle(record: ClaimRecord): FhirBundle {
  return bundle([record], undefined);
}

/**
 * Many claims in one Bundle (type "collection", stamped with `timestamp`); shared resources
 * (the same patient, practitioner, organization) appear once. Throws on an empty list, and
 * ClaimDataError when a record lacks something or two records disagree about a shared resource.
 */
export function claimsBundle(records: readonly ClaimRecord[], timestamp: Date): FhirBundle {
  if (records.length === 0) throw new Error("a FHIR claims bundle needs at least one claim");
  if (Number.isNaN(timestamp.getTime())) throw new RangeError("the bundle timestamp is not a valid date");
  return bundle(records, timestamp.toISOString());
}
