// How a JT/T 808 terminal is named in SealWatch.
//
// A terminal identifies itself only by the "terminal phone number" in every header: BCD[6]
// (12 digits) in 2013, BCD[10] (20 digits) in 2019, left-padded with zeros. The same terminal
// switching header versions would show two different digit strings, so the device id is the
// number without its padding zeros: 013511221122 → "13511221122",
// 00000866496077582164 → "866496077582164". This is the one place the rule lives.
export function deviceIdFromPhone(phone: string): string {
  const trimmed = phone.replace(/^0+/, '');
  return trimmed === '' ? '0' : trimmed.toLowerCase();
}
