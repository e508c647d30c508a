// Alarm flag bits of the location report (JT/T 808-2013 table 24, unchanged in 2019).
//
// Names follow the standard. Bits 15-17 are reserved there; e-lock and tracker makers use 16/17
// for tamper / case-open alarms (the reference decoder, Traccar, reads them as "tampering"), and
// a customs platform must not lose a tamper signal, so those two are named too.
const ALARM_BITS: ReadonlyArray<readonly [bit: number, name: string]> = [
  [0, 'sos'],
  [1, 'overspeed'],
  [2, 'fatigueDriving'],
  [3, 'dangerWarning'],
  [4, 'gnssFault'],
  [5, 'gnssAntennaCut'],
  [6, 'gnssAntennaShort'],
  // "Terminal main power undervoltage": the vehicle battery feeding the terminal is low.
  [7, 'lowBattery'],
  // "Terminal main power off": the terminal lost vehicle power (cut or unplugged).
  [8, 'powerCut'],
  [9, 'displayFault'],
  [10, 'ttsFault'],
  [11, 'cameraFault'],
  [12, 'icCardFault'],
  [13, 'overspeedWarning'],
  [14, 'fatigueWarning'],
  [16, 'tampering'],
  [17, 'tampering'],
  [18, 'drivingTimeout'],
  [19, 'parkingTimeout'],
  [20, 'areaInOut'],
  [21, 'routeInOut'],
  [22, 'routeTime'],
  [23, 'routeDeviation'],
  [24, 'vssFault'],
  [25, 'fuelAbnormal'],
  [26, 'theft'],
  [27, 'illegalIgnition'],
  [28, 'illegalMovement'],
  [29, 'collision'],
  [30, 'rollover'],
  [31, 'illegalDoorOpen'],
];

/** Names of the alarm bits set, in bit order, each once. */
export function alarmNames(flags: number): string[] {
  const names: string[] = [];
  for (const [bit, name] of ALARM_BITS) {
    if (bitSet(flags, bit) && !names.includes(name)) names.push(name);
  }
  return names;
}

/** Bit test that works for bit 31 (JavaScript's & is signed 32-bit). */
export function bitSet(value: number, bit: number): boolean {
  return Math.floor(value / 2 ** bit) % 2 === 1;
}
