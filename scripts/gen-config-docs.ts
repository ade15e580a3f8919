import { writeFileSync } from 'node:fs';
import { configSchema } from '../src/config.ts';
import { configDocs } from '../src/kernel/cli.ts';

writeFileSync(new URL('../docs/config.md', import.meta.url), configDocs(configSchema()));
console.log('docs/config.md written');
