// Logging in and out, shared by both apps. The session itself is the httpOnly `sw_session` cookie
// the login sets; the browser keeps only who is logged in (name, roles), so a fresh visit can show
// the login page, or the field app its screens while offline, without asking the server.
import { useState, type FormEvent } from 'react';
import { ApiError, type ApiClient } from './api-client.ts';
import type { LoginResponse } from './api-types.ts';

export interface SessionStore<T> {
  read(): T | null;
  write(value: T): void;
  clear(): void;
}

/** The remembered user under `key`; a damaged entry reads as nobody. */
export function sessionStore<T>(key: string, storage: Storage = localStorage): SessionStore<T> {
  return {
    read() {
      try {
        return JSON.parse(storage.getItem(key) ?? 'null') as T | null;
      } catch {
        return null;
      }
    },
    write: (value) => storage.setItem(key, JSON.stringify(value)),
    clear: () => storage.removeItem(key),
  };
}

export function logIn(api: ApiClient, username: string, password: string): Promise<LoginResponse> {
  return api.post<LoginResponse>('/auth/login', { username, password });
}

/** Ends the session on the server; a session already gone (or no signal) still logs out here. */
export async function logOut(api: ApiClient): Promise<void> {
  await api.post('/auth/logout').catch(() => undefined);
}

/** Why a login failed, for the form's message. */
export type LoginFailure = 'failed' | 'throttled' | 'offline' | 'other';

export function loginFailure(err: unknown): LoginFailure {
  if (!(err instanceof ApiError)) return 'other';
  if (err.offline) return 'offline';
  if (err.status === 401) return 'failed';
  if (err.status === 429) return 'throttled';
  return 'other';
}

/** The login form's state and submit: `login` does the work, `describe` words a failure. */
export function useLoginForm(login: (username: string, password: string) => Promise<void>, describe: (failure: LoginFailure, err: unknown) => string) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login(username, password);
    } catch (err) {
      setError(describe(loginFailure(err), err));
    } finally {
      setBusy(false);
    }
  };
  return { username, setUsername, password, setPassword, error, busy, submit };
}
