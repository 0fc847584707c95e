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
import type {
  Address,
  Bundle,
  BundleEntry,
  Claim,
  ClaimItem,
  CodeableConcept,
  Coding,
  ContactPoint,
  Coverage,
  HumanName,
  Identifier,
  Location,
  Money,
  Organization,
  Patient,
  Practitioner,
  Reference,
} from "@medplum/fhirtypes";
import { CLAIM_FILING_INDICATORS, claimFilingIndicator } from "./claim-filing.js";
import type {
  AdministrativeSex,
  ClaimPayer,
  ClaimRecord,
  PersonName,
  PostalAddress,
} from "./claim-record.js";
import {
  ClaimDataError,
  assertClaimRecords,
  parsePersonName,
  providerName,
  totalChargeCents,
  zipDigits,
} from "./claim-record.js";

// ---------------------------------------------------------------------------------------------
// The FHIR R4 shapes: Medplum's generated R4 types (@medplum/fhirtypes), not hand-written ones.

export type FhirCoding = Coding;
export type FhirCodeableConcept = CodeableConcept;
export type FhirReference = Reference;
export type FhirIdentifier = Identifier;
export type FhirMoney = Money;
export type FhirAddress = Address;
export type FhirHumanName = HumanName;
export type FhirContactPoint = ContactPoint;
export type FhirClaimItem = ClaimItem;
export type FhirClaim = Claim;
export type FhirPatient = Patient;
export type FhirCoverage = Coverage;
export type FhirPractitioner = Practitioner;
export type FhirOrganization = Organization;
export type FhirLocation = Location;

/** The resources a claim bundle holds. */
export type FhirResource =
  FhirClaim | FhirPatient | FhirCoverage | FhirPractitioner | FhirOrganization | FhirLocation;

/** A bundle entry as this writer makes it: always a fullUrl and a resource. */
export type FhirBundleEntry = BundleEntry<FhirResource> & {
  readonly fullUrl: string;
  readonly resource: FhirResource;
};

/** A claim bundle: a collection with its identifier and the time it was assembled. */
export type FhirBundle = Bundle<FhirResource> & {
  readonly resourceType: "Bundle";
  readonly type: "collection";
  readonly identifier: Identifier;
  readonly timestamp: string;
  readonly entry: FhirBundleEntry[];
};

/** What identifies a bundle and when it was written: the caller's (the writer has no clock). */
export interface BundleStamp {
  /** A unique id for this file (an export's id, or a fresh UUID for a one-claim file). */
  readonly id: string;
  readonly timestamp: Date;
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
  /** Member IDs are issued by the member's plan: `<memberId>/<payer catalogue id>` is the system. */
  memberId: "https://stateline.example/member-id",
  /** A payer's own claim control number (the original of a replacement or void, X12 REF*F8). */
  payerClaimControlNumber: "https://stateline.example/payer-claim-control-number",
  relatedClaimRelationship: "http://terminology.hl7.org/CodeSystem/ex-relatedclaimrelationship",
  /** Identifies a claim file: a batch export's id, or a one-claim file's. */
  claimFile: "https://stateline.example/claim-file",
} as const;

/** The member-id identifier system of one plan (the plan issues the id). */
export const memberIdSystem = (planId: string): string => `${FHIR_SYSTEMS.memberId}/${planId}`;

const GENDER: Readonly<Record<AdministrativeSex, "female" | "male" | "unknown">> = {
  F: "female",
  M: "male",
  U: "unknown",
};

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

function fullUrl(resource: { readonly resourceType: string; readonly id?: string | undefined }): string {
  return `urn:uuid:${uuidV5(`${resource.resourceType}/${resource.id ?? ""}`)}`;
}

function ref<T extends FhirResource>(resource: T, display?: string): Reference<T> {
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
  const digits = zipDigits(a.zip);
  const zip =
    digits === null ? a.zip : digits.length === 9 ? `${digits.slice(0, 5)}-${digits.slice(5)}` : digits;
  const lines = [a.line1, a.line2 ?? null].filter(nonEmpty).map((l) => l.trim());
  return {
    ...(use === undefined ? {} : { use }),
    type: "physical",
    ...(lines.length > 0 ? { line: lines } : {}),
    ...(nonEmpty(a.city) ? { city: a.city.trim() } : {}),
    state: a.state,
    ...(nonEmpty(zip) ? { postalCode: zip } : {}),
    country: "US",
  };
}

