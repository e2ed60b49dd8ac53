// CSV files as councils publish them, through csv-parse: UTF-8 with or without a
// byte-order mark, CRLF or LF, quoted fields holding commas, quotes and line breaks.
// Records come with the line they start on (counted here: csv-parse's own count is
// off after a quoted CRLF); blank lines are skipped; a record with more or fewer fields
// than the header stops the import, naming its line.
import { pipeline, Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { ImportStopped } from './report.js';
import type { Source } from './source.js';

export interface CsvRecord {
  /** The line the record starts on; the header is line 1 unless blank lines precede it. */
  line: number;
  fields: string[];
}

export interface CsvFile {
  header: CsvRecord;
  records: AsyncGenerator<CsvRecord>;
}

const lineBreaks = (field: string) => (field.includes('\n') || field.includes('\r') ? (field.match(/\r\n|\r|\n/g)?.length ?? 0) : 0);

/** Opens a CSV source: its header, then its records. Throws ImportStopped for a file that is not CSV. */
export async function openCsv(source: Source): Promise<CsvFile> {
  const parser = parse({ bom: true, relax_column_count: true, skip_empty_lines: false });
  // The source's own refusals (empty, binary) destroy the parser with them, so its reader throws them.
  pipeline(Readable.from(source.chunks()), parser, () => undefined);
  const iterator = readRecords(parser, source);
  const looksLikeJson = () => source.firstCharacter === '{' || source.firstCharacter === '[';
  const notCsv = () => new ImportStopped(source.path, 1, 'this looks like JSON, not CSV: is it a contracts file?');
  let first: IteratorResult<CsvRecord>;
  try {
    first = await iterator.next();
  } catch (error) {
    throw looksLikeJson() ? notCsv() : error;
  }
  if (first.done) throw new ImportStopped(source.path, null, 'the file is empty');
  if (looksLikeJson()) throw notCsv();
  const header = first.value;
  const width = header.fields.length;
  async function* records(): AsyncGenerator<CsvRecord> {
    for await (const record of { [Symbol.asyncIterator]: () => iterator }) {
      if (record.fields.length !== width) {
        const count = record.fields.length;
        throw new ImportStopped(source.path, record.line, `${count} field${count === 1 ? '' : 's'} where the header has ${width}`);
      }
      yield record;
    }
  }
  return { header, records: records() };
}

async function* readRecords(parser: AsyncIterable<string[]>, source: Source): AsyncGenerator<CsvRecord> {
  let line = 1;
  try {
    for await (const fields of parser) {
      const start = line;
      let breaks = 0;
      for (const field of fields) breaks += lineBreaks(field);
      line += 1 + breaks;
      // A blank line: one empty field.
      if (fields.length === 1 && fields[0]!.trim() === '') continue;
      yield { line: start, fields };
    }
  } catch (error) {
    if (error instanceof ImportStopped) throw error;
    if (error instanceof CsvError) {
      const problem = error.code === 'CSV_QUOTE_NOT_CLOSED' ? 'a quoted field is never closed' : `not valid CSV (${error.message.split(':')[0]})`;
      throw new ImportStopped(source.path, line, problem);
    }
    throw error;
  }
}
