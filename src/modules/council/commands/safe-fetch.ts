/**
 * Outgoing HTTP for the OParl import, guarded against server-side request forgery: a staff member
 * types the URL, and the server fetches it and every URL the answers name. So:
 * - only http and https;
 * - every connection (redirects too) goes to an address checked at connect time — the check sits
 *   in the socket's DNS lookup, so a name that resolves differently a second time ("DNS
 *   rebinding") cannot slip through; loopback, private, link-local, CGNAT, multicast, reserved and
 *   unspecified addresses are refused unless the host is on the allow-list;
 * - a time-out for the whole exchange and a cap on the response size (read as a stream, stopped
 *   at the cap, never buffered beyond it).
 * It answers with a standard `Response`, so the importer can be given any `fetch` in tests.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';

export class BlockedAddressError extends Error {
  override name = 'BlockedAddressError';
}
export class ResponseTooLargeError extends Error {
  override name = 'ResponseTooLargeError';
}

export interface SafeFetchOptions {
  /** Host names or IP literals (optionally with ":port") that may resolve to internal addresses. */
  allowedHosts: readonly string[];
  maxBytes: number;
  timeoutMs: number;
  maxRedirects?: number;
}

const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  blocked.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const)
  blocked.addSubnet(net, prefix, 'ipv6');

/** True for addresses the import must not reach without an allow-list entry. */
export function isInternalAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family !== 6) return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return blocked.check(mapped[1]!, 'ipv4');
  return blocked.check(address, 'ipv6');
}

function hostAllowed(url: URL, allowed: readonly string[]): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return allowed.some((a) => {
    const entry = a.trim().toLowerCase();
    return entry === host || entry === `${host}:${port}`;
  });
}

function guardedLookup(hostname: string): LookupFunction {
  return (name, options, callback) => {
    dnsLookup(name, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      const bad = addresses.find((a) => isInternalAddress(a.address));
      if (bad || !addresses.length)
        return callback(
          new BlockedAddressError(`${hostname} resolves to an internal address (${bad?.address ?? 'none'})`),
          '',
          0,
        );
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      return callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

interface RawResponse {
  status: number;
  headers: Headers;
  body: Buffer;
}

function requestOnce(url: URL, init: RequestInit, opts: SafeFetchOptions, signal: AbortSignal) {
  return new Promise<RawResponse>((resolve, reject) => {
    const allowed = hostAllowed(url, opts.allowedHosts);
    const literal = url.hostname.replace(/^\[|\]$/g, '');
    if (!allowed && isIP(literal) && isInternalAddress(literal)) {
      reject(new BlockedAddressError(`${url.host} is an internal address`));
      return;
    }
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((v, k) => (headers[k] = v));
    const mod = url.protocol === 'https:' ? https : http;
    const req = mod.request(url, {
      method: init.method ?? 'GET',
      headers,
      signal,
      ...(allowed ? {} : { lookup: guardedLookup(url.hostname) }),
    });
    req.on('error', reject);
    req.on('response', (res) => {
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > opts.maxBytes) {
        res.destroy();
        reject(new ResponseTooLargeError(`response larger than ${opts.maxBytes} bytes`));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > opts.maxBytes) {
          res.destroy();
          reject(new ResponseTooLargeError(`response larger than ${opts.maxBytes} bytes`));
          return;
        }
        chunks.push(c);
      });
      res.on('error', reject);
      res.on('end', () => {
        const h = new Headers();
        for (const [k, v] of Object.entries(res.headers))
          if (v !== undefined) h.set(k, Array.isArray(v) ? v.join(', ') : v);
        resolve({ status: res.statusCode ?? 0, headers: h, body: Buffer.concat(chunks) });
      });
    });
    req.end();
  });
}

/** A `fetch` for the import with the guards above (GET/HEAD only, redirects followed and checked). */
export function createSafeFetch(opts: SafeFetchOptions): typeof fetch {
  const safeFetch = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    let url = new URL(input instanceof Request ? input.url : String(input));
    const timeout = AbortSignal.timeout(opts.timeoutMs);
    const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    for (let hop = 0; ; hop++) {
      if (url.protocol !== 'http:' && url.protocol !== 'https:')
        throw new BlockedAddressError(`not http(s): ${url.protocol}`);
      const res = await requestOnce(url, init, opts, signal);
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location && init.redirect !== 'manual') {
        if (hop >= (opts.maxRedirects ?? 5)) throw new Error('too many redirects');
        url = new URL(location, url);
        continue;
      }
      if (res.status < 200 || res.status > 599) throw new Error(`unexpected HTTP status ${res.status}`);
      const body = res.status === 204 || res.status === 304 ? null : new Uint8Array(res.body);
      const response = new Response(body, { status: res.status, headers: res.headers });
      Object.defineProperty(response, 'url', { value: url.href });
      return response;
    }
  };
  return safeFetch;
}
