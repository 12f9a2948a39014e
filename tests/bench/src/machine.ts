import { readFileSync } from 'node:fs';
import os from 'node:os';

export interface TMachine {
  cpuModel: string;
  cpus: number;
  memoryTotalMb: number;
  memoryAvailableMb: number;
  loadAverage1m: number;
  node: string;
  kernel: string;
}

/** What the figures depend on, recorded with them. Load average shows other work on a shared machine. */
export function describeMachine(): TMachine {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const meminfo = readFileSync('/proc/meminfo', 'utf8');
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(meminfo)?.[1] ?? 0);
  return {
    cpuModel: /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? 'unknown',
    cpus: os.availableParallelism(),
    memoryTotalMb: Math.round(kb('MemTotal') / 1024),
    memoryAvailableMb: Math.round(kb('MemAvailable') / 1024),
    loadAverage1m: os.loadavg()[0] ?? 0,
    node: process.version,
    kernel: os.release(),
  };
}
