// STRING fields: JT/T 808 text is GBK; fixed-width BYTE[n] text is padded with 0x00 (or spaces).

const gbk = new TextDecoder('gbk');

/** Decodes GBK and drops the padding devices put after fixed-width text. */
export function decodeText(bytes: Uint8Array): string {
  return gbk.decode(bytes).replace(/[\0 ]+$/u, '');
}

/**
 * Encodes text the platform sends or the test terminals write. Only ASCII is accepted: Node has
 * no GBK encoder, and ASCII is identical in GBK, so what is sent is exactly what a terminal reads.
 */
export function encodeText(text: string): Buffer {
  if (!/^[\x20-\x7e]*$/.test(text)) {
    throw new RangeError(`only printable ASCII can be encoded as GBK here: ${JSON.stringify(text)}`);
  }
  return Buffer.from(text, 'latin1');
}
