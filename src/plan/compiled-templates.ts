export type TemplateSpecification = Parameters<typeof import('handlebars').template>[0];

/**
 * Templates precompiled at build time, keyed by their path under templates/. The build
 * (scripts/precompile-templates.mjs) replaces this empty table in dist/; each entry carries
 * the source it was compiled from, so an edited template is compiled afresh.
 */
export const COMPILED_TEMPLATES: Record<string, { source: string; spec: TemplateSpecification }> = {};
