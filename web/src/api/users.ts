// Customs officers who can be assigned an alert.
import { useEffect, useState } from 'react';
import { has } from './capabilities.ts';
import { api, asList } from './client.ts';
import type { User } from './types.ts';

let cache: Promise<User[]> | null = null;

/** A display name for an actor (`user:usr_…`, a bare user id, or anything else as given). */
export function useActorName(): (actor: string | null) => string {
  const officers = useOfficers();
  return (actor) => {
    if (!actor) return '';
    const id = actor.replace(/^user:/, '');
    return officers.find((u) => u.id === id || u.username === id)?.name ?? id;
  };
}

export function useOfficers(): User[] {
  const [users, setUsers] = useState<User[]>([]);
  useEffect(() => {
    if (!has('/users')) return;
    cache ??= api
      .get('/users')
      .then((r) => asList<User>(r).filter((u) => u.roles?.some((role) => role.startsWith('customs'))))
      .catch(() => []);
    let live = true;
    cache.then((u) => live && setUsers(u));
    return () => {
      live = false;
    };
  }, []);
  return users;
}
