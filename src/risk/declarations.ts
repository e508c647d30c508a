// Import declarations as risk scoring sees them: the columns of the customs declaration data set
// (data/customs-declarations/, CONTRACT section 10), read from CSV or from the API's JSON bodies.
import { parse } from 'csv-parse/sync';

export interface Declaration {
  declarationId: string;
  /** YYYY-MM-DD */
  date: string;
  officeId: string;
  processType: string;
  importType: string;
  importUse: string;
  paymentType: string;
  transportMode: string;
  declarantId: string;
  importerId: string;
  sellerId: string;
  courierId: string;
  hs6: string;
  departureCountry: string;
  originCountry: string;
  taxRate: number;
  taxType: string;
  originIndicator: string;
  /** kg */
  netMass: number;
  /** KRW in the data set; any one currency in use */
  itemPrice: number;
  /** The outcome of an inspection, when known: 0 none, 1 fraud. */
  fraud?: 0 | 1;
  /** 0 none, 1 fraud, 2 critical (a threat to public safety). */
  criticalFraud?: 0 | 1 | 2;
}

/** CSV header of each field, as in the data set. */
export const CSV_COLUMNS: Record<keyof Declaration, string> = {
  declarationId: 'Declaration ID',
  date: 'Date',
  officeId: 'Office ID',
  processType: 'Process Type',
  importType: 'Import Type',
  importUse: 'Import Use',
  paymentType: 'Payment Type',
  transportMode: 'Mode of Transport',
  declarantId: 'Declarant ID',
  importerId: 'Importer ID',
  sellerId: 'Seller ID',
  courierId: 'Courier ID',
  hs6: 'HS6 Code',
  departureCountry: 'Country of Departure',
  originCountry: 'Country of Origin',
  taxRate: 'Tax Rate',
  taxType: 'Tax Type',
  originIndicator: 'Country of Origin Indicator',
  netMass: 'Net Mass',
  itemPrice: 'Item Price',
  fraud: 'Fraud',
  criticalFraud: 'Critical Fraud',
};

const REQUIRED: (keyof Declaration)[] = ['declarationId', 'date', 'hs6', 'importerId'];

function num(v: string | undefined): number {
  if (v === undefined || v.trim() === '') return NaN;
  const x = Number(v);
  return Number.isFinite(x) ? x : NaN;
}

/** One CSV record (header → text) as a declaration; labels only when the columns are there. */
export function fromRecord(rec: Record<string, string>, line: number): Declaration {
  for (const k of REQUIRED) {
    if (!(CSV_COLUMNS[k] in rec)) throw new Error(`line ${line}: column "${CSV_COLUMNS[k]}" is missing`);
  }
  const s = (k: keyof Declaration) => (rec[CSV_COLUMNS[k]] ?? '').trim();
  const d: Declaration = {
    declarationId: s('declarationId'),
    date: s('date'),
    officeId: s('officeId'),
    processType: s('processType'),
    importType: s('importType'),
    importUse: s('importUse'),
    paymentType: s('paymentType'),
    transportMode: s('transportMode'),
    declarantId: s('declarantId'),
    importerId: s('importerId'),
    sellerId: s('sellerId'),
    courierId: s('courierId'),
    hs6: s('hs6').padStart(6, '0'),
    departureCountry: s('departureCountry'),
    originCountry: s('originCountry'),
    taxRate: num(rec[CSV_COLUMNS.taxRate]),
    taxType: s('taxType'),
    originIndicator: s('originIndicator'),
    netMass: num(rec[CSV_COLUMNS.netMass]),
    itemPrice: num(rec[CSV_COLUMNS.itemPrice]),
  };
  const fraud = s('fraud');
  if (fraud !== '') {
    if (fraud !== '0' && fraud !== '1') throw new Error(`line ${line}: Fraud must be 0 or 1`);
    d.fraud = fraud === '1' ? 1 : 0;
  }
  const critical = s('criticalFraud');
  if (critical !== '') {
    if (!['0', '1', '2'].includes(critical)) throw new Error(`line ${line}: Critical Fraud must be 0, 1 or 2`);
    d.criticalFraud = Number(critical) as 0 | 1 | 2;
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d.date)) throw new Error(`line ${line}: Date must be YYYY-MM-DD`);
  return d;
}

/** Declarations from CSV text with the data set's header. */
export function parseDeclarationsCsv(text: string): Declaration[] {
  const records = parse(text, { columns: true, skip_empty_lines: true, bom: true, trim: false }) as Record<string, string>[];
  return records.map((r, i) => fromRecord(r, i + 2));
}

/** Declarations labelled with an inspection outcome. */
export const labelled = (ds: Declaration[]) => ds.filter((d) => d.fraud === 0 || d.fraud === 1);
