/** The table's markup, rendered to a string in Node (no DOM): what the styles and e2e tests rely on. */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { DataTable, type Column } from "./DataTable";

interface Fee {
  readonly cpt: string;
  readonly charge: string;
}

const COLUMNS: readonly Column<Fee>[] = [
  { header: "CPT code", rowHeader: true, className: "codes", cell: (f) => f.cpt },
  { header: "Charge", cell: (f) => f.charge },
  {
    header: "Actions",
    actions: true,
    cell: (f) => createElement("button", { type: "button" }, `Edit ${f.cpt}`),
  },
];

const FEES: readonly Fee[] = [
  { cpt: "90791", charge: "$200.00" },
  { cpt: "90837", charge: "$175.00" },
];

const render = (props: Partial<Parameters<typeof DataTable<Fee>>[0]> = {}) =>
  renderToStaticMarkup(
    createElement(DataTable<Fee>, { rows: FEES, columns: COLUMNS, rowKey: (f) => f.cpt, ...props }),
  );

describe("DataTable", () => {
  it("labels every cell with its column, so rows read as cards at phone width", () => {
    const html = render();
    expect(html).toContain('<div class="table-wrap"><table class="table table--cards">');
    expect(html).toContain(
      '<thead><tr><th scope="col">CPT code</th><th scope="col">Charge</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>',
    );
    expect(html).toContain(
      '<tr><th scope="row" data-label="CPT code" class="codes">90791</th><td data-label="Charge">$200.00</td><td class="table__actions"><button type="button">Edit 90791</button></td></tr>',
    );
    expect(html.match(/<tr>/g)).toHaveLength(3);
  });

  it("takes a caption for screen readers, a wrapper class and data attributes per row", () => {
    const html = render({
      caption: "Fee schedule",
      className: "settings-table",
      rowData: (f) => ({ "data-cpt": f.cpt }),
    });
    expect(html).toContain(
      '<div class="table-wrap settings-table"><table class="table table--cards"><caption class="visually-hidden">Fee schedule</caption>',
    );
    expect(html).toContain('<tr data-cpt="90837"><th scope="row"');
  });

  it("shows what it is given for no rows instead of an empty table", () => {
    const empty = createElement("p", { className: "empty" }, "No fees yet.");
    expect(render({ rows: [], empty })).toBe('<p class="empty">No fees yet.</p>');
    expect(render({ rows: [] })).toContain("<tbody></tbody>");
  });
});
