/**
 * The labels on the conflict markers a change leaves (`<<<<<<< yours`, `||||||| as generated`,
 * `>>>>>>> the change`): what each side of a conflict is. On their own, so that `check`, which
 * looks for them, does not load the merge (and git's runner with it).
 */
export const SIDES = { user: 'yours', base: 'as generated', target: 'the change' } as const;
