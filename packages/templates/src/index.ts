export { createTemplates, disposeTemplates } from './createTemplates';
export type { TemplateOptions, Templates } from './createTemplates';
export { cellDistance, fillPositiveTemplate } from './templateValues';
export type { TemplateNorm } from './templateValues';
