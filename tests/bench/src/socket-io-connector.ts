import type { ConnectLoadAgentSocket } from '@standby/simulator/load';
import { io } from 'socket.io-client';

/**
 * The simulated agents' transport: one socket.io connection per agent to `/agent`, with the options
 * the real agent uses (websocket only, credential in the handshake). No reconnection: a dropped
 * connection must show up as failures, not be papered over. `onDisconnect` counts drops.
 */
export function createSocketIoConnector(onDisconnect: (reason: string) => void): ConnectLoadAgentSocket {
  return (dashboardUrl, credential) =>
    new Promise((resolve, reject) => {
      const socket = io(new URL('/agent', dashboardUrl).toString(), {
        transports: ['websocket'],
        auth: { token: credential },
        forceNew: true,
        reconnection: false,
        timeout: 30_000,
      });
      let closedByUs = false;
      socket.once('connect', () => {
        socket.on('disconnect', (reason) => closedByUs || onDisconnect(reason));
        resolve({
          request: (event, payload, timeoutMs) => socket.timeout(timeoutMs).emitWithAck(event, payload),
          close: () => {
            closedByUs = true;
            socket.close();
          },
        });
      });
      socket.once('connect_error', (error) => {
        socket.close();
        reject(new Error(`agent connection refused: ${error.message}`));
      });
    });
}
