import { payerCatalogue } from "../../app/catalogue.js";
import {
  CatalogueDto,
  ERRORS,
  type AreaEntry as AreaEntryBody,
  type Payer,
  type PayerCatalogue,
} from "../../contract/api/index.js";
import type { AreaEntry, PayerEntry } from "../../reference/payers.js";
import { actorOf, type Api, type ServerDeps } from "../context.js";

const list = <T>(values: readonly T[] | undefined) => (values ? [...values] : undefined);

const areaDto = (a: AreaEntry): AreaEntryBody => ({
  state: a.state,
  counties: list(a.counties),
  exceptCounties: list(a.exceptCounties),
  zips: list(a.zips),
  exceptZips: list(a.exceptZips),
  note: a.note,
  confidence: a.confidence,
});

const payerDto = (p: PayerEntry): Payer => ({
  id: p.id,
  name: p.name,
  kind: p.kind,
  mark: p.mark,
  areaName: p.areaName,
  states: [...p.states],
  area: p.area?.map(areaDto),
  source: [...p.source],
  confidence: p.confidence,
  notes: p.notes,
});

export function catalogueRoutes(api: Api, deps: ServerDeps): void {
  api.get(
    "/payers",
    {
      schema: {
        tags: ["reference"],
        summary:
          "The payer catalogue: national payers and every Blue plan with its service area, sources and confidence",
        response: { 200: CatalogueDto, ...ERRORS },
      },
    },
    async (request): Promise<PayerCatalogue> => {
      const catalogue = payerCatalogue(deps.geo, await actorOf(request, deps));
      return {
        payers: catalogue.payers.map(payerDto),
        noBluePlan: { states: [...catalogue.noBluePlan.states], note: catalogue.noBluePlan.note },
      };
    },
  );
}
