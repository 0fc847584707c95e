/**
 * Claim records for the format tests: one of each kind a payer sees (in network by video,
 * BlueCard, virtual network, crisis, in office), each complete.
 */
import type { BillingOrganization, ClaimRecord } from "../../src/formats/claim-record.js";
import { serviceLines } from "../../src/formats/claim-record.js";

export const billing: BillingOrganization = {
  name: "Stateline Behavioral Health Group",
  npi: "1993999998",
  taxId: "123456789",
  taxonomy: "261QM0801X",
  address: { line1: "100 Main Street", line2: "Suite 400", city: "Albany", state: "NY", zip: "12207-1234" },
  contactName: "Claims Desk",
  contactPhone: "5185550100",
  submitterId: "STATELINE01",
  receiverName: "Example Clearinghouse",
  receiverId: "CLEARHOUSE01",
  fees: { "90791": 20000, "90834": 13000, "90837": 17500, "90839": 22000, "90840": 10500 },
};

/** Maya R. Chen, LCSW: first Maya, middle R., last Chen, credentials LCSW (never a name element). */
const provider = {
  id: "p-1",
  name: "Maya R. Chen, LCSW",
  npi: "1234567893",
  taxonomy: "1041C0700X",
  personName: { firstName: "Maya", middleName: "R.", lastName: "Chen", suffix: null, credentials: "LCSW" },
};
const client = {
  id: "c-1",
  name: "Alex Rivera",
  birthDate: "1994-03-12",
  sex: "F" as const,
  address: { line1: "12 Elm Street", line2: "Apt 2", city: "Rochester", state: "NY" as const, zip: "14604" },
};

function record(over: {
  id: string;
  basis: ClaimRecord["claim"]["basis"];
  payer: ClaimRecord["payer"];
  homePlan: ClaimRecord["homePlan"];
  memberId: string;
  cptCodes: string[];
  modality: "telehealth" | "in_person";
  placeOfService: "02" | "10" | "11";
  serviceLocation: ClaimRecord["claim"]["serviceLocation"];
  product?: ClaimRecord["coverage"]["product"];
}): ClaimRecord {
  const modifiers = over.modality === "telehealth" ? ["95"] : [];
  // A claim's coverage as confirmed: in force from the start of the year.
  return {
    claim: {
      id: over.id,
      // The fixtures' ids end in their number: …0001 → SL00000001.
      number: `SL${over.id.slice(-8)}`,
      sessionId: `s-${over.id}`,
      serviceDate: "2026-11-20",
      basis: over.basis,
      placeOfService: over.placeOfService,
      lines: serviceLines(over.cptCodes, modifiers, billing.fees),
      diagnosisCodes: ["F411", "F331"],
      serviceLocation: over.serviceLocation,
      modality: over.modality,
      confirmedAt: "2026-11-20T18:05:00.000Z",
    },
    payer: over.payer,
    homePlan: over.homePlan,
    provider,
    client,
    coverage: {
      id: `cov-${over.id}`,
      memberId: over.memberId,
      product: over.product ?? null,
      period: { start: "2026-01-01", end: null },
    },
    billing,
  };
}

const excellus = {
  id: "bcbs-ny-excellus",
  name: "Excellus BlueCross BlueShield",
  kind: "bcbs",
  electronicId: "00800",
} as const;
const aetna = { id: "aetna", name: "Aetna", kind: "national", electronicId: "60054" } as const;
const bcbsIl = {
  id: "bcbs-il",
  name: "Blue Cross and Blue Shield of Illinois",
  kind: "bcbs",
  electronicId: "00621",
} as const;
const bcbsMa = {
  id: "bcbs-ma",
  name: "Blue Cross Blue Shield of Massachusetts",
  kind: "bcbs",
  electronicId: "00701",
} as const;

/** Aetna, by video from the client's home in Rochester. */
export const inNetwork = record({
  id: "0b0c6f4e-1111-4a5b-9c1d-000000000001",
  basis: "in_network",
  payer: aetna,
  homePlan: aetna,
  memberId: "W123456789",
  cptCodes: ["90837"],
  modality: "telehealth",
  placeOfService: "10",
  serviceLocation: client.address,
});

/** An Illinois Blue member at college in Rochester: billed to Excellus, the local plan. */
export const bluecard = record({
  id: "0b0c6f4e-1111-4a5b-9c1d-000000000002",
  basis: "bluecard",
  payer: excellus,
  homePlan: bcbsIl,
  memberId: "XOF123456789",
  cptCodes: ["90834"],
  modality: "telehealth",
  // A dorm is not the client's home: place of service 02, and the 837P names it (loop 2310C).
  placeOfService: "02",
  serviceLocation: { line1: "500 Joseph C Wilson Blvd", city: "Rochester", state: "NY", zip: "14627-0001" },
});

/** A Massachusetts Blue member seen in New York through the plan's virtual network. */
export const virtualNetwork = record({
  id: "0b0c6f4e-1111-4a5b-9c1d-000000000003",
  basis: "virtual_network",
  payer: bcbsMa,
  homePlan: bcbsMa,
  memberId: "ZZB987654321",
  cptCodes: ["90837"],
  modality: "telehealth",
  placeOfService: "10",
  serviceLocation: client.address,
});

/** A 100-minute crisis session from a friend's place (POS 02: loop 2310C, ZIP+4): 90839 + 90840. */
export const crisis = record({
  id: "0b0c6f4e-1111-4a5b-9c1d-000000000004",
  basis: "crisis",
  payer: aetna,
  homePlan: aetna,
  memberId: "W123456789",
  cptCodes: ["90839", "90840"],
  modality: "telehealth",
  placeOfService: "02",
  serviceLocation: { line1: "75 Lake Road Apt 3", city: "Burlington", state: "VT", zip: "05401-2512" },
});

/** In the office in Albany, the billing address (no loop 2310C): place of service 11, no modifier. */
export const inOffice = record({
  id: "0b0c6f4e-1111-4a5b-9c1d-000000000005",
  basis: "in_network",
  payer: aetna,
  homePlan: aetna,
  memberId: "W123456789",
  cptCodes: ["90791"],
  modality: "in_person",
  placeOfService: "11",
  serviceLocation: {
    line1: "100 Main Street",
    line2: "Suite 400",
    city: "Albany",
    state: "NY",
    zip: "12207",
  },
});

export const allKinds = [inNetwork, bluecard, virtualNetwork, crisis, inOffice] as const;
