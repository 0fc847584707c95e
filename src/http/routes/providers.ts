import { Type, type Static } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import type { ProviderFile } from "../../app/model.js";
import {
  addPracticeLocation,
  addProvider,
  listProviders,
  saveCredential,
  saveLicense,
  visibleProvider,
} from "../../app/providers.js";
import {
  CREDENTIAL_STATUSES,
  IsoDate,
  LICENSE_SOURCES,
  LICENSE_STATUSES,
  NETWORKS,
  oneOf,
  StateCodeSchema,
} from "../../contract/schema.js";
import { TEXT } from "../../app/text-fields.js";
import { actorOf, type ServerDeps } from "../context.js";
import {
  AddressText,
  ClaimText,
  CredentialDto,
  ERRORS,
  OptionalClaimText,
  PracticeLocationDto,
  ProviderDto,
  SavedLicenseDto,
  ZipInput,
} from "../dto.js";

const literals = <const T extends readonly string[]>(values: T) => oneOf(values, values.join(", "));
const DateOrNull = Type.Optional(Type.Union([IsoDate, Type.Null()]));

const LicenseBody = Type.Object({
  state: StateCodeSchema,
  type: Type.String({ minLength: 1, maxLength: 40 }),
  number: Type.Optional(Type.Union([Type.String({ maxLength: 60 }), Type.Null()])),
  status: literals(LICENSE_STATUSES),
  validFrom: DateOrNull,
  validTo: DateOrNull,
  telehealthOnly: Type.Optional(Type.Boolean()),
  source: Type.Optional(literals(LICENSE_SOURCES)),
  homeState: Type.Optional(
    Type.Union([StateCodeSchema, Type.Null()], {
      "x-expected": "a US state postal code such as TX, or null",
      description:
        "Compact privileges (PSYPACT, counseling_compact, social_work_compact) only, and required for them: the state of the home license the privilege rests on, one where you hold a state license on file",
    }),
  ),
});
const CredentialBody = Type.Object({
  payer: Type.String({ minLength: 1, maxLength: 40 }),
  state: StateCodeSchema,
  network: literals(NETWORKS),
  status: literals(CREDENTIAL_STATUSES),
  effectiveFrom: DateOrNull,
  effectiveTo: DateOrNull,
});
const PracticeBody = Type.Object({
  label: Type.String({ minLength: 1, maxLength: 100 }),
  line1: ClaimText(TEXT.addressLine, { minLength: 1, description: "Street address" }),
  line2: AddressText.line2,
  city: AddressText.city,
  state: StateCodeSchema,
  zip: ZipInput,
});
/** The name in parts as the 837P carries it (NM103–NM107); credentials are kept apart. */
const ProviderBody = Type.Object({
  firstName: ClaimText(TEXT.firstName, { minLength: 1 }),
  middleName: OptionalClaimText(TEXT.middleName, "Middle name or initial"),
  lastName: ClaimText(TEXT.lastName, { minLength: 1 }),
  suffix: OptionalClaimText(TEXT.suffix, "Jr, Sr, II, III …"),
  credentialLetters: OptionalClaimText(
    TEXT.credentials,
    'Letters after the name: "LCSW", "PsyD", "MD, MPH" (`credentials` is accepted here too)',
  ),
  credentials: OptionalClaimText(TEXT.credentials, "The same as credentialLetters"),
  npi: Type.String({ pattern: "^[0-9]{10}$", "x-expected": "a 10-digit NPI" }),
  taxonomy: Type.String({
    pattern: "^[0-9]{3}[0-9A-Z]{6}X$",
    "x-expected": "a NUCC taxonomy code such as 1041C0700X",
  }),
});

const Params = Type.Object({ id: Type.String() });
const ItemParams = Type.Object({ id: Type.String(), itemId: Type.String() });

export const providerDto = (f: ProviderFile) => ({
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
  licenses: f.licenses,
  credentials: f.credentials,
  practiceLocations: f.practiceLocations,
});

const license = (b: Static<typeof LicenseBody>) => ({
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
const credential = (b: Static<typeof CredentialBody>) => ({
  payer: b.payer,
  state: b.state,
  network: b.network,
  status: b.status,
  effectiveFrom: b.effectiveFrom ?? null,
  effectiveTo: b.effectiveTo ?? null,
});

export function providerRoutes(api: FastifyInstance, deps: ServerDeps): void {
  const tags = ["providers"];
  // The server's clock: saving a license or credential re-checks upcoming sessions from today.
  const now = () => deps.now?.() ?? new Date();
  api.get(
    "/providers",
    {
      schema: {
        tags,
        summary: "Providers you may see (yourself; operations: everyone)",
        response: { 200: Type.Array(ProviderDto), ...ERRORS },
      },
    },
    async (request) => (await listProviders(deps.store, await actorOf(request, deps))).map(providerDto),
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
        response: { 201: ProviderDto, ...ERRORS },
      },
    },
    async (request, reply) => {
      const b = request.body as Static<typeof ProviderBody>;
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
        params: Params,
        response: { 200: ProviderDto, ...ERRORS },
      },
    },
    async (request) => {
      const { id } = request.params as Static<typeof Params>;
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
        params: Params,
        body: LicenseBody,
        response: { 201: SavedLicenseDto, ...ERRORS },
      },
    },
    async (request, reply) => {
      const { id } = request.params as Static<typeof Params>;
      const saved = await saveLicense(
        deps.store,
        deps.geo,
        await actorOf(request, deps),
        id,
        license(request.body as Static<typeof LicenseBody>),
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
        params: ItemParams,
        body: LicenseBody,
        response: { 200: SavedLicenseDto, ...ERRORS },
      },
    },
    async (request) => {
      const { id, itemId } = request.params as Static<typeof ItemParams>;
      return saveLicense(
        deps.store,
        deps.geo,
        await actorOf(request, deps),
        id,
        license(request.body as Static<typeof LicenseBody>),
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
        params: Params,
        body: CredentialBody,
        response: { 201: CredentialDto, ...ERRORS },
      },
    },
    async (request, reply) => {
      const { id } = request.params as Static<typeof Params>;
      const body = credential(request.body as Static<typeof CredentialBody>);
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
        params: ItemParams,
        body: CredentialBody,
        response: { 200: CredentialDto, ...ERRORS },
      },
    },
    async (request) => {
      const { id, itemId } = request.params as Static<typeof ItemParams>;
      const body = credential(request.body as Static<typeof CredentialBody>);
      return saveCredential(deps.store, deps.geo, await actorOf(request, deps), id, body, itemId, now());
    },
  );
  api.post(
    "/providers/:id/practice-locations",
    {
      schema: {
        tags,
        summary: "Add a practice location",
        params: Params,
        body: PracticeBody,
        response: { 201: PracticeLocationDto, ...ERRORS },
      },
    },
    async (request, reply) => {
      const { id } = request.params as Static<typeof Params>;
      const b = request.body as Static<typeof PracticeBody>;
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
