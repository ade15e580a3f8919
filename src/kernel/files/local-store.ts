import { renameSync } from 'node:fs';
import { open, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { FileNotFoundError } from './errors.ts';
import { assertKey, newKey } from './keys.ts';
import type { ObjectStore, PutOptions, PutResult } from './object-store.ts';
import { ensureDir, stageFile, type FileSource } from './stage.ts';

function isNotFound(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/**
 * Files in a local directory (DATA_DIR/files). Writes go to root/.tmp first and are renamed into
 * place, so a reader never sees a partial file and a crash leaves at most a stray temp file.
 */
export function createLocalStore(rootDir: string): ObjectStore {
  const root = resolve(rootDir);
  const tmpDir = join(root, '.tmp');
  const pathOf = (key: string) => join(root, assertKey(key));

  return {
    driver: 'local',
    async put(source: FileSource, opts: PutOptions): Promise<PutResult> {
      const staged = await stageFile(source, tmpDir, opts);
      const key = newKey();
      const target = pathOf(key);
      try {
        await ensureDir(dirname(target));
        // Synchronous: a rename only touches metadata, and a thread-pool round trip costs more.
        try {
          renameSync(staged.path, target);
        } catch (err) {
          // The directory was removed behind our back since we made it: make it again.
          if ((err as { code?: unknown }).code !== 'ENOENT') throw err;
          await ensureDir(dirname(target), { recheck: true });
          renameSync(staged.path, target);
        }
      } catch (err) {
        await rm(staged.path, { force: true });
        throw err;
      }
      return { key, size: staged.size, sha256: staged.sha256, mediaType: staged.mediaType };
    },
    async get(key: string): Promise<Readable> {
      const path = pathOf(key);
      try {
        const handle = await open(path, 'r');
        return handle.createReadStream();
      } catch (err) {
        if (isNotFound(err)) throw new FileNotFoundError(key);
        throw err;
      }
    },
    async delete(key: string): Promise<void> {
      await rm(pathOf(key), { force: true });
    },
    async exists(key: string): Promise<boolean> {
      try {
        return (await stat(pathOf(key))).isFile();
      } catch (err) {
        if (isNotFound(err)) return false;
        throw err;
      }
    },
  };
}
