/**
 * Providers' own records: licenses, credentials and practice locations. A provider reaches only
 * their own; operations reach everyone's (rosters). Anyone else gets NOT_FOUND.
 */
import { validNpi } from "../formats/npi.js";
import type { Geography } from "../rules/geography.js";
import type { Actor } from "./actor.js";
import { recheckProvider, todayOf } from "./alerts.js";
import { audit, checkAddress } from "./clients.js";
import { AppError, invalid, notFound } from "./errors.js";
import type { Credential, License, PracticeLocation, ProviderFile } from "./model.js";
import type { Store } from "./ports.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function visibleProvider(store: Store, actor: Actor, providerId: string): Promise<ProviderFile> {
  const mine = actor.role === "ops" || (actor.role === "provider" && actor.providerId === providerId);
  const file = mine && UUID.test(providerId) ? await store.providers.file(providerId) : undefined;
  if (!file) throw notFound("provider");
  return file;
}

export async function listProviders(store: Store, actor: Actor): Promise<ProviderFile[]> {
  if (actor.role === "client") throw notFound("provider");
  const ids =
    actor.role === "ops"
      ? (await store.providers.list()).map((p) => p.id)
      : actor.providerId
        ? [actor.providerId]
        : [];
  const files: ProviderFile[] = [];
  for (const id of ids) {
    const f = await store.providers.file(id);
    if (f) files.push(f);
  }
  return files;
}

function checkDates(from: string | null, to: string | null, fromField: string, toField: string): void {
  if (from && to && from > to) throw invalid(toField, `${toField} (${to}) is before ${fromField} (${from})`);
}

export async function addProvider(
  store: Store,
  actor: Actor,
  input: { name: string; npi: string; taxonomy: string },
): Promise<ProviderFile> {
  if (actor.role !== "ops") throw notFound("route");
  if (!validNpi(input.npi))
    throw invalid("npi", `"${input.npi}" is not a valid NPI (10 digits, check digit per CMS)`);
  const provider = await store.providers.add(input);
  await audit(store, actor, "provider.create", "provider", provider.id, null);
  return { provider, licenses: [], credentials: [], practiceLocations: [] };
}

export async function saveLicense(
  store: Store,
  geo: Geography,
  actor: Actor,
  providerId: string,
  input: Omit<License, "id" | "providerId">,
  licenseId?: string,
  now: Date = new Date(),
): Promise<License> {
  const file = await visibleProvider(store, actor, providerId);
  checkDates(input.validFrom, input.validTo, "validFrom", "validTo");
  if (input.telehealthOnly && input.source === "state_board") {
    throw invalid("source", "a telehealth-only authority is a compact privilege: say which compact");
  }
  return store.transaction(async (tx) => {
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
    // Alerts (src/app/alerts.ts): re-check the provider's upcoming sessions with the change.
    await recheckProvider(tx, geo, file.provider.id, todayOf(now), now);
    return license;
  });
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
    // Alerts (src/app/alerts.ts): re-check the provider's upcoming sessions with the change.
    await recheckProvider(tx, geo, file.provider.id, todayOf(now), now);
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
  checkAddress(geo, input, "");
  if (!input.line1) throw invalid("line1", "a practice location needs its street address");
  const location = await store.providers.addPracticeLocation(file.provider.id, input);
  await audit(store, actor, "practice_location.create", "practice_location", location.id, null);
  return location;
}

export function requireRole(actor: Actor, ...roles: Actor["role"][]): void {
  if (!roles.includes(actor.role)) throw new AppError("NOT_FOUND", "no such resource");
}
