/**
 * Providers' own records: licenses, credentials and practice locations. A provider reaches only
 * their own; operations reach everyone's (rosters). Anyone else gets NOT_FOUND.
 */
import { COMPACT_SOURCES, type CaseInput, type CompactSource } from "../contract/schema.js";
import { validNpi } from "../formats/npi.js";
import { privilegeFailure } from "../rules/decide.js";
import type { Geography } from "../rules/geography.js";
import { nlcNotAuthority, privilegeNotValid } from "../rules/messages.js";
import { stateName } from "../contract/states.js";
import { visibleProvider } from "./access.js";
import type { Actor } from "./actor.js";
import { checkAddress, checkAddressText } from "./addresses.js";
import { refreshReach } from "./directory.js";
import { recheckProvider } from "./alerts/recheck.js";
import { audit } from "./audit.js";
import { todayOf } from "./calendar.js";
import { AppError, invalid, notFound } from "./errors.js";
import type { Credential, License, PracticeLocation, ProviderFile } from "./model.js";
import { personName } from "./names.js";
import { engineProvider } from "./placement.js";
import { afterCursor, ORDERS, pageOf, type Page } from "./paging.js";
import { DuplicateNpiError, type Store } from "./ports.js";
import { normalizeZip } from "./text-fields.js";

/**
 * A page of provider files is at most 100: a file (licenses, credentials, offices) is about 5 KB
 * at national scale, so 100 are about the bytes of 1,000 claims and answer as fast.
 */
export const PROVIDER_PAGE = { default: 100, max: 100 } as const;

/**
 * The providers the actor may see with their files, by name, a page at a time (at most 100):
 * operations everyone, a provider themself. Five queries a page whatever its size (the page,
 * then its providers' licenses, credentials and practice locations, one query each).
 */
export async function listProviders(
  store: Store,
  actor: Actor,
  q: { readonly limit?: number | undefined; readonly cursor?: string | undefined } = {},
): Promise<Page<ProviderFile>> {
  if (actor.role === "client") throw notFound("provider");
  const after = afterCursor(ORDERS.providers, q.cursor);
  if (actor.role !== "ops") {
    // A provider's list is themself: one row, on the first page only.
    const file =
      actor.providerId && after === undefined ? await store.providers.file(actor.providerId) : undefined;
    return { items: file ? [file] : [], next: null };
  }
  const page = await store.providers.page({ limit: q.limit ?? PROVIDER_PAGE.default, after });
  const files = await store.providers.files(page.items.map((p) => p.id));
  return pageOf(ORDERS.providers, { items: files, more: page.more });
}

function checkDates(from: string | null, to: string | null, fromField: string, toField: string): void {
  if (from && to && from > to) throw invalid(toField, `${toField} (${to}) is before ${fromField} (${from})`);
}

/**
 * A new provider (operations): the name in parts as the 837P carries it (first, middle, last,
 * suffix) and the credentials apart; lists show `displayName` ("Maya R. Chen, LCSW").
 */
export async function addProvider(
  store: Store,
  actor: Actor,
  input: Parameters<typeof personName>[0] & { npi: string; taxonomy: string },
  /** What the request calls the credentials (the API: credentialLetters). */
  credentialsField = "credentials",
): Promise<ProviderFile> {
  if (actor.role !== "ops") throw notFound("route");
  const name = personName(input, "", credentialsField);
  if (!validNpi(input.npi))
    throw invalid("npi", `"${input.npi}" is not a valid NPI (10 digits, check digit per CMS)`);
  const provider = await store.providers
    .add({ ...name, npi: input.npi, taxonomy: input.taxonomy })
    .catch((e: unknown) => {
      if (e instanceof DuplicateNpiError)
        throw new AppError("CONFLICT", `a provider with NPI ${input.npi} is already on file`, {
          fields: [{ path: "npi", message: "already on file for another provider" }],
        });
      throw e;
    });
  await audit(store, actor, "provider.create", "provider", provider.id, null);
  return { provider, licenses: [], credentials: [], practiceLocations: [] };
}

