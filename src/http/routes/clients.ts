import { Type } from "@sinclair/typebox";
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
import type { ClientLocation, Coverage } from "../../app/model.js";
import {
  ClientDetailDto,
  ClientLocationDto,
  ClientParams,
  ClientSummaryDto,
  CoverageBody,
  CoverageDto,
  DateQuery,
  ERRORS,
  GuidanceDto,
  HistoryQuery,
  NewClientBody,
  NewLocationBody,
  ProblemDto,
  WRITE_ERRORS,
  type ClientSummary as ClientSummaryBody,
  type Coverage as CoverageAnswer,
  type CoverageInput,
} from "../../contract/api/index.js";
import { actorOf, today, type Api, type ServerDeps } from "../context.js";

/** A coverage as answered: the client is the one in the path (or the summary it belongs to). */
const coverageDto = (c: Coverage): CoverageAnswer => ({
  id: c.id,
  payer: c.payer,
  memberId: c.memberId,
  bluecard: c.bluecard,
  product: c.product,
  effectiveFrom: c.effectiveFrom,
  effectiveTo: c.effectiveTo,
});

export const summaryDto = (s: ClientSummary): ClientSummaryBody => ({
  id: s.client.id,
  providerId: s.client.providerId,
  name: s.client.name,
  birthDate: s.client.birthDate,
  sex: s.client.sex,
  diagnosisCodes: [...s.client.diagnosisCodes],
  coverage: s.coverage ? coverageDto(s.coverage) : null,
  currentLocation: s.currentLocation,
  badge: s.badge,
  decision: s.decision,
});

export const locationDto = (l: ClientLocation) => l;

const coverage = (c: CoverageInput) => ({
  payer: c.payer,
  memberId: c.memberId ?? null,
  bluecard: c.bluecard ?? null,
  product: c.product ?? null,
  effectiveFrom: c.effectiveFrom ?? null,
  effectiveTo: c.effectiveTo ?? null,
});

export function clientRoutes(api: Api, deps: ServerDeps): void {
  api.post(
    "/clients",
    {
      schema: {
        tags: ["clients"],
        summary: "Add a client with their coverage (and optionally a first location)",
        body: NewClientBody,
        response: { 201: ClientDetailDto, ...WRITE_ERRORS },
      },
    },
    async (request, reply) => {
      const actor = await actorOf(request, deps);
      const b = request.body;
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
        params: ClientParams,
        body: CoverageBody,
        response: { 200: CoverageDto, ...WRITE_ERRORS },
      },
    },
    async (request) => {
      const actor = await actorOf(request, deps);
      const { id } = request.params;
      const saved = await setCoverage(
        deps.store,
        deps.geo,
        actor,
        id,
        coverage(request.body),
        deps.now?.() ?? new Date(),
      );
      return coverageDto(saved);
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
      const { date } = request.query;
      return (await listClients(deps.store, deps.geo, actor, date ?? today(deps))).map(summaryDto);
    },
  );

  api.get(
    "/clients/:id",
    {
      schema: {
        tags: ["clients"],
        summary: "One client with coverage and current locations",
        params: ClientParams,
        querystring: DateQuery,
        response: { 200: ClientDetailDto, ...ERRORS },
      },
    },
    async (request) => {
      const actor = await actorOf(request, deps);
      const { id } = request.params;
      const { date } = request.query;
      const detail = await getClient(deps.store, deps.geo, actor, id, date ?? today(deps));
      return { ...summaryDto(detail), locations: detail.locations.map(locationDto) };
    },
  );

  api.get(
    "/clients/:id/locations",
    {
      schema: {
        tags: ["clients"],
        summary: "A client's locations (with history=true, replaced ones too)",
        params: ClientParams,
        querystring: HistoryQuery,
        response: { 200: Type.Array(ClientLocationDto), ...ERRORS },
      },
    },
    async (request) => {
      const actor = await actorOf(request, deps);
      const { id } = request.params;
      const { history } = request.query;
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
        params: ClientParams,
        body: NewLocationBody,
        response: { 201: ClientLocationDto, ...WRITE_ERRORS },
      },
    },
    async (request, reply) => {
      const actor = await actorOf(request, deps);
      const { id } = request.params;
      const b = request.body;
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
        params: ClientParams,
        querystring: DateQuery,
        response: { 200: GuidanceDto, ...ERRORS, 409: ProblemDto },
      },
    },
    async (request) => {
      const actor = await actorOf(request, deps);
      const { id } = request.params;
      const { date } = request.query;
      return billingMethod(deps.store, deps.geo, actor, id, date ?? today(deps));
    },
  );
}
