import type { CliCommand } from '../../../kernel/cli.ts';
export const importCommand: { description: string; run: CliCommand } = {
  description: 'Import from an OParl endpoint',
  run: async () => {},
};
