export * from './users';
export * from './content';
export * from './comments';
export * from './pledges';
export * from './system';
export * from './signin';
export * from './imports';
