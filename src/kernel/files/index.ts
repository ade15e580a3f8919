/**
 * File storage: content in a local directory or an S3-compatible bucket, metadata in
 * kernel.files. Modules store with `kernel.files.put(...)` (or `saveUpload` in a multipart
 * route) and keep the returned id.
 */
export type { FileSource, ObjectStore, PutOptions, PutResult } from './object-store.ts';
export {
  createFileStorage,
  createFileStorageWith,
  createObjectStore,
  type FileStorage,
  type PutFileOptions,
  type StoredFile,
} from './storage.ts';
export { createLocalStore } from './local-store.ts';
export { createS3Store, type S3Store, type S3StoreOptions } from './s3-store.ts';
export { saveUpload, type SaveUploadOptions, type UploadResult } from './upload.ts';
export { sendStoredFile } from './send.ts';
export { cleanFileName, contentDisposition } from './names.ts';
export { fileErrorMessage, formatBytes } from './messages.ts';
export {
  EmptyFileError,
  FileNotFoundError,
  FileRejectedError,
  FileTooLargeError,
  FileTypeMismatchError,
  FileTypeNotAllowedError,
  InvalidFileKeyError,
  NotMultipartError,
  type FileRejection,
} from './errors.ts';
