/**
 * The offset of the first byte that does not start or continue a well-formed UTF-8 character
 * (overlong forms, surrogates and code points past U+10FFFF included), or undefined.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number | undefined {
  let index = 0;
  while (index < bytes.length) {
    const lead = bytes[index]!;
    if (lead < 0x80) {
      index++;
      continue;
    }
    const continuation = lead >= 0xc2 && lead <= 0xdf ? 1 : lead >= 0xe0 && lead <= 0xef ? 2 : lead >= 0xf0 && lead <= 0xf4 ? 3 : 0;
    if (continuation === 0) return index;
    let codePoint = lead & (0x3f >> continuation);
    for (let next = 1; next <= continuation; next++) {
      const byte = bytes[index + next];
      if (byte === undefined || (byte & 0xc0) !== 0x80) return index;
      codePoint = (codePoint << 6) | (byte & 0x3f);
    }
    const shortest = [0, 0x80, 0x800, 0x10000][continuation]!;
    if (codePoint < shortest || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) return index;
    index += continuation + 1;
  }
  return undefined;
}
