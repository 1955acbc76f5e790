import type { NodePlopAPI } from 'node-plop';

export default function plopfile(plop: NodePlopAPI): void;
