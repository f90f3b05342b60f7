export * from './bundle.ts';
export { FOOTER_NOTE, printable, renderCasePdf } from './render.ts';
