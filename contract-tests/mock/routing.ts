import type { OperationModel, WirePair } from '../../generator/src/api.js';

/**
 * Which operation of the spec a plain HTTP request is for. The path template is not always
 * enough: APIs.guru's conversions of AWS APIs put many operations on one method and path and
 * tell them apart by what the request carries, never by the path key's fragment (RFC 9110
 * section 4.2.4: a fragment is not sent). An AWS query API's `/#Action=AssumeRole` and
 * `/#Action=GetSessionToken` are both `GET /`, told apart by the `Action=` pair of their query;
 * S3's `/{Bucket}#delete` is `POST /{Bucket}?delete=true`; S3's `/{Bucket}/{Key}#x-amz-copy-source`
 * (CopyObject) is `PUT /{Bucket}/{Key}` with an `x-amz-copy-source` header, where PutObject has
 * none. So among the operations whose method and path match, the request goes to the one whose
 * fixed parameters (the model's `fixed`: a path key's query, a required parameter with one
 * allowed value) it contradicts the fewest of (`Action=GetSessionToken` contradicts AssumeRole's),
 * then carries the most of; then to the one whose required parameters it carries the most of,
 * then misses the fewest of, then the first in the document. A request that leaves out or bends
 * a fixed pair (`Version` absent) still reaches the operation the rest of it is for, whose own
 * check then names what is wrong.
 */
export interface Routable {
  method: string;
  /** The request path template (`/things/{id}`). */
  path: string;
  operation: Pick<OperationModel, 'fixed' | 'wireParameters'>;
}

export function chooseRoute<R extends Routable>(
  candidates: readonly R[],
  pairs: readonly WirePair[],
  headers: Record<string, string | string[] | undefined> = {},
): R | undefined {
  if (candidates.length < 2) return candidates[0];
  const carried = (name: string, where: string) =>
    where === 'header' ? headers[name.toLowerCase()] !== undefined : where === 'query' && pairs.some(([n]) => n === name);
  const scored = candidates.map((route, order) => {
    let held = 0;
    let contradicted = 0;
    for (const f of route.operation.fixed) {
      const sent =
        f.in === 'query'
          ? pairs.filter(([n]) => n === f.name).map(([, v]) => v)
          : f.in === 'header' && headers[f.name.toLowerCase()] !== undefined
            ? [String(headers[f.name.toLowerCase()])]
            : [];
      if (sent.length === 0) continue;
      if (sent.some((v) => (f.in === 'header' ? v.toLowerCase() === f.value.toLowerCase() : v === f.value))) held++;
      else contradicted++;
    }
    const required = route.operation.wireParameters.filter((p) => p.required && (p.in === 'query' || p.in === 'header'));
    const present = required.filter((p) => carried(p.name, p.in)).length;
    return { route, order, held, contradicted, present, missing: required.length - present };
  });
  scored.sort(
    (a, b) => a.contradicted - b.contradicted || b.held - a.held || b.present - a.present || a.missing - b.missing || a.order - b.order,
  );
  return scored[0]!.route;
}

/**
 * OpenAPI 3.1 section 4.8.8 (Paths Object): "concrete (non-templated) paths would be matched before
 * their templated counterparts". Of the operations whose template matches, those with the fewest
 * templated segments (twilio's `.../IncomingPhoneNumbers/Local.json` before `.../{Sid}.json`).
 */
export function concreteFirst<R extends Pick<Routable, 'path'>>(matching: R[]): R[] {
  const templated = (route: R) => route.path.split('/').filter((segment) => segment.includes('{')).length;
  const fewest = Math.min(...matching.map(templated));
  return matching.filter((route) => templated(route) === fewest);
}

/**
 * `/things/{id}` against `/things/42`, and a template expression beside literal text in its segment
 * (twilio's `/Accounts/{Sid}.json`): OpenAPI 3.1 "Path Templating"; a value is never empty.
 */
export function matchesPath(template: string, pathname: string): boolean {
  const want = template.split('/');
  const got = pathname.split('/');
  return want.length === got.length && want.every((part, i) => segmentPattern(part).test(got[i]!));
}

/** One template segment as a whole-segment pattern: literal text as it is, each `{name}` a non-empty capture. */
function segmentPattern(part: string): RegExp {
  const source = part
    .split(/(\{[^{}]+\})/)
    .map((piece) => (/^\{[^{}]+\}$/.test(piece) ? '(.+?)' : piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`);
}

/** The values a path template's expressions take in a request path (not yet percent-decoded). */
export function templateValues(template: string, pathname: string): Record<string, string> {
  const values: Record<string, string> = {};
  const got = pathname.split('/');
  template.split('/').forEach((part, i) => {
    const names = [...part.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1]!);
    const found = names.length > 0 && got[i] !== undefined ? segmentPattern(part).exec(got[i]!) : null;
    names.forEach((name, k) => {
      if (found?.[k + 1] !== undefined) values[name] = found[k + 1]!;
    });
  });
  return values;
}

/**
 * Where each plain HTTP operation sits in the document Prism answers from: `/_op/N`, a path of its
 * own with no template. The mock has routed the request and checked its parameters already;
 * Prism's router would tell apart neither operations that share a method and path (it reads a
 * key's `?query` or `#fragment` as part of the path) nor template names with dots
 * (`{parameter.path.1}`: 404), and would check parameter text again by rules of its own.
 */
export function prismPaths(operations: readonly Pick<OperationModel, 'style' | 'specPath' | 'httpMethods'>[]): Map<string, string> {
  const paths = new Map<string, string>();
  operations.forEach((op, index) => {
    if (op.style === 'http') for (const method of op.httpMethods) paths.set(`${method} ${op.specPath}`, `/_op/${index}`);
  });
  return paths;
}
