/**
 * A table of records that becomes one card per row at phone width (`table--cards` in
 * styles.css): each cell carries its column's name as `data-label`, the first column named
 * `rowHeader` is the row's header cell, and an `actions` column holds the row's buttons under a
 * header only screen readers read.
 */
import type { ReactNode } from "react";

export interface Column<T> {
  /** The column's name: its header, and each cell's label when the rows are cards. */
  readonly header: string;
  readonly cell: (row: T) => ReactNode;
  /** The cell that names the row (`<th scope="row">`). */
  readonly rowHeader?: boolean;
  /** The row's buttons: a hidden header, no card label, aligned as actions. */
  readonly actions?: boolean;
  readonly className?: string;
}

export function DataTable<T>({
  rows,
  columns,
  rowKey,
  caption,
  className,
  rowData,
  empty,
}: {
  rows: readonly T[];
  columns: readonly Column<T>[];
  rowKey: (row: T) => string;
  /** For screen readers: what the table lists. */
  caption?: string;
  /** Added to the wrapper (`table-wrap`), e.g. a width. */
  className?: string;
  /** `data-*` attributes for each row (what tests and styles find it by). */
  rowData?: (row: T) => Readonly<Record<`data-${string}`, string>>;
  /** Shown instead of the table when there are no rows. */
  empty?: ReactNode;
}) {
  if (rows.length === 0 && empty !== undefined) return <>{empty}</>;
  return (
    <div className={className ? `table-wrap ${className}` : "table-wrap"}>
      <table className="table table--cards">
        {caption ? <caption className="visually-hidden">{caption}</caption> : null}
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.header} scope="col">
                {c.actions ? <span className="visually-hidden">{c.header}</span> : c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} {...rowData?.(row)}>
              {columns.map((c) => {
                if (c.actions)
                  return (
                    <td
                      key={c.header}
                      className={c.className ? `table__actions ${c.className}` : "table__actions"}
                    >
                      {c.cell(row)}
                    </td>
                  );
                const Cell = c.rowHeader ? "th" : "td";
                return (
                  <Cell
                    key={c.header}
                    {...(c.rowHeader ? { scope: "row" } : {})}
                    data-label={c.header}
                    {...(c.className ? { className: c.className } : {})}
                  >
                    {c.cell(row)}
                  </Cell>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
