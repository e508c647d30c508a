// A fleet's devices with their health, as the portal shows them: each OBU and seal of the company
// with its battery, seal state, link and the time of its newest report, from the live engine, or,
// for an OBU the engine has not heard from since it started, its vehicle's newest stored position.
import { ownedScope } from '../access/policy.ts';
import type { Principal } from '../auth/roles.ts';
import type { Platform } from '../platform.ts';
import { listDevices } from '../registry/devices.ts';

export interface DeviceHealth {
  id: string;
  kind: string;
  plate: string | null;
  obuId: string | null;
  battery: number | null;
  sealState: string | null;
  link: string | null;
  ownerUbn: string | null;
  lastReportAt: string | null;
  tripId: string | null;
}

export async function deviceHealth(ctx: Platform, p: Principal): Promise<DeviceHealth[]> {
  const devices = await listDevices(ctx.db, { scope: ownedScope(p), limit: 1000 });
  const engine = ctx.services.monitor?.engine;
  // The newest stored fix of each OBU's vehicle (positions are kept by plate, indexed with their time).
  const plates = [...new Set(devices.filter((d) => d.kind === 'obu' && d.plate).map((d) => d.plate as string))];
  const stored = plates.length
    ? await ctx.db.query('select v.plate, (select max(ts) from positions p where p.plate = v.plate) as ts from unnest($1::text[]) as v(plate)', [plates])
    : [];
  const lastStored = new Map(stored.filter((r) => r.ts).map((r) => [r.plate as string, new Date(r.ts).toISOString()]));
  return devices.map((d) => {
    const live = engine?.deviceStatus?.(d.id) ?? null;
    return {
      id: d.id,
      kind: d.kind,
      plate: d.plate ?? null,
      obuId: d.obuId ?? null,
      battery: live?.battery ?? null,
      sealState: live?.sealState ?? null,
      link: live?.link ?? null,
      ownerUbn: d.ownerUbn ?? null,
      lastReportAt: live?.lastTs ?? (d.kind === 'obu' && d.plate ? (lastStored.get(d.plate) ?? null) : null),
      tripId: engine?.tripIdForDevice(d.id) ?? null,
    };
  });
}
