import { Type } from "@sinclair/typebox";
import {
  addLocation,
  billingMethod,
  createClient,
  editLocation,
  getClient,
  listClients,
  listLocations,
  removeLocation,
  setCoverage,
  type ClientSummary,
  type SavedLocation,
} from "../../app/clients.js";
import type { ClientLocation, Coverage } from "../../app/model.js";
import {
  ClientDetailDto,
  ClientLocationDto,
  ClientParams,
  ClientListQuery,
  ClientSummaryDto,
  CoverageBody,
  CoverageDto,
  DateQuery,
  EditLocationBody,
  ERRORS,
  GuidanceDto,
  HistoryQuery,
  LocationParams,
  NewClientBody,
  NewLocationBody,
  ProblemDto,
  RemovedLocationDto,
  SavedLocationDto,
  WRITE_ERRORS,
  type ClientSummary as ClientSummaryBody,
  type SavedLocation as SavedLocationBody,
  type Coverage as CoverageAnswer,
  type CoverageInput,
} from "../../contract/api/index.js";
import { actorOf, today, type Api, type ServerDeps } from "../context.js";
import { pagedArray, sendPage } from "../paging.js";

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
  risks: s.risks.map((r) => ({
    ...r,
    notes: [...r.notes],
    sessions: r.sessions.map((x) => ({ ...x })),
  })),
});

export const locationDto = (l: ClientLocation) => l;

const savedDto = (l: SavedLocation): SavedLocationBody => ({
  ...l,
  replaced: l.replaced ?? null,
  atRisk: l.atRisk.map((x) => ({ ...x })),
});

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
      const detail = await getClient(deps.store, deps.geo, actor, client.id, today(deps), today(deps));
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
        description:
          "By name, then id; `limit` a page (default 100, at most 200: each row is decided), `cursor` the next page (the X-Next-Cursor of the previous one).",
        querystring: ClientListQuery,
        response: { 200: pagedArray(ClientSummaryDto, "Clients by name."), ...ERRORS },
      },
    },
    async (request, reply) => {
      const actor = await actorOf(request, deps);
      const { date, limit, cursor } = request.query;
      const page = await listClients(deps.store, deps.geo, actor, date ?? today(deps), today(deps), {
        limit,
        cursor,
      });
      return sendPage(request, reply, page, summaryDto);
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
      const detail = await getClient(deps.store, deps.geo, actor, id, date ?? today(deps), today(deps));
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
          "Add a location (home, virtual-session, or a trip with dates); `replaces` retires an old one. Answers the upcoming sessions it puts at risk",
        params: ClientParams,
        body: NewLocationBody,
        response: { 201: SavedLocationDto, ...WRITE_ERRORS },
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
      return reply.code(201).send(savedDto(location));
    },
  );

  api.patch(
    "/clients/:id/locations/:locationId",
    {
      schema: {
        tags: ["clients"],
        summary:
          "Change a location (only the fields given; null clears one; ending it is setting endsOn). A used location whose address changes is archived and replaced. Answers the upcoming sessions the change puts at risk",
        params: LocationParams,
        body: EditLocationBody,
        response: { 200: SavedLocationDto, ...WRITE_ERRORS },
      },
    },
    async (request) => {
      const actor = await actorOf(request, deps);
      const { id, locationId } = request.params;
      const b = request.body;
      const saved = await editLocation(
        deps.store,
        deps.geo,
        actor,
        id,
        locationId,
        {
          label: b.label,
          line1: b.line1,
          line2: b.line2,
          city: b.city,
          state: b.state,
          zip: b.zip,
          startsOn: b.startsOn,
          endsOn: b.endsOn,
        },
        deps.now?.() ?? new Date(),
      );
      return savedDto(saved);
    },
  );

  api.delete(
    "/clients/:id/locations/:locationId",
    {
      schema: {
        tags: ["clients"],
        summary:
          "Remove a location: deleted if no session used it, else archived (sessions keep their snapshot). Answers the upcoming sessions it puts at risk",
        params: LocationParams,
        response: { 200: RemovedLocationDto, ...WRITE_ERRORS },
      },
    },
    async (request) => {
      const actor = await actorOf(request, deps);
      const { id, locationId } = request.params;
      const removed = await removeLocation(
        deps.store,
        deps.geo,
        actor,
        id,
        locationId,
        deps.now?.() ?? new Date(),
      );
      return { ...removed, atRisk: removed.atRisk.map((x) => ({ ...x })) };
    },
  );

  api.get(
    "/clients/:id/billing-method",
    {
      schema: {
        tags: ["clients"],
        summary:
          "Every practice location (in person) and every current client location (by video), each with its own answer: can you see them there, by which route, billed to whom, and if not why, what to do and whether a crisis session would be billable. A trip is judged on the day asked when it covers it, else on its first day (judgedOn); places over before that day are left out",
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
