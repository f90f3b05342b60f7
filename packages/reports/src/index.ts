export * from './bundle.ts';
export { FOOTER_NOTE, renderCasePdf } from './render.ts';
