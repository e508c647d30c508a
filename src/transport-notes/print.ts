// The printable transport note (貨櫃(物)運送單) as a PDF: the stations by their Chinese names, the
// vehicle and driver, each container with its seals, and a QR code of the CN number that gate staff
// scan. The CJK font is Noto Sans TC from its npm package, so the print looks the same on any host.
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { Queryable } from '../store/db.ts';
import type { NoteView } from './present.ts';

const require = createRequire(import.meta.url);
const FONT = require.resolve('@expo-google-fonts/noto-sans-tc/400Regular/NotoSansTC_400Regular.ttf');

const SEAL_TYPE_NAMES: Record<string, string> = {
  truck_eseal: '車機封條 Truck e-seal',
  container_eseal: '貨櫃電子封條 Container e-seal',
  mechanical: '機械封條 Mechanical seal',
  none: '無 None',
};

/** Taipei time, as printed on the form. */
const taipei = (iso: string) => new Date(iso).toLocaleString('zh-TW', { timeZone: 'Asia/Taipei', hour12: false });

/** The stations' names, by code, for the note's origin and destination. */
export async function stationNames(q: Queryable, codes: string[]): Promise<Map<string, string>> {
  const rows = await q.query('select code, name from facilities where code = any($1)', [codes]);
  return new Map(rows.map((r) => [r.code as string, r.name as string]));
}

export async function transportNotePdf(view: NoteView, names: Map<string, string>): Promise<Buffer> {
  const n = view.note;
  const qr = await QRCode.toBuffer(n.cnNo, { errorCorrectionLevel: 'M', margin: 1, width: 240 });
  const doc = new PDFDocument({ size: 'A4', margin: 48, info: { Title: `運送單 ${n.cnNo}`, Subject: 'SealWatch transport note' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('tc', FONT);
  doc.font('tc');

  doc.fontSize(18).text('貨櫃(物)運送單  Transport Note', 48, 48);
  doc.fontSize(11).fillColor('#555').text(`SealWatch · 第 ${view.version} 版 · ${view.status === 'cancelled' ? '已取消 Cancelled' : '有效 Live'}`);
  doc.image(qr, 430, 40, { width: 120 });
  doc.fontSize(9).fillColor('#000').text(n.cnNo, 430, 162, { width: 120, align: 'center' });

  const station = (code: string) => `${names.get(code) ?? ''} (${code})`;
  const rows: [string, string][] = [
    ['運送單號 CN No.', n.cnNo],
    ['發送人統編 Sender UBN', n.senderUbn],
    ['起運站 Origin', station(n.origin)],
    ['運往站 Destination', station(n.destination)],
    ['指定路線 Route', n.routeCode ?? '-'],
    ['車號 Vehicle', n.plate],
    ['司機身分證 Driver ID', n.driverId],
    ['運輸類別 Category', String(n.transportCategory)],
    ['報單號碼 Declaration', n.declarationNo ?? '-'],
    ['放行代碼 Release code', n.releaseCode ?? '-'],
    ['需加封確認 Confirmation', n.requiresConfirmation ? '是 Yes' : '否 No'],
    ['建立時間 Issued', taipei(view.createdAt)],
  ];
  let y = 200;
  doc.fontSize(11);
  for (const [label, value] of rows) {
    doc.fillColor('#555').text(label, 48, y, { width: 170 });
    doc.fillColor('#000').text(value, 220, y, { width: 330 });
    y += 22;
  }
  y += 10;
  doc.fontSize(13).text('貨櫃與封條 Containers and seals', 48, y);
  y += 24;
  doc.fontSize(10).fillColor('#555');
  doc.text('貨櫃號碼 Container', 48, y).text('封條類型 Seal type', 190, y).text('封條號碼 Seals', 380, y);
  y += 18;
  doc.fillColor('#000');
  for (const c of n.containers) {
    doc.moveTo(48, y - 4).lineTo(547, y - 4).strokeColor('#ccc').stroke();
    doc.text(c.no, 48, y, { width: 140 });
    doc.text(SEAL_TYPE_NAMES[c.sealType] ?? c.sealType, 190, y, { width: 185 });
    doc.text(c.sealNos.join(', ') || '-', 380, y, { width: 167 });
    y += Math.max(20, doc.heightOfString(c.sealNos.join(', ') || '-', { width: 167 }) + 6);
    if (y > 760) {
      doc.addPage();
      y = 48;
    }
  }
  if (view.confirmation) {
    y += 14;
    doc.fontSize(10).text(`加封確認 Confirmed: ${taipei(view.confirmation.confirmedAt)} · ${view.confirmation.confirmedBy}`, 48, y);
  }
  doc.fontSize(8).fillColor('#777').text('本單由 SealWatch 產生，掃描 QR 碼可查詢運送單。 Printed by SealWatch; scan the QR code for the note.', 48, 800, { width: 500 });
  doc.end();
  return done;
}
