// The storage server's classic Jaeger query API (research/jaeger-storage.md §4). Every call returns `data`
// or throws an Error carrying the server's message. When the server wants a bearer token, a 401 raises the
// "sightline:unauthorized" event (app.js asks for the token, kept for this browser tab only).

const TOKEN_KEY = 'sightline.bearerToken';

export function bearerToken() {
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

export function setBearerToken(token) {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

async function get(path, params) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    query.append(key, String(value));
  }
  const url = query.size > 0 ? `${path}?${query}` : path;
  let response;
  try {
    const headers = { Accept: 'application/json' };
    if (bearerToken()) headers.Authorization = `Bearer ${bearerToken()}`;
    response = await fetch(url, { headers });
  } catch (error) {
    throw new Error(`Cannot reach the storage server (${error.message}).`);
  }
  let body = null;
  try {
    body = await response.json();
  } catch {
    // A non-JSON body (a proxy's error page, say) is reported by status below.
  }
  if (response.status === 401) window.dispatchEvent(new CustomEvent('sightline:unauthorized'));
  if (!response.ok || body === null) {
    const message = body?.errors?.map(e => e.msg).filter(Boolean).join('; ');
    throw new Error(message || `${response.status} ${response.statusText} from ${path}`);
  }
  return body;
}

export async function services() {
  return (await get('/api/services')).data ?? [];
}

export async function operations(service) {
  return (await get(`/api/services/${encodeURIComponent(service)}/operations`)).data ?? [];
}

/** Search; `query` holds service, operation, tags (object), start, end (µs), minDuration, maxDuration, limit. */
export async function findTraces(query) {
  const { tags, ...rest } = query;
  const params = { ...rest };
  if (tags && Object.keys(tags).length > 0) params.tags = JSON.stringify(tags);
  return (await get('/api/traces', params)).data ?? [];
}

/** One trace in the Jaeger JSON model, or throws (404 becomes "trace not found"). */
export async function trace(traceId) {
  const data = (await get(`/api/traces/${encodeURIComponent(traceId)}`)).data;
  if (!Array.isArray(data) || data.length === 0) throw new Error('trace not found');
  return data[0];
}

export async function dependencies(endTsMs, lookbackMs) {
  return (await get('/api/dependencies', { endTs: endTsMs, lookback: lookbackMs })).data ?? [];
}
