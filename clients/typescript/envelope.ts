// The envelope rule every caller of the API needs, typed once for the
// TypeScript clients .ci/other-languages generates: an answer is
// `{code, message, response}`, and `code != 0` is a failure even at HTTP 200.
// spec/README.md shows this file; .ci/other-languages checks that it still
// says the same.

/** What every envelope of the spec has, whichever generator typed it. */
export interface Envelope<T> {
  code: number;
  message?: string | null;
  response?: T | null;
}

/** A failed call: the HTTP status and the API's `code` and `message`. */
export class IamportError extends Error {
  constructor(
    readonly status: number,
    readonly code: number | null,
    message: string,
  ) {
    super(`HTTP ${status}, code ${code ?? "none"}: ${message}`);
  }
}

/** The `response` of an envelope, or an IamportError (openapi-zod-client, typescript-fetch). */
export function unwrapEnvelope<T>(envelope: Envelope<T>, status = 200): T {
  if (envelope.code !== 0 || envelope.response == null) {
    throw new IamportError(status, envelope.code, envelope.message ?? "no response");
  }
  return envelope.response;
}

/** openapi-fetch: `const payment = unwrap(await client.GET("/payments/{imp_uid}", ...))`. */
export function unwrap<T>(answer: { data?: Envelope<T>; error?: Envelope<unknown>; response: Response }): T {
  const { data, error, response } = answer;
  if (data !== undefined) return unwrapEnvelope(data, response.status);
  throw new IamportError(response.status, error?.code ?? null, error?.message ?? response.statusText);
}
