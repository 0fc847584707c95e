import { Type, type Static } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import {
  addLocation,
  billingMethod,
  createClient,
  getClient,
  listClients,
  listLocations,
  setCoverage,
  type ClientSummary,
} from "../../app/clients.js";
import type { ClientLocation } from "../../app/model.js";
import { IsoDate, PRODUCTS, StateCodeSchema } from "../../contract/schema.js";
import { TEXT } from "../../app/text-fields.js";
import { actorOf, today, type ServerDeps } from "../context.js";
import {
  AddressText,
  ClaimText,
  ClientDetailDto,
  ClientLocationDto,
  ClientSummaryDto,
  CoverageDto,
  DiagnosisCodesBody,
  ERRORS,
  GuidanceDto,
  LocationKindSchema,
  OptionalClaimText,
  ProductSchema,
  SexSchema,
  ZipInput,
} from "../dto.js";

const Params = Type.Object({ id: Type.String({ description: "Client id" }) });
const DateQuery = Type.Object({ date: Type.Optional(IsoDate) });
const Text = (max: number) => Type.Optional(Type.Union([Type.String({ maxLength: max }), Type.Null()]));

export const NewLocationBody = Type.Object({
  kind: LocationKindSchema,
  label: Text(100),
  ...AddressText,
  state: StateCodeSchema,
  zip: Type.Optional(Type.Union([ZipInput, Type.Null()])),
  startsOn: Type.Optional(Type.Union([IsoDate, Type.Null()])),
  endsOn: Type.Optional(Type.Union([IsoDate, Type.Null()])),
  replaces: Type.Optional(Type.Union([Type.String(), Type.Null()])),
});

export const summaryDto = (s: ClientSummary) => ({
  id: s.client.id,
  providerId: s.client.providerId,
  name: s.client.name,
  birthDate: s.client.birthDate,
  sex: s.client.sex,
  diagnosisCodes: [...s.client.diagnosisCodes],
  coverage: s.coverage
    ? {
        id: s.coverage.id,
        payer: s.coverage.payer,
        memberId: s.coverage.memberId,
        bluecard: s.coverage.bluecard,
        product: s.coverage.product,
        effectiveFrom: s.coverage.effectiveFrom,
        effectiveTo: s.coverage.effectiveTo,
      }
    : null,
  currentLocation: s.currentLocation,
  badge: s.badge,
  decision: s.decision,
});

export const locationDto = (l: ClientLocation) => l;

const CoverageBody = Type.Object({
  payer: Type.String({ minLength: 1, maxLength: 40 }),
  memberId: OptionalClaimText(TEXT.memberId, "Exactly as on the member's card"),
  bluecard: Type.Optional(Type.Union([Type.Boolean(), Type.Null()])),
  product: Type.Optional(
    Type.Union([ProductSchema, Type.Null()], {
      "x-expected": `one of ${PRODUCTS.join(", ")}, or null`,
      description:
        "The kind of plan: decides out-of-area (BlueCard) benefits and the claim filing indicator; null or absent = not known",
    }),
  ),
  effectiveFrom: Type.Optional(Type.Union([IsoDate, Type.Null()])),
  effectiveTo: Type.Optional(Type.Union([IsoDate, Type.Null()])),
});
const NewClientBody = Type.Object({
  providerId: Type.Optional(Type.String({ description: "Operations only: whose client" })),
  name: ClaimText(
    { max: TEXT.firstName.max + 1 + TEXT.lastName.max, why: "a first and a last name" },
    {
      minLength: 1,
      description: `First name(s) and last name; claims read the last word as the last name (at most ${TEXT.lastName.max}) and the rest as the first name (at most ${TEXT.firstName.max})`,
    },
  ),
  birthDate: Type.Optional(Type.Union([IsoDate, Type.Null()])),
  sex: Type.Optional(SexSchema),
  diagnosisCodes: Type.Optional(DiagnosisCodesBody),
  coverage: CoverageBody,
  location: Type.Optional(Type.Omit(NewLocationBody, ["replaces"])),
});
const coverage = (c: Static<typeof CoverageBody>) => ({
  payer: c.payer,
  memberId: c.memberId ?? null,
  bluecard: c.bluecard ?? null,
  product: c.product ?? null,
  effectiveFrom: c.effectiveFrom ?? null,
  effectiveTo: c.effectiveTo ?? null,
});

