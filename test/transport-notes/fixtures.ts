// A small registry for transport-note tests: three yards with their facilities, routes between
// them, two vehicles and two drivers; and a builder of valid notes.
import type { Queryable } from '../../src/store/db.ts';

export const YARD_A = '04595252'; // operates CD198 (Keelung), storage codes C2001, C2002
export const YARD_B = '12345670'; // operates BK001 (Kaohsiung), storage code B3001
export const YARD_C = '12345671'; // operates AT001, storage code A1001
export const OUTSIDER = '12345675'; // a company with no facility

const square = (lon: number, lat: number) => ({
  type: 'Polygon',
  coordinates: [[[lon, lat], [lon + 0.01, lat], [lon + 0.01, lat + 0.01], [lon, lat + 0.01], [lon, lat]]],
});

export async function seedRegistry(db: Queryable): Promise<void> {
  for (const ubn of [YARD_A, YARD_B, YARD_C, OUTSIDER]) {
    await db.query(`insert into companies (ubn, name, roles) values ($1,$2,$3) on conflict (ubn) do nothing`, [ubn, `Company ${ubn}`, ['yard', 'fleet']]);
  }
  const facilities = [
    ['CD198', 'Keelung yard', YARD_A, ['C2001', 'C2002'], square(121.74, 25.13)],
    ['BK001', 'Kaohsiung yard', YARD_B, ['B3001'], square(120.3, 22.6)],
    ['AT001', 'Taipei warehouse', YARD_C, ['A1001'], square(121.5, 25.0)],
  ] as const;
  for (const [code, name, operator, codes, area] of facilities) {
    await db.query(
      `insert into facilities (code, name, kind, operator_ubn, storage_codes, body) values ($1,$2,'container_yard',$3,$4,$5)`,
      [code, name, operator, codes, JSON.stringify({ code, name, kind: 'container_yard', area })],
    );
  }
  const routes = [
    ['R-CD-BK', 'CD198', 'BK001'],
    ['R-BK-CD', 'BK001', 'CD198'],
    ['R-CD-AT-1', 'CD198', 'AT001'],
    ['R-CD-AT-2', 'CD198', 'AT001'],
    ['R-BK-AT', 'BK001', 'AT001'],
  ];
  for (const [code, origin, destination] of routes) {
    await db.query(`insert into routes (code, origin, destination, body) values ($1,$2,$3,$4)`, [
      code,
      origin,
      destination,
      JSON.stringify({ code, origin, destination, path: { type: 'LineString', coordinates: [[121.74, 25.13], [120.3, 22.6]] }, maxDurationMin: 480 }),
    ]);
  }
  for (const plate of ['KNA6001', 'KLA6002']) {
    await db.query(`insert into vehicles (plate, kind, category, body) values ($1,'tractor',1,$2)`, [plate, JSON.stringify({ plate, kind: 'tractor', category: 1 })]);
  }
  for (const [id, name] of [['A123456789', 'Driver One'], ['B123456780', 'Driver Two']]) {
    await db.query(`insert into drivers (national_id, name, body) values ($1,$2,$3)`, [id, name, JSON.stringify({ nationalId: id, name })]);
  }
}

/** Containers with valid ISO 6346 check digits. */
export const CONTAINERS = ['CSQU3054383', 'ZEPU0037255', 'TGHU1234567', 'MSCU7654329', 'EGHU1000013', 'OOLU2000028', 'YMLU3000034', 'WHLU4000041'];

let seq = 0;
/** A fresh note number per call, so tests never collide. */
export const nextCnNo = () => `CN${String(++seq).padStart(8, '0')}`;

/** A valid original note from YARD_A's CD198 to YARD_B's BK001, with one truck e-seal. */
export function note(overrides: Record<string, unknown> = {}): Record<string, any> {
  const cnNo = (overrides.cnNo as string) ?? nextCnNo();
  return {
    cnNo,
    function: '9',
    senderUbn: YARD_A,
    origin: 'CD198',
    destination: 'BK001',
    containers: [{ no: CONTAINERS[0], sealType: 'truck_eseal', sealNos: [`S-${cnNo}`] }],
    plate: 'KNA-6001',
    driverId: 'A123456789',
    transportCategory: 1,
    releaseCode: '1',
    requiresConfirmation: true,
    ...overrides,
  };
}
