import type { ComponentChildren } from 'preact';

export interface Column<K extends string = string> {
  key: K;
  label: string;
  numeric?: boolean;
}

export interface TableProps<K extends string> {
  /** Every data table has a caption; hide it visually only when a heading right above says the same. */
  caption: string;
  captionHidden?: boolean;
  columns: Column<K>[];
  rows: Record<K, ComponentChildren>[];
  /** Column whose cells are row headers (th scope="row"). */
  rowHeader?: K;
  id: string;
  striped?: boolean;
  small?: boolean;
}

/** KERN data table in a keyboard-scrollable region (reflow at 320 px without page scrolling). */
export function Table<K extends string>(p: TableProps<K>) {
  const captionId = `${p.id}-caption`;
  const cls = `kern-table${p.striped ? ' kern-table--striped' : ''}${p.small ? ' kern-table--small' : ''}`;
  return (
    <div class="kern-table-responsive" role="region" aria-labelledby={captionId} tabIndex={0}>
      <table class={cls} id={p.id}>
        <caption class={`kern-title${p.captionHidden ? ' kern-sr-only' : ''}`} id={captionId}>
          {p.caption}
        </caption>
        <thead class="kern-table__head">
          <tr class="kern-table__row">
            {p.columns.map((c) => (
              <th
                key={c.key}
                scope="col"
                class={`kern-table__header${c.numeric ? ' kern-table__header--numeric' : ''}`}
              >
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody class="kern-table__body">
          {p.rows.map((row, i) => (
            <tr class="kern-table__row" key={i}>
              {p.columns.map((c) =>
                c.key === p.rowHeader ? (
                  <th
                    key={c.key}
                    scope="row"
                    class={`kern-table__header${c.numeric ? ' kern-table__header--numeric' : ''}`}
                  >
                    {row[c.key]}
                  </th>
                ) : (
                  <td key={c.key} class={`kern-table__cell${c.numeric ? ' kern-table__cell--numeric' : ''}`}>
                    {row[c.key]}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
