export * from './baseline';
export * from './export-baseline';
