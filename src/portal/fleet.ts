// A fleet's devices with their health, as the portal shows them: each OBU and seal of the company
// with its battery, seal state, link and the time of its newest report, from the live engine, or,
// for a device the engine has not heard from since it started, its newest stored position.
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
  lastReportAt: string | null;
  tripId: string | null;
}

export async function deviceHealth(ctx: Platform, p: Principal): Promise<DeviceHealth[]> {
  const devices = await listDevices(ctx.db, { scope: ownedScope(p), limit: 1000 });
  const engine = ctx.services.monitor?.engine;
  const stored = devices.length
    ? await ctx.db.query('select device_id, max(ts) as ts from positions where device_id = any($1) group by device_id', [devices.map((d) => d.id)])
    : [];
  const lastStored = new Map(stored.map((r) => [r.device_id as string, new Date(r.ts).toISOString()]));
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
      lastReportAt: live?.lastTs ?? lastStored.get(d.id) ?? null,
      tripId: engine?.tripIdForDevice(d.id) ?? null,
    };
  });
}
