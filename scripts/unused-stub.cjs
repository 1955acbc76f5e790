// Stands in, inside the bundled CLI, for modules its dependencies load but the CLI never uses
// (see scripts/bundle.mjs): handlebars' source-map (it falls back to a small built-in
// SourceNode when this has none), and `resolve` (node-plop's plop.load(), which we never call).
module.exports = {};
