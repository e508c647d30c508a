// Message ids handled by SealWatch (JT/T 808-2013 table 3 / 2019 table 4, plus the Jointech
// e-lock extension).
export const MSG = {
  terminalReply: 0x0001,
  heartbeat: 0x0002,
  logout: 0x0003,
  register: 0x0100,
  auth: 0x0102,
  location: 0x0200,
  locationBatch: 0x0704,
  platformReply: 0x8001,
  registerReply: 0x8100,
  passThroughDown: 0x8900,
  jointechLocation: 0x5501,
  jointechBlindLocation: 0x5502,
  jointechReply: 0x4401,
} as const;

export function msgIdHex(msgId: number): string {
  return `0x${msgId.toString(16).padStart(4, '0')}`;
}
