/**
 * Fault injection for the fault suite, loaded with `node --import` into a real
 * `cuts` process (no seam in the product code). Environment:
 *
 * - CUTS_FAULT_DISK_BYTES=<n>: the disk is full after n more bytes. Writes
 *   through a FileHandle (what every atomic writer uses) are cut short at the
 *   limit, as write(2) does on a full disk, and then fail with ENOSPC.
 * - CUTS_FAULT_AT=<action>:<where>:<substring>:<n>: at the n-th rename (the
 *   commit of an atomic write) whose target path contains <substring>,
 *   <where> = before|after the rename, do <action> = kill (SIGKILL itself:
 *   kill -9) or int (SIGINT itself: Ctrl-C).
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';

const disk = process.env.CUTS_FAULT_DISK_BYTES;
if (disk !== undefined) {
  let left = Number(disk);
  const probe = await fsp.open('/dev/null', 'r');
  const proto = Object.getPrototypeOf(probe);
  await probe.close();
  const write = proto.write;
  proto.write = async function (buffer, offset, length, position) {
    if (typeof buffer === 'string' || !ArrayBuffer.isView(buffer))
      return write.call(this, buffer, offset, length, position);
    const off = offset ?? 0;
    const len = length ?? buffer.byteLength - off;
    if (left <= 0 && len > 0) {
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), {
        code: 'ENOSPC',
        errno: -28,
        syscall: 'write',
      });
    }
    const n = Math.min(len, left);
    left -= n;
    return write.call(this, buffer, off, n, position);
  };
}

const at = process.env.CUTS_FAULT_AT;
if (at) {
  const [action, where, substring, nth] = at.split(':');
  let count = 0;
  const fire = () => process.kill(process.pid, action === 'kill' ? 'SIGKILL' : 'SIGINT');
  const rename = fsp.rename;
  fsp.rename = async function (from, to) {
    const hit = String(to).includes(substring) && ++count === Number(nth);
    if (hit && where === 'before') fire();
    const r = await rename.call(this, from, to);
    if (hit && where === 'after') fire();
    return r;
  };
  fs.promises.rename = fsp.rename;
  syncBuiltinESMExports();
}
