// The phone ↔ seal link for an offline unseal. The seal is reached over Bluetooth once the OBU has
// released it (long press 5 s); the host provides the link as `window.sealwatchSealUnseal(sealId,
// token)` (the native app shell's Bluetooth bridge, or a test's simulated seal) and the seal
// answers whether it unlocked. The link needs no network.
export interface SealAnswer {
  ok: boolean;
  reason?: string;
  message?: string;
}

type Bridge = (sealId: string, token: string) => Promise<SealAnswer>;

function bridge(): Bridge | null {
  const fn = (window as unknown as { sealwatchSealUnseal?: Bridge }).sealwatchSealUnseal;
  return typeof fn === 'function' ? fn : null;
}

export function sealLinkAvailable(): boolean {
  return bridge() !== null;
}

export async function unsealOverLink(sealId: string, token: string): Promise<SealAnswer> {
  const b = bridge();
  if (!b) return { ok: false, reason: 'no_link' };
  return b(sealId, token);
}
