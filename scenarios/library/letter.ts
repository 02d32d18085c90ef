import { crc32, deflateSync } from "node:zlib";

/**
 * A "scanned, sealed confirmation letter": a real greyscale PNG (speckled like a scan, so it is over the 1 KB
 * minimum of OV-1) that any image viewer opens. Deterministic, so replays stay identical.
 */
export function scannedLetterPng(width = 96, height = 96): Uint8Array {
  const rows: number[] = [];
  let seed = 0x2f6b;
  for (let y = 0; y < height; y++) {
    rows.push(0); // filter: none
    for (let x = 0; x < width; x++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const ink = (y > 20 && y < 24) || (x > 60 && y > 60 && (x - 72) ** 2 + (y - 76) ** 2 < 140); // a line and a seal
      rows.push(ink ? 40 : 220 + (seed % 36));
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(0, 9); // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(Buffer.from(rows))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}
