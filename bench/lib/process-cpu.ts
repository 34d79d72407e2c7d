import { readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

/**
 * User + system CPU seconds a process has used so far (Linux /proc), or undefined elsewhere; with
 * `mainThreadOnly`, only its main thread's (the event loop's, without worker threads such as
 * the embedded database's).
 */
export function processCpuSeconds(pid: number | undefined, mainThreadOnly = false): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const path = mainThreadOnly ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`;
    const fields = readFileSync(path, 'utf8').split(') ')[1]!.split(' ');
    // Fields 14 and 15 of /proc/<pid>/stat (utime, stime), counted after the command name.
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}
