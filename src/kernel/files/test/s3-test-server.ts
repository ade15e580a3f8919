import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small S3-compatible server for tests: path-style PUT/GET/HEAD/DELETE object on the buckets
 * it was created with, over real HTTP, so the AWS SDK's own request code runs. Signatures are
 * not checked; a sent x-amz-checksum-sha256 is (like S3 does).
 */
export interface S3TestServer {
  endpoint: string;
  objects: Map<string, { body: Buffer; contentType: string }>;
  /** Every request as "METHOD /bucket/key". */
  requests: string[];
  /** Keys whose PUT carried an x-amz-checksum-sha256 that matched the body. */
  verified: Set<string>;
  close(): Promise<void>;
}

function xmlError(res: ServerResponse, status: number, code: string, message: string, head: boolean): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/xml');
  res.end(
    head
      ? undefined
      : `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`,
  );
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export async function startS3TestServer(buckets: string[]): Promise<S3TestServer> {
  const objects = new Map<string, { body: Buffer; contentType: string }>();
  const requests: string[] = [];
  const verified = new Set<string>();
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://s3.test');
      const path = decodeURIComponent(url.pathname);
      requests.push(`${req.method} ${path}`);
      const head = req.method === 'HEAD';
      const [, bucket = '', ...rest] = path.split('/');
      const key = rest.join('/');
      if (!buckets.includes(bucket))
        return xmlError(res, 404, 'NoSuchBucket', 'The specified bucket does not exist', head);
      if (!key) return xmlError(res, 400, 'InvalidRequest', 'Only object operations are supported', head);
      const id = `${bucket}/${key}`;
      switch (req.method) {
        case 'PUT': {
          const body = await readBody(req);
          if (req.headers['content-encoding']?.includes('aws-chunked')) {
            return xmlError(res, 501, 'NotImplemented', 'aws-chunked uploads are not supported', false);
          }
          const declared = req.headers['content-length'];
          if (declared !== undefined && Number(declared) !== body.length)
            return xmlError(res, 400, 'IncompleteBody', 'Length mismatch', false);
          const checksum = req.headers['x-amz-checksum-sha256'];
          if (
            typeof checksum === 'string' &&
            createHash('sha256').update(body).digest('base64') !== checksum
          ) {
            return xmlError(
              res,
              400,
              'BadDigest',
              'The SHA256 you specified did not match the calculated checksum.',
              false,
            );
          }
          if (typeof checksum === 'string') verified.add(id);
          objects.set(id, { body, contentType: req.headers['content-type'] ?? 'application/octet-stream' });
          res.setHeader('etag', `"${createHash('md5').update(body).digest('hex')}"`);
          res.statusCode = 200;
          return res.end();
        }
        case 'GET':
        case 'HEAD': {
          const obj = objects.get(id);
          if (!obj) return xmlError(res, 404, 'NoSuchKey', 'The specified key does not exist.', head);
          res.statusCode = 200;
          res.setHeader('content-type', obj.contentType);
          res.setHeader('content-length', String(obj.body.length));
          res.setHeader('etag', `"${createHash('md5').update(obj.body).digest('hex')}"`);
          return res.end(head ? undefined : obj.body);
        }
        case 'DELETE':
          objects.delete(id);
          res.statusCode = 204;
          return res.end();
        default:
          return xmlError(res, 405, 'MethodNotAllowed', 'Method not allowed', head);
      }
    })().catch(() => {
      res.statusCode = 500;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    objects,
    requests,
    verified,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
