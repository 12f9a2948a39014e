/** The few meanings a colored label can have on these pages. */
export type TTone = 'neutral' | 'info' | 'success' | 'warning' | 'danger';
