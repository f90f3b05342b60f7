export { createApp, type App, type AppDeps } from './app.ts';
export { ErrorCode } from './errors.ts';
