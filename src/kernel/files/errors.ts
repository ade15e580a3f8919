/**
 * Expected upload failures. Each carries the HTTP status it stands for (Fastify's error handler
 * reads `statusCode`), a stable `reason` for i18n (`files.error.<reason>`) and no internals.
 */
export type FileRejection = 'too_large' | 'empty' | 'type_not_allowed' | 'type_mismatch' | 'not_multipart';

export class FileRejectedError extends Error {
  constructor(
    readonly reason: FileRejection,
    readonly statusCode: number,
    message: string,
    /** The multipart field the file came from, when known. */
    public field?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
  get code(): string {
    return `OK_FILE_${this.reason.toUpperCase()}`;
  }
}

export class FileTooLargeError extends FileRejectedError {
  constructor(readonly limitBytes: number) {
    super('too_large', 413, `The file is larger than the limit of ${limitBytes} bytes.`);
  }
}

export class EmptyFileError extends FileRejectedError {
  constructor() {
    super('empty', 422, 'The file is empty.');
  }
}

export class FileTypeNotAllowedError extends FileRejectedError {
  constructor(readonly mediaType: string) {
    super('type_not_allowed', 415, `Files of type ${mediaType} are not accepted here.`);
  }
}

export class FileTypeMismatchError extends FileRejectedError {
  constructor(
    readonly declaredExtension: string,
    readonly detected: string,
  ) {
    super(
      'type_mismatch',
      422,
      `The file name ends in .${declaredExtension} but the content is ${detected}.`,
    );
  }
}

export class NotMultipartError extends FileRejectedError {
  constructor() {
    super('not_multipart', 415, 'Send the form as multipart/form-data.');
  }
}

/** A key that is not one this storage could have issued (also every traversal attempt). */
export class InvalidFileKeyError extends Error {
  override name = 'InvalidFileKeyError';
  readonly statusCode = 400;
  readonly code = 'OK_FILE_INVALID_KEY';
  constructor() {
    super('Invalid file key.');
  }
}

export class FileNotFoundError extends Error {
  override name = 'FileNotFoundError';
  readonly statusCode = 404;
  readonly code = 'OK_FILE_NOT_FOUND';
  constructor(readonly key: string) {
    super('File not found.');
  }
}
