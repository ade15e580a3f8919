import type { TObject } from 'typebox';
import { composeConfig, loadConfig } from './kernel/config/load.ts';
import { kernelConfig } from './kernel/config/kernel-config.ts';
import type { KernelConfig } from './kernel/deps.ts';
import { modules } from './modules.ts';

/** The whole configuration schema: the kernel's slice plus each module's. */
export function configSchema() {
  const slices: Record<string, TObject> = { kernel: kernelConfig };
  for (const m of modules) if (m.config) slices[m.name] = m.config;
  return composeConfig(slices);
}

/** The kernel's slice is typed here; each module reads and types its own slice. */
export type AppConfig = { kernel: KernelConfig } & Record<string, unknown>;

export function loadAppConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  // Without BASE_URL, links in mails and feeds point at the port the app actually listens on.
  const withBase = env.BASE_URL ? env : { ...env, BASE_URL: `http://localhost:${env.PORT || '3000'}` };
  return loadConfig(configSchema(), withBase) as unknown as AppConfig;
}
