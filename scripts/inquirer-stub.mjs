// Stands in for inquirer inside the bundled CLI: node-plop imports it, but create-khal-pack
// resolves answers itself and never runs plop's prompts. Loading inquirer cost ~100 ms a run.
const notAvailable = () => {
  throw new Error('plop prompts are not available in the bundled create-khal-pack CLI');
};
export default { prompt: notAvailable, registerPrompt: () => {}, createPromptModule: () => notAvailable };