export function clientRoutes(api: FastifyInstance, deps: ServerDeps): void {
  api.post(
    "/clients",
    {
      schema: {
        tags: ["clients"],
        summary: "Add a client with their coverage (and optionally a first location)",
        body: NewClientBody,
        response: { 201: ClientDetailDto, ...ERRORS },
      },
    },
    async (request, reply) => {
      const actor = await actorOf(request, deps);
      const b = request.body as Static<typeof NewClientBody>;
      const loc = b.location;
      const client = await createClient(deps.store, deps.geo, actor, {
        providerId: b.providerId ?? null,
        name: b.name,
        birthDate: b.birthDate ?? null,
        sex: b.sex,
        diagnosisCodes: b.diagnosisCodes,
        coverage: coverage(b.coverage),
        location: loc
          ? {
              kind: loc.kind,
              label: loc.label ?? null,
              line1: loc.line1 ?? null,
              line2: loc.line2 ?? null,
              city: loc.city ?? null,
              state: loc.state,
              zip: loc.zip ?? null,
              startsOn: loc.startsOn ?? null,
              endsOn: loc.endsOn ?? null,
            }
          : null,
      });
      const detail = await getClient(deps.store, deps.geo, actor, client.id, today(deps));
      return reply.code(201).send({ ...summaryDto(detail), locations: detail.locations.map(locationDto) });
    },
  );

  api.put(
    "/clients/:id/coverage",
    {
      schema: {
        tags: ["clients"],
        summary: "Record the client's current insurance coverage (the previous one is kept in history)",
        params: Params,
        body: CoverageBody,
        response: { 200: CoverageDto, ...ERRORS },
      },
    },
    async (request) => {
      const actor = await actorOf(request, deps);
      const { id } = request.params as Static<typeof Params>;
      return setCoverage(
        deps.store,
        deps.geo,
        actor,
        id,
        coverage(request.body as Static<typeof CoverageBody>),
        deps.now?.() ?? new Date(),
      );
    },
  );

  api.get(
    "/clients",
    {
      schema: {
        tags: ["clients"],
        summary: "Clients you may see, each with plan, current location and whether they can be seen there",
        querystring: DateQuery,
        response: { 200: Type.Array(ClientSummaryDto), ...ERRORS },
      },
    },
    async (request) => {
      const actor = await actorOf(request, deps);
      const { date } = request.query as Static<typeof DateQuery>;
      return (await listClients(deps.store, deps.geo, actor, date ?? today(deps))).map(summaryDto);
    },
  );

  api.get(
    "/clients/:id",
    {
      schema: {
        tags: ["clients"],
        summary: "One client with coverage and current locations",
        params: Params,
        querystring: DateQuery,
        response: { 200: ClientDetailDto, ...ERRORS },
      },
    },
    async (request) => {
      const actor = await actorOf(request, deps);
      const { id } = request.params as Static<typeof Params>;
      const { date } = request.query as Static<typeof DateQuery>;
      const detail = await getClient(deps.store, deps.geo, actor, id, date ?? today(deps));
      return { ...summaryDto(detail), locations: detail.locations.map(locationDto) };
    },
  );

  const HistoryQuery = Type.Object({ history: Type.Optional(Type.Boolean()) });
  api.get(
    "/clients/:id/locations",
    {
      schema: {
        tags: ["clients"],
        summary: "A client's locations (with history=true, replaced ones too)",
        params: Params,
        querystring: HistoryQuery,
        response: { 200: Type.Array(ClientLocationDto), ...ERRORS },
      },
    },
    async (request) => {
      const actor = await actorOf(request, deps);
      const { id } = request.params as Static<typeof Params>;
      const { history } = request.query as Static<typeof HistoryQuery>;
      return (await listLocations(deps.store, actor, id, history ?? false)).map(locationDto);
    },
  );

  api.post(
    "/clients/:id/locations",
    {
      schema: {
        tags: ["clients"],
        summary:
          "Add a location (home, virtual-session, or a trip with dates); `replaces` retires an old one",
        params: Params,
        body: NewLocationBody,
        response: { 201: ClientLocationDto, ...ERRORS },
      },
    },
    async (request, reply) => {
      const actor = await actorOf(request, deps);
      const { id } = request.params as Static<typeof Params>;
      const b = request.body as Static<typeof NewLocationBody>;
      const location = await addLocation(
        deps.store,
        deps.geo,
        actor,
        id,
        {
          kind: b.kind,
          label: b.label ?? null,
          line1: b.line1 ?? null,
          line2: b.line2 ?? null,
          city: b.city ?? null,
          state: b.state,
          zip: b.zip ?? null,
          startsOn: b.startsOn ?? null,
          endsOn: b.endsOn ?? null,
          replaces: b.replaces ?? null,
        },
        deps.now?.() ?? new Date(),
      );
      return reply.code(201).send(locationDto(location));
    },
  );

  api.get(
    "/clients/:id/billing-method",
    {
      schema: {
        tags: ["clients"],
        summary:
          "One guidance box per state among the practice locations and the client's locations: can you see them there, by which route, billed to whom, and if not why and what to do",
        params: Params,
        querystring: DateQuery,
        response: { 200: GuidanceDto, ...ERRORS },
      },
    },
    async (request) => {
      const actor = await actorOf(request, deps);
      const { id } = request.params as Static<typeof Params>;
      const { date } = request.query as Static<typeof DateQuery>;
      return billingMethod(deps.store, deps.geo, actor, id, date ?? today(deps));
    },
  );
}
