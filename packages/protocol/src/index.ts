export * from './ack';
export * from './agent-commands';
export * from './agent-config';
export * from './agent-credential-format';
export * from './agent-events';
export * from './browser-api';
export * from './check-result';
export * from './live-events';
