export * from './ack';
export * from './agent-config';
export * from './agent-events';
export * from './check-result';
export * from './live-events';
