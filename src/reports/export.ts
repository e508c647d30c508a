// A report's rows as a file: CSV (UTF-8 with a byte-order mark, so spreadsheet programs read the
// Chinese headings), XLSX (exceljs) and a printable PDF (pdfkit with Noto Sans TC, landscape A4,
// headings repeated on every page).
import { createRequire } from 'node:module';
import ExcelJS from 'exceljs';
import PDFDocument from 'pdfkit';
import type { ReportResult } from './figures.ts';

export const FORMATS = ['csv', 'xlsx', 'pdf'] as const;
export type ExportFormat = (typeof FORMATS)[number];
export type Lang = 'zh-TW' | 'en';

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

export const TITLES: Record<string, { zh: string; en: string }> = {
  trips: { zh: '運送趟次報表', en: 'Trips' },
  alerts: { zh: '警示統計報表', en: 'Alerts by type, severity and resolution' },
  handling: { zh: '警示處理時效報表', en: 'Alert handling time against the 3-minute target' },
  sealings: { zh: '加封統計報表', en: 'Sealings by seal type and customs office' },
  device_health: { zh: '設備健康報表', en: 'Device health' },
  programme: { zh: '計畫成效', en: 'Programme figures' },
};

const label = (c: { zh: string; en: string }, lang: Lang) => (lang === 'en' ? c.en : c.zh);

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  // A cell starting with = + - @ would be a formula in a spreadsheet: quote it as text.
  const safe = /^[=+\-@\t\r]/.test(s) && !/^-?\d/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(r: ReportResult, lang: Lang = 'zh-TW'): Buffer {
  const lines = [r.columns.map((c) => csvCell(label(c, lang))).join(',')];
  for (const row of r.rows) lines.push(r.columns.map((c) => csvCell(row[c.key])).join(','));
  return Buffer.from('\ufeff' + lines.join('\r\n') + '\r\n', 'utf8');
}

export async function toXlsx(r: ReportResult, lang: Lang = 'zh-TW'): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'SealWatch';
  const ws = wb.addWorksheet(r.report);
  ws.columns = r.columns.map((c) => ({ header: label(c, lang), key: c.key, width: Math.max(12, label(c, lang).length * 2) }));
  for (const row of r.rows) ws.addRow(row);
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const require = createRequire(import.meta.url);
/** The CJK font for PDFs (installed with @expo-google-fonts/noto-sans-tc). */
export const PDF_FONT = require.resolve('@expo-google-fonts/noto-sans-tc/400Regular/NotoSansTC_400Regular.ttf');

export function toPdf(r: ReportResult, lang: Lang = 'zh-TW'): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: 36, info: { Title: label(TITLES[r.report], lang), Creator: 'SealWatch' } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.font(PDF_FONT);
    doc.fontSize(14).text(label(TITLES[r.report], lang));
    const f = r.filters;
    const period = `${f.from} – ${f.to}${f.office ? ` · ${lang === 'en' ? 'office' : '關區'} ${f.office}` : ''}${f.route ? ` · ${f.route}` : ''}${f.company ? ` · ${f.company}` : ''}`;
    doc.fontSize(8).text(period).moveDown(0.5);
    const width = doc.page.width - 72;
    const colW = width / r.columns.length;
    const rowH = 14;
    const header = () => {
      const y = doc.y;
      doc.fontSize(8);
      r.columns.forEach((c, i) => doc.text(label(c, lang), 36 + i * colW, y, { width: colW - 4, lineBreak: false, ellipsis: true }));
      doc.moveTo(36, y + rowH - 2).lineTo(36 + width, y + rowH - 2).stroke();
      doc.y = y + rowH;
    };
    header();
    for (const row of r.rows) {
      if (doc.y + rowH > doc.page.height - 36) {
        doc.addPage();
        header();
      }
      const y = doc.y;
      r.columns.forEach((c, i) =>
        doc.text(row[c.key] === null || row[c.key] === undefined ? '' : String(row[c.key]), 36 + i * colW, y, { width: colW - 4, lineBreak: false, ellipsis: true }),
      );
      doc.y = y + rowH;
    }
    if (!r.rows.length) doc.text(lang === 'en' ? 'No records in the period.' : '期間內無資料。', 36);
    doc.end();
  });
}

export async function exportReport(r: ReportResult, format: ExportFormat, lang: Lang = 'zh-TW'): Promise<Buffer> {
  if (format === 'csv') return toCsv(r, lang);
  if (format === 'xlsx') return toXlsx(r, lang);
  return toPdf(r, lang);
}
