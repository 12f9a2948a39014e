import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { LoadAgentCredential, TIngestLoadStats, TLoadWindow } from '@standby/simulator/load';
import { forkTs, nextMessage, send, stopChild } from './child-process';
import type { TLoadReply, TLoadRequest } from './load-process';
import type { ResourceScope } from './resources';

type TReply<T extends TLoadReply['type']> = Extract<TLoadReply, { type: T }>;

/** The simulated agents, spread round-robin over `count` child processes (one event loop each). */
export class LoadWorkers {
  private constructor(readonly children: ChildProcess[]) {}

  static start(scope: ResourceScope, count: number): LoadWorkers {
    const children = Array.from({ length: count }, () =>
      forkTs(path.join(import.meta.dirname, 'load-process.ts')),
    );
    const workers = new LoadWorkers(children);
    scope.defer('load generators', () => workers.stop());
    return workers;
  }

  /** Stops every generator (their sockets close); safe to call again. */
  async stop(): Promise<void> {
    await Promise.all(this.children.map((child) => stopChild(child)));
  }

  get pids(): number[] {
    return this.children.flatMap((child) => (child.pid ? [child.pid] : []));
  }

  private split(agents: readonly LoadAgentCredential[]): LoadAgentCredential[][] {
    return this.children.map((_, worker) =>
      agents.filter((_, index) => index % this.children.length === worker),
    );
  }

  private async ask<T extends TLoadReply['type']>(
    requests: TLoadRequest[],
    replyType: T,
    timeoutMs: number,
  ): Promise<TReply<T>[]> {
    const replies = this.children.map((child) => nextMessage<TReply<T>>(child, replyType, timeoutMs));
    for (const [index, child] of this.children.entries()) send(child, requests[index]!);
    return Promise.all(replies);
  }

  async connectIngest(url: string, agents: readonly LoadAgentCredential[]): Promise<number> {
    const parts = this.split(agents);
    const replies = await this.ask(
      parts.map((part) => ({ type: 'connect-ingest', url, agents: part })),
      'ingest-connected',
      300_000,
    );
    return replies.reduce((sum, reply) => sum + reply.agents, 0);
  }

  async runIngest(window: TLoadWindow): Promise<{ stats: TIngestLoadStats[]; disconnects: number }> {
    const timeoutMs = window.measureToMs - Date.now() + 60_000;
    const replies = await this.ask(
      this.children.map(() => ({ type: 'run-ingest', window })),
      'ingest-stats',
      timeoutMs,
    );
    return {
      stats: replies.map((reply) => reply.stats),
      disconnects: replies.reduce((sum, reply) => sum + reply.disconnects, 0),
    };
  }

  async startRollout(url: string, agents: readonly LoadAgentCredential[], dir: string): Promise<number> {
    const parts = this.split(agents);
    const replies = await this.ask(
      parts.map((part, index) => ({
        type: 'start-rollout',
        url,
        agents: part,
        dir: path.join(dir, `worker-${index}`),
      })),
      'rollout-started',
      300_000,
    );
    return replies.reduce((sum, reply) => sum + reply.agents, 0);
  }
}