/** What the engine will make of a saved license today, told for the provider who saved it. */
export interface LicenseCheck {
  /** Whether the entry counts as an authority to practise (its own status and dates aside). */
  readonly holds: boolean;
  /** One sentence: why it holds ("Colorado joined PSYPACT on 2018-04-12; …") or which condition fails. */
  readonly message: string;
}

/** A saved license, with what the engine will conclude about it (compact privileges and NLC entries). */
export type SavedLicense = License & { readonly check: LicenseCheck | null };

const isCompact = (source: License["source"]): source is CompactSource =>
  (COMPACT_SOURCES as readonly string[]).includes(source);

/** The compacts as providers name them in a sentence. */
const COMPACT_LABEL: Readonly<Record<CompactSource, string>> = {
  PSYPACT: "PSYPACT",
  counseling_compact: "the Counseling Compact",
  social_work_compact: "the Social Work Compact",
};

/** Sources that make a home license for a compact privilege (rule 2a). */
const isStateLicense = (source: License["source"]): boolean => source === "state_board" || source === "IMLC";

/**
 * Checks what entry needs and answers what the engine will conclude: a compact privilege names a
 * home state where the provider holds a state license on file; any other entry names none.
 */
function checkHomeState(
  file: ProviderFile,
  input: Omit<License, "id" | "providerId">,
  licenseId?: string,
): void {
  const home = input.homeState;
  if (!isCompact(input.source)) {
    if (home !== null)
      throw invalid(
        "homeState",
        "only a compact privilege (PSYPACT, Counseling Compact, Social Work Compact) has a home state",
      );
    return;
  }
  if (home === null) {
    throw invalid(
      "homeState",
      "a compact privilege rests on a home license: give the state of that license (homeState)",
    );
  }
  if (home === input.state) {
    throw invalid(
      "homeState",
      `a privilege is for a state other than the home state; ${stateName(home)} is both`,
    );
  }
  const homes = file.licenses.filter((l) => l.id !== licenseId && isStateLicense(l.source));
  if (!homes.some((l) => l.state === home)) {
    const held = [...new Set(homes.map((l) => stateName(l.state)))];
    const onFile =
      held.length > 0
        ? `your state licenses on file are in ${held.join(", ")}`
        : "you have no state license on file";
    throw invalid(
      "homeState",
      `no ${stateName(home)} license is on file (${onFile}): add the ${stateName(home)} license the privilege rests on first`,
    );
  }
}

/** Rule 2a as the engine will apply it on `date`, for a session in the license's state. */
function licenseCheck(
  geo: Geography,
  file: ProviderFile,
  license: License,
  date: string,
): LicenseCheck | null {
  const provider = engineProvider({
    ...file,
    licenses: [...file.licenses.filter((l) => l.id !== license.id), license],
  });
  const entry = engineProvider({ ...file, licenses: [license] }).licenses[0];
  if (!entry) return null;
  if (license.source === "NLC") return { holds: false, message: nlcNotAuthority(entry).message };
  if (!isCompact(license.source) || license.homeState === null) return null;
  const c: CaseInput = {
    provider,
    client: { coverage: { payer: "aetna" } },
    session: { date, modality: "telehealth", clientLocation: { state: license.state } },
  };
  const compact = geo.compact(license.source);
  const failure = privilegeFailure(entry, c, geo);
  if (failure) return { holds: false, message: privilegeNotValid(entry, failure, compact, date).message };
  const name = COMPACT_LABEL[license.source];
  const joined = (s: License["state"]) => compact?.joined(s) ?? "an unknown date";
  const home = file.licenses.find(
    (l) =>
      l.state === license.homeState &&
      isStateLicense(l.source) &&
      l.status === "active" &&
      compact?.fits(l.type) !== false &&
      (l.validFrom === null || l.validFrom <= date) &&
      (l.validTo === null || date <= l.validTo),
  );
  const homeState = license.homeState;
  const qualifies = home
    ? `your ${stateName(homeState)} ${home.type} license qualifies`
    : "your home license qualifies";
  return {
    holds: true,
    message: `${stateName(license.state)} joined ${name} on ${joined(license.state)} and ${stateName(homeState)} on ${joined(homeState)}; ${qualifies}.`,
  };
}

