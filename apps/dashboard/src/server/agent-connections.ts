import { connectionName, type PgCommandBus } from '@standby/api';
import type { PrismaClient } from '@standby/db';
import type { Socket } from 'socket.io';

type AgentSocket = Pick<Socket, 'id' | 'data' | 'emit' | 'disconnect'>;

const REPLACED = {
  code: 'REPLACED',
  message: 'This agent connected again through a newer connection; this one is closed.',
};

/**
 * One live socket per agent credential, across every dashboard node: the connection whose hello was
 * stored last takes over, and the agent's other sockets are closed. On this node that happens when
 * the hello is stored; across nodes, a hello that replaced a connection of another node is announced
 * on the bus, and each node closes its sockets of that agent whose hello was stored but which the
 * agent row no longer names (the row, written under the host's lock, says who won). A socket whose
 * hello is still being stored is left alone: if it wins, its own announcement closes the loser.
 * Closing a replaced socket changes nothing in the database (the row names its successor), so the
 * host never flickers to disconnected. With one socket per credential, per-connection limits bound
 * a credential.
 */
export class AgentConnections {
  private readonly byAgent = new Map<string, Set<AgentSocket>>();
  private readonly stop: () => void;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly nodeId: string,
    private readonly bus: PgCommandBus,
  ) {
    this.stop = bus.onAgentTakeover((agentId) => void this.closeSuperseded(agentId).catch(() => {}));
  }

  add(agentId: string, socket: AgentSocket): void {
    const sockets = this.byAgent.get(agentId) ?? new Set();
    sockets.add(socket);
    this.byAgent.set(agentId, sockets);
  }

  remove(agentId: string, socket: AgentSocket): void {
    const sockets = this.byAgent.get(agentId);
    sockets?.delete(socket);
    if (sockets?.size === 0) this.byAgent.delete(agentId);
  }

  /**
   * The hello on `socket` was stored: it is the agent's connection now. Its other sockets here are
   * closed (but newer ones still saying hello: the last stored wins), and when it replaced a
   * connection on another node, every node is told.
   */
  helloStored(agentId: string, socket: AgentSocket, replacedConnection: string | null): void {
    socket.data.helloStored = true;
    let newer = false;
    for (const other of [...(this.byAgent.get(agentId) ?? [])]) {
      if (other === socket) newer = true;
      else if (!newer || other.data.helloStored) {
        replace(other);
        this.remove(agentId, other);
      }
    }
    if (replacedConnection && !replacedConnection.startsWith(`${this.nodeId}/`))
      void this.bus.notifyAgentTakeover(agentId);
  }

  private async closeSuperseded(agentId: string): Promise<void> {
    const sockets = [...(this.byAgent.get(agentId) ?? [])].filter((socket) => socket.data.helloStored);
    if (sockets.length === 0) return;
    const agent = await this.prisma.agent.findUnique({
      where: { id: agentId },
      select: { connectedNode: true },
    });
    for (const socket of sockets) {
      if (agent && agent.connectedNode !== connectionName(this.nodeId, socket.id)) {
        replace(socket);
        this.remove(agentId, socket);
      }
    }
  }

  close(): void {
    this.stop();
  }
}

function replace(socket: AgentSocket): void {
  socket.emit('server:error', REPLACED);
  socket.disconnect(true);
}
