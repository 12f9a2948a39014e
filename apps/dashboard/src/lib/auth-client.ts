// better-auth's endpoints, called with fetch: same origin, so the session cookie is set and sent.

export type TAuthResult = { ok: true } | { ok: false; message: string };

export async function signInWithEmail(email: string, password: string): Promise<TAuthResult> {
  return postAuth('/api/auth/sign-in/email', { email, password });
}

export async function signOut(): Promise<TAuthResult> {
  return postAuth('/api/auth/sign-out', {});
}

async function postAuth(path: string, body: unknown): Promise<TAuthResult> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch {
    return { ok: false, message: 'The dashboard did not answer. Check your connection and try again.' };
  }
  if (response.ok) return { ok: true };
  return { ok: false, message: await readErrorMessage(response) };
}

async function readErrorMessage(response: Response): Promise<string> {
  const fallback =
    response.status === 429
      ? 'Too many attempts. Wait a minute and try again.'
      : `The request failed (${response.status} ${response.statusText}).`;
  try {
    const body: unknown = await response.json();
    if (
      body &&
      typeof body === 'object' &&
      'message' in body &&
      typeof body.message === 'string' &&
      body.message
    )
      return body.message;
  } catch {}
  return fallback;
}