/** family, given (first, then middle), suffix (Jr, then credentials such as LCSW). */
function humanName(full: string, n: PersonName): FhirHumanName {
  const given = [n.firstName, n.middleName].filter(nonEmpty).map((g) => g.trim());
  const suffix = [n.suffix, n.credentials].filter(nonEmpty).map((x) => x.trim());
  return {
    use: "official",
    text: full.trim(),
    family: n.lastName,
    ...(given.length > 0 ? { given } : {}),
    ...(suffix.length > 0 ? { suffix } : {}),
  };
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
    name: [humanName(c.name, parsePersonName(c.name))],
    ...(c.sex === null || c.sex === undefined ? {} : { gender: GENDER[c.sex] }),
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
    name: [humanName(p.name, providerName(r))],
    qualification: [{ code: concept(FHIR_SYSTEMS.nuccTaxonomy, p.taxonomy) }],
  };
}

function coverage(r: ClaimRecord, beneficiary: FhirPatient, homePlan: FhirOrganization): FhirCoverage {
  const memberId = r.coverage.memberId;
  const filing = claimFilingIndicator(r.homePlan, r.coverage.product);
  const period = r.coverage.period;
  return {
    resourceType: "Coverage",
    id: fhirId("coverage", r.coverage.id),
    ...(memberId === null
      ? {}
      : {
          identifier: [
            {
              type: concept(FHIR_SYSTEMS.identifierType, "MB", "Member Number"),
              system: memberIdSystem(r.homePlan.id),
              value: memberId,
            },
          ],
        }),
    status: "active",
    ...(period && (period.start !== null || period.end !== null)
      ? {
          period: {
            ...(period.start === null ? {} : { start: period.start }),
            ...(period.end === null ? {} : { end: period.end }),
          },
        }
      : {}),
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
  const frequency = c.frequency ?? "1";
  const prior = c.payerControlNumber?.trim() ?? "";
  return {
    resourceType: "Claim",
    id: fhirId("claim", c.id),
    identifier: [
      { system: FHIR_SYSTEMS.claimId, value: c.id },
      { system: FHIR_SYSTEMS.claimNumber, value: c.number },
    ],
    // A void (X12 frequency 8) cancels the claim the payer has; a replacement (7) is active.
    status: frequency === "8" ? "cancelled" : "active",
    ...(frequency !== "1" && prior !== ""
      ? {
          related: [
            {
              claim: {
                identifier: { system: `${FHIR_SYSTEMS.payerClaimControlNumber}/${r.payer.id}`, value: prior },
              },
              relationship: concept(FHIR_SYSTEMS.relatedClaimRelationship, "prior", "Prior Claim"),
            },
          ],
        }
      : {}),
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
      return (resource.id ?? "").startsWith("billing-") ? "billing" : "payer";
    case "Location":
      return "claim.serviceLocation";
    case "Claim":
      return "claim";
  }
}

function bundle(records: readonly ClaimRecord[], stamp: BundleStamp): FhirBundle {
  if (Number.isNaN(stamp.timestamp.getTime()))
    throw new RangeError("the bundle timestamp is not a valid date");
  if (stamp.id.trim() === "") throw new RangeError("the bundle needs an identifier");
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
            message: `${resource.resourceType} ${resource.id ?? ""} differs from the one in claim ${seen.claimId}`,
          },
        ]);
      }
    }
  }
  return {
    resourceType: "Bundle",
    identifier: { system: FHIR_SYSTEMS.claimFile, value: stamp.id },
    type: "collection",
    timestamp: stamp.timestamp.toISOString(),
    entry: [...entries.values()].map((e) => e.entry),
  };
}

/**
 * A FHIR R4 Bundle (type "collection", with `identifier` and `timestamp` from `stamp`) for one
 * claim: the one Claim plus the Patient, Coverage, Practitioner (rendering provider),
 * Organization (billing organization and the insurer/payers) and Location (where the service
 * was rendered) it references. Calls assertClaimRecords first (throws ClaimDataError naming the
 * claim and field).
 */
export function claimBundle(record: ClaimRecord, stamp: BundleStamp): FhirBundle {
  return bundle([record], stamp);
}

/**
 * Many claims in one Bundle (type "collection", identified and stamped by `stamp`); shared resources
 * (the same patient, practitioner, organization) appear once. Throws on an empty list, and
 * ClaimDataError when a record lacks something or two records disagree about a shared resource.
 */
export function claimsBundle(records: readonly ClaimRecord[], stamp: BundleStamp): FhirBundle {
  if (records.length === 0) throw new Error("a FHIR claims bundle needs at least one claim");
  return bundle(records, stamp);
}
