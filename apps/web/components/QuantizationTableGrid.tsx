import type { JpegSignalsView_JpegFragment } from '@/lib/gql/graphql';

type QuantizationTable = JpegSignalsView_JpegFragment['quantizationTables'][number];

const ROWS = [0, 1, 2, 3, 4, 5, 6, 7];

/** One JPEG quantisation table as an 8×8 grid (values row by row, as reported). */
export function QuantizationTableGrid({ table }: { table: QuantizationTable }) {
  return (
    <table className="qtable">
      <caption>Table {table.id}</caption>
      <tbody>
        {ROWS.map((row) => (
          <tr key={row}>
            {table.values.slice(row * 8, row * 8 + 8).map((value, column) => (
              <td key={column}>{value}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
