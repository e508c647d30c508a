// 0x0704 batch location upload (section 8.51): terminals send buffered fixes in one message,
// e.g. after driving through an area without coverage.
import { ByteReader, ByteWriter } from '../bytes.ts';
import { decodeLocation, encodeLocation, type Jt808Location, type LocationInput } from './location.ts';

/** Type byte: 0 = regular batch, 1 = re-send of reports stored while out of coverage. */
export const BATCH_TYPE = { regular: 0, blindArea: 1 } as const;

export interface Jt808LocationBatch {
  batchType: number;
  locations: Jt808Location[];
}

export interface LocationBatchInput {
  batchType: number;
  locations: LocationInput[];
}

export function decodeLocationBatch(r: ByteReader): Jt808LocationBatch {
  const count = r.u16();
  const batchType = r.u8();
  const locations: Jt808Location[] = [];
  for (let i = 0; i < count; i++) {
    const length = r.u16();
    locations.push(decodeLocation(new ByteReader(r.bytesOf(length))));
  }
  if (r.remaining > 0) {
    // More bytes than the declared count accounts for: the count or a length is wrong.
    throw new RangeError(`${r.remaining} byte(s) after the ${count} declared location(s)`);
  }
  return { batchType, locations };
}

export function encodeLocationBatch(input: LocationBatchInput): Buffer {
  const w = new ByteWriter().u16(input.locations.length).u8(input.batchType);
  for (const location of input.locations) {
    const body = encodeLocation(location);
    w.u16(body.length).bytes(body);
  }
  return w.done();
}
