import os from 'node:os';
import { CLOCK_TICKS_PER_SECOND, readMachineTicks, readProcessTimes } from './proc-stats';

/** Named groups of processes; each lists its pids when asked (a group's members may change). */
export type TProcessGroups = Record<string, () => number[]>;

export interface TCpuUsage {
  /** Per group: CPU used over the window, in % of one core (200% = both cores of a 2-core machine). */
  groups: Record<string, number>;
  /** All processes on the machine, ours or not, in % of all cores together. */
  machineBusyPercent: number;
  /** CPU used by processes outside the groups (other work on a shared machine), in % of one core. */
  otherProcessesPercent: number;
  seconds: number;
}

function ticksOf(pids: number[]): Map<number, number> {
  const ticks = new Map<number, number>();
  for (const pid of pids) {
    const times = readProcessTimes(pid);
    if (times) ticks.set(pid, times.cpuTicks);
  }
  return ticks;
}

/**
 * Starts measuring; `stop()` returns each group's CPU over the interval. A process that started
 * within the window counts from zero; one that exited within it is missed (short-lived only).
 */
export function startCpuSample(groups: TProcessGroups): { stop(): TCpuUsage } {
  const startedAt = performance.now();
  const machineStart = readMachineTicks();
  const start = Object.fromEntries(Object.entries(groups).map(([name, pids]) => [name, ticksOf(pids())]));
  return {
    stop: () => {
      const seconds = (performance.now() - startedAt) / 1_000;
      const machineEnd = readMachineTicks();
      const usage: Record<string, number> = {};
      for (const [name, pids] of Object.entries(groups)) {
        let used = 0;
        for (const [pid, ticks] of ticksOf(pids())) used += ticks - (start[name]?.get(pid) ?? 0);
        usage[name] = (100 * used) / CLOCK_TICKS_PER_SECOND / seconds;
      }
      const total = machineEnd.total - machineStart.total;
      const machineBusyPercent = total > 0 ? (100 * (machineEnd.busy - machineStart.busy)) / total : 0;
      const ours = Object.values(usage).reduce((sum, percent) => sum + percent, 0);
      return {
        groups: usage,
        machineBusyPercent,
        otherProcessesPercent: Math.max(0, machineBusyPercent * os.availableParallelism() - ours),
        seconds,
      };
    },
  };
}

/** One line for the table's notes: each group, then everyone else on the machine. */
export function describeCpu(usage: TCpuUsage): string {
  const groups = Object.entries(usage.groups).map(([name, percent]) => `${name} ${percent.toFixed(0)}%`);
  return (
    `CPU over ${usage.seconds.toFixed(0)} s in % of one core: ${groups.join(', ')}, other processes on the machine ` +
    `${usage.otherProcessesPercent.toFixed(0)}% (all ${os.availableParallelism()} cores ${usage.machineBusyPercent.toFixed(0)}% busy)`
  );
}