/**
 * Adds or edits a license or compact privilege. A compact privilege must name its home state, a
 * state where the provider holds a state license on file; it is saved even when rule 2a does not
 * hold today (providers record what they hold), and the answer says what the engine concludes.
 */
export async function saveLicense(
  store: Store,
  geo: Geography,
  actor: Actor,
  providerId: string,
  input: Omit<License, "id" | "providerId">,
  licenseId?: string,
  now: Date = new Date(),
): Promise<SavedLicense> {
  const file = await visibleProvider(store, actor, providerId);
  checkDates(input.validFrom, input.validTo, "validFrom", "validTo");
  checkHomeState(file, input, licenseId);
  const license = await store.transaction(async (tx) => {
    let license: License | undefined;
    if (licenseId === undefined) license = await tx.providers.addLicense(file.provider.id, input);
    else {
      if (!file.licenses.some((l) => l.id === licenseId)) throw notFound("license");
      license = await tx.providers.updateLicense(licenseId, input);
    }
    if (!license) throw notFound("license");
    await audit(
      tx,
      actor,
      licenseId ? "license.update" : "license.create",
      "license",
      license.id,
      null,
      input,
    );
    // Alerts (src/app/alerts/recheck.ts): re-check the provider's upcoming sessions with the change.
    await recheckProvider(tx, geo, file.provider.id, todayOf(now), now);
    // The directory's reach index, in the same transaction (src/app/directory.ts).
    await refreshReach(tx, [file.provider.id]);
    return license;
  });
  return { ...license, check: licenseCheck(geo, file, license, todayOf(now)) };
}

export async function saveCredential(
  store: Store,
  geo: Geography,
  actor: Actor,
  providerId: string,
  input: Omit<Credential, "id" | "providerId">,
  credentialId?: string,
  now: Date = new Date(),
): Promise<Credential> {
  const file = await visibleProvider(store, actor, providerId);
  checkDates(input.effectiveFrom, input.effectiveTo, "effectiveFrom", "effectiveTo");
  const payer = geo.payer(input.payer);
  if (!payer) throw invalid("payer", `"${input.payer}" is not in the payer catalogue`);
  if (input.network === "virtual" && payer.kind !== "bcbs") {
    throw invalid("network", `virtual networks are BCBS plans' networks; ${payer.name} has none`);
  }
  return store.transaction(async (tx) => {
    let credential: Credential | undefined;
    if (credentialId === undefined) credential = await tx.providers.addCredential(file.provider.id, input);
    else {
      if (!file.credentials.some((c) => c.id === credentialId)) throw notFound("credential");
      credential = await tx.providers.updateCredential(credentialId, input);
    }
    if (!credential) throw notFound("credential");
    await audit(
      tx,
      actor,
      credentialId ? "credential.update" : "credential.create",
      "credential",
      credential.id,
      null,
      input,
    );
    // Alerts (src/app/alerts/recheck.ts): re-check the provider's upcoming sessions with the change.
    await recheckProvider(tx, geo, file.provider.id, todayOf(now), now);
    // The directory's reach index, in the same transaction (src/app/directory.ts).
    await refreshReach(tx, [file.provider.id]);
    return credential;
  });
}

export async function addPracticeLocation(
  store: Store,
  geo: Geography,
  actor: Actor,
  providerId: string,
  input: Omit<PracticeLocation, "id" | "providerId">,
): Promise<PracticeLocation> {
  const file = await visibleProvider(store, actor, providerId);
  const zip = normalizeZip(input.zip, "zip");
  checkAddressText(input, "");
  checkAddress(geo, { state: input.state, zip }, "");
  if (!input.line1?.trim()) throw invalid("line1", "a practice location needs its street address");
  const location = await store.providers.addPracticeLocation(file.provider.id, { ...input, zip });
  await audit(store, actor, "practice_location.create", "practice_location", location.id, null);
  return location;
}
