export * from './logger';
export * from './metrics-handler';
export * from './metrics-registry';
export * from './process-logger';
export * from './redact';
