import type { AuthPlacement } from '../auth.js';
import { type OutgoingRequest, withQuery } from '../request.js';
import type { Signer } from './signer.js';

/**
 * The spec's own security (OpenAPI 3.1 sections 4.8.27 and 4.8.30): the values auth.ts chose
 * once per call (`placeAuth`, which refuses a call whose schemes were not given) put on each
 * attempt, before an Alibaba signer, which signs them too. An apiKey writes the parameter name
 * its scheme gives (the descriptor's `schemes`). A value the request already has under that name
 * is kept, as when these values were placed like the spec's fixed parameters: a header parameter
 * of the spec, or a header a middleware hook set, has the last word.
 */
export const specSecurity: Signer<AuthPlacement> = {
  owns: ['authorization', 'cookie'],
  sign(request: OutgoingRequest, placement: AuthPlacement): OutgoingRequest {
    const headers = { ...request.headers };
    const present = new Set(request.query.map(([name]) => name));
    const query: [string, string][] = [];
    for (const value of placement.add) {
      // A cookie scheme's pairs join the cookie parameters' (one Cookie header, RFC 6265 section 5.4).
      if (value.in === 'header' && value.name === 'cookie' && headers.cookie) headers.cookie = `${headers.cookie}; ${value.value}`;
      else if (value.in === 'header') headers[value.name.toLowerCase()] ??= value.value;
      else if (!present.has(value.name)) query.push([value.name, value.value]);
    }
    return { ...request, headers, query: query.length ? withQuery(request.query, query) : request.query };
  },
};
