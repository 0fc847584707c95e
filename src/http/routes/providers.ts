import type { ProviderFile } from "../../app/model.js";
import { visibleProvider } from "../../app/access.js";
import {
  addPracticeLocation,
  addProvider,
  listProviders,
  saveCredential,
  saveLicense,
} from "../../app/providers.js";
import {
  CredentialBody,
  CredentialDto,
  ERRORS,
  LicenseBody,
  PracticeBody,
  PracticeLocationDto,
  ProviderBody,
  ProviderDto,
  ProviderItemParams,
  ProviderListQuery,
  ProviderParams,
  ProblemDto,
  SavedLicenseDto,
  WRITE_ERRORS,
  type CredentialInput,
  type LicenseInput,
  type Provider,
} from "../../contract/api/index.js";
import { actorOf, type Api, type ServerDeps } from "../context.js";
import { pagedArray, sendPage } from "../paging.js";

export const providerDto = (f: ProviderFile): Provider => ({
  id: f.provider.id,
  name: f.provider.name,
  firstName: f.provider.firstName,
  middleName: f.provider.middleName,
  lastName: f.provider.lastName,
  suffix: f.provider.suffix,
  // `credentials` is the provider's payer credentials on this resource.
  credentialLetters: f.provider.credentials,
  npi: f.provider.npi,
  taxonomy: f.provider.taxonomy,
  licenses: [...f.licenses],
  credentials: [...f.credentials],
  practiceLocations: [...f.practiceLocations],
});

const license = (b: LicenseInput) => ({
  state: b.state,
  type: b.type,
  number: b.number ?? null,
  status: b.status,
  validFrom: b.validFrom ?? null,
  validTo: b.validTo ?? null,
  telehealthOnly: b.telehealthOnly ?? false,
  source: b.source ?? "state_board",
  homeState: b.homeState ?? null,
});
const credential = (b: CredentialInput) => ({
  payer: b.payer,
  state: b.state,
  network: b.network,
  status: b.status,
  effectiveFrom: b.effectiveFrom ?? null,
  effectiveTo: b.effectiveTo ?? null,
});

export function providerRoutes(api: Api, deps: ServerDeps): void {
  const tags = ["providers"];
  // The server's clock: saving a license or credential re-checks upcoming sessions from today.
  const now = () => deps.now?.() ?? new Date();
  api.get(
    "/providers",
    {
      schema: {
        tags,
        summary: "Providers you may see (yourself; operations: everyone)",
        description:
          "By name, then id, each with licenses, credentials and practice locations; `limit` a page (default and at most 100: a file is about 5 KB), `cursor` the next page (the X-Next-Cursor of the previous one).",
        querystring: ProviderListQuery,
        response: { 200: pagedArray(ProviderDto, "Providers by name."), ...ERRORS },
      },
    },
    async (request, reply) => {
      const page = await listProviders(deps.store, await actorOf(request, deps), request.query);
      return sendPage(request, reply, page, providerDto);
    },
  );
  api.post(
    "/providers",
    {
      schema: {
        tags,
        summary: "Add a provider (operations)",
        description:
          'The name in parts (first, middle, last, suffix) and the credentials apart; the answer\'s `name` is the display name ("Maya R. Chen, LCSW").',
        body: ProviderBody,
        response: { 201: ProviderDto, ...WRITE_ERRORS, 409: ProblemDto },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const file = await addProvider(
        deps.store,
        await actorOf(request, deps),
        {
          firstName: b.firstName,
          middleName: b.middleName,
          lastName: b.lastName,
          suffix: b.suffix,
          credentials: b.credentialLetters ?? b.credentials,
          npi: b.npi,
          taxonomy: b.taxonomy,
        },
        b.credentialLetters === undefined ? "credentials" : "credentialLetters",
      );
      return reply.code(201).send(providerDto(file));
    },
  );
  api.get(
    "/providers/:id",
    {
      schema: {
        tags,
        summary: "A provider with licenses, credentials and practice locations",
        params: ProviderParams,
        response: { 200: ProviderDto, ...ERRORS },
      },
    },
    async (request) => {
      const { id } = request.params;
      return providerDto(await visibleProvider(deps.store, await actorOf(request, deps), id));
    },
  );
  api.post(
    "/providers/:id/licenses",
    {
      schema: {
        tags,
        summary: "Add a license or compact privilege",
        description:
          "A compact privilege names its homeState. The answer's `check` says what the engine will conclude about a privilege or NLC entry today; a privilege that does not hold is saved all the same.",
        params: ProviderParams,
        body: LicenseBody,
        response: { 201: SavedLicenseDto, ...WRITE_ERRORS },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const saved = await saveLicense(
        deps.store,
        deps.geo,
        await actorOf(request, deps),
        id,
        license(request.body),
        undefined,
        now(),
      );
      return reply.code(201).send(saved);
    },
  );
  api.put(
    "/providers/:id/licenses/:itemId",
    {
      schema: {
        tags,
        summary: "Edit a license",
        params: ProviderItemParams,
        body: LicenseBody,
        response: { 200: SavedLicenseDto, ...WRITE_ERRORS },
      },
    },
    async (request) => {
      const { id, itemId } = request.params;
      return saveLicense(
        deps.store,
        deps.geo,
        await actorOf(request, deps),
        id,
        license(request.body),
        itemId,
        now(),
      );
    },
  );
  api.post(
    "/providers/:id/credentials",
    {
      schema: {
        tags,
        summary: "Add a payer credential",
        params: ProviderParams,
        body: CredentialBody,
        response: { 201: CredentialDto, ...WRITE_ERRORS },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const body = credential(request.body);
      const saved = await saveCredential(
        deps.store,
        deps.geo,
        await actorOf(request, deps),
        id,
        body,
        undefined,
        now(),
      );
      return reply.code(201).send(saved);
    },
  );
  api.put(
    "/providers/:id/credentials/:itemId",
    {
      schema: {
        tags,
        summary: "Edit a credential",
        params: ProviderItemParams,
        body: CredentialBody,
        response: { 200: CredentialDto, ...WRITE_ERRORS },
      },
    },
    async (request) => {
      const { id, itemId } = request.params;
      const body = credential(request.body);
      return saveCredential(deps.store, deps.geo, await actorOf(request, deps), id, body, itemId, now());
    },
  );
  api.post(
    "/providers/:id/practice-locations",
    {
      schema: {
        tags,
        summary: "Add a practice location",
        params: ProviderParams,
        body: PracticeBody,
        response: { 201: PracticeLocationDto, ...WRITE_ERRORS },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const b = request.body;
      const saved = await addPracticeLocation(deps.store, deps.geo, await actorOf(request, deps), id, {
        label: b.label,
        line1: b.line1,
        line2: b.line2 ?? null,
        city: b.city ?? null,
        state: b.state,
        zip: b.zip,
      });
      return reply.code(201).send(saved);
    },
  );
}
