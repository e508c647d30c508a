// How the platform admits JT/T 808 terminals, against the device registry (JT808_AUTH):
// - `registration` (default, the standard's flow): 0x0100 hands the terminal a fresh random auth
//   code, stored hashed; 0x0102 must present the latest one. Registering again replaces it.
// - `secret`: the terminal authenticates with the device secret the registry issued, provisioned
//   on it like an MQTT password; registration hands out an empty code, since a registration
//   proves nothing (anyone may send one with any number).
// Either way only terminals in the registry are admitted (findTerminal: the number with or
// without leading zeros), and they report under the registry's device id.
import type { Config } from '../../config.ts';
import { verifyDeviceSecret } from '../../registry/device-credentials.ts';
import { checkAuthCode, findTerminal, issueAuthCode } from '../../registry/jt808-terminals.ts';
import type { Queryable } from '../../store/db.ts';
import { unknownTerminal, type Jt808Authentication, type Jt808Credentials } from './credentials.ts';

export function registryCredentials(db: Queryable, mode: Config['jt808Auth']): Jt808Credentials {
  return {
    async register(number) {
      const found = await findTerminal(db, number);
      if ('refused' in found) return unknownTerminal(found.refused);
      return { ok: true, authCode: mode === 'secret' ? '' : await issueAuthCode(db, found.deviceId) };
    },
    async authenticate(number, code): Promise<Jt808Authentication> {
      const found = mode === 'secret' ? await findTerminal(db, number) : await checkAuthCode(db, number, code);
      if ('refused' in found) return { ok: false, reason: found.refused };
      if (mode === 'secret' && !(await verifyDeviceSecret(db, found.deviceId, code))) return { ok: false, reason: 'wrong device secret' };
      return { ok: true, deviceId: found.deviceId };
    },
  };
}
