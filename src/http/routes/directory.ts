/**
 * The directory: who may see and bill a client there, on a date (exactly the engine's answer),
 * and a provider's listing settings (accepting new clients).
 */
import {
  directorySettings,
  saveDirectorySettings,
  searchDirectory,
  type DirectoryEntry,
  type DirectoryPage,
} from "../../app/directory.js";
import {
  DirectoryPageDto,
  DirectoryQuery,
  DirectorySettingsBody,
  DirectorySettingsDto,
  ERRORS,
  IdParams,
  WRITE_ERRORS,
  type DirectoryEntry as DirectoryEntryBody,
  type DirectoryPage as DirectoryPageBody,
} from "../../contract/api/index.js";
import { actorOf, type Api, type ServerDeps } from "../context.js";

const entryDto = (e: DirectoryEntry): DirectoryEntryBody => ({
  providerId: e.provider.id,
  name: e.provider.name,
  npi: e.provider.npi,
  acceptingNewClients: e.acceptingNewClients,
  basis: e.basis,
  billTo: e.billTo,
  billToName: e.billToName,
  license: e.license
    ? {
        id: e.license.id,
        state: e.license.state,
        type: e.license.type,
        number: e.license.number,
        source: e.license.source,
        validTo: e.license.validTo,
      }
    : null,
  credential: e.credential
    ? {
        id: e.credential.id,
        payer: e.credential.payer,
        state: e.credential.state,
        network: e.credential.network,
        effectiveTo: e.credential.effectiveTo,
      }
    : null,
  until: e.until,
  daysLeft: e.daysLeft,
  contact: {
    email: e.email,
    offices: e.offices.map((o) => ({ label: o.label, city: o.city, state: o.state, zip: o.zip })),
  },
});

const pageDto = (p: DirectoryPage): DirectoryPageBody => ({
  view: p.view,
  search: { ...p.search },
  items: p.items.map(entryDto),
  next: p.next,
});

export function directoryRoutes(api: Api, deps: ServerDeps): void {
  const now = () => deps.now?.() ?? new Date();

  api.get(
    "/directory",
    {
      schema: {
        tags: ["directory"],
        summary: "Providers who may see and bill a client there, on a date (the engine's answer for each)",
        description:
          "Give the client's payer (and product, when known) and the place (state, ZIP) and date (default today), modality (default telehealth); or `clientId` to search with that client's coverage at one of their places (default: where they are that day). " +
          "Each entry says how the claim goes (basis, billTo), the license and credential the engine used and `until`, the earliest end date of the two (`daysLeft` from the date searched). " +
          "Ordered by name, then id; `limit` (default 25, at most 100) and `cursor` (the `next` of the previous page). Filters: licenseType (of the license used), acceptingNew. " +
          "Operations and providers (one practice: every provider is a colleague) see every entry in full. A client searches only with their own coverage at their own places (400 otherwise) and sees names, contact and how the claim goes, not license internals (`view: public`). Searches for a client are audited (directory.search).",
        querystring: DirectoryQuery,
        response: { 200: DirectoryPageDto, ...ERRORS },
      },
    },
    async (request) => {
      const q = request.query;
      return pageDto(await searchDirectory(deps.store, deps.geo, await actorOf(request, deps), q, now()));
    },
  );

  api.get(
    "/providers/:id/directory",
    {
      schema: {
        tags: ["directory"],
        summary: "A provider's directory listing settings (the provider themself, operations)",
        params: IdParams,
        response: { 200: DirectorySettingsDto, ...ERRORS },
      },
    },
    async (request) => directorySettings(deps.store, await actorOf(request, deps), request.params.id),
  );

  api.put(
    "/providers/:id/directory",
    {
      schema: {
        tags: ["directory"],
        summary: "Whether the provider is accepting new clients (the provider themself, operations)",
        description:
          "Shown on every directory entry; the directory's acceptingNew filter uses it. Audited as provider.directory.",
        params: IdParams,
        body: DirectorySettingsBody,
        response: { 200: DirectorySettingsDto, ...WRITE_ERRORS },
      },
    },
    async (request) =>
      saveDirectorySettings(deps.store, await actorOf(request, deps), request.params.id, request.body),
  );
}
