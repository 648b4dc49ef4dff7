/**
 * `@cuts/viewer` (Node entry): serves the web viewer for a cuts run folder.
 * The app itself is the built browser bundle in `dist/app`; the request
 * guards, listings and redaction behind the server are internal.
 *
 * @packageDocumentation
 */
export { defaultAppDir, startViewerServer, type ViewerServer, type ViewerServerOptions } from './server.js';
