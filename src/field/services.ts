// The field operations' services, made once per platform and kept in ctx.services.field:
// settings, the unseal signing key, the photo store. Tests may put a FieldConfig (or a partial
// one) in ctx.services.fieldConfig before the app is built.
import { join } from 'node:path';
import type { AppContext } from '../platform.ts';
import { loadKek, UnsealKeys } from '../offline-unseal/keys.ts';
import { FsPhotoStore, MemoryPhotoStore, S3PhotoStore, type PhotoStore } from '../photos/store.ts';
import type { FieldConfig } from './config.ts';

export interface FieldServices {
  config: FieldConfig;
  keys: UnsealKeys;
  photos: PhotoStore;
  kekSource: string;
}

function photoStore(config: FieldConfig, dataDir: string): PhotoStore {
  if (config.photoStore === 's3' && config.s3) return new S3PhotoStore(config.s3);
  if (config.photoStore === 'memory' || !dataDir) return new MemoryPhotoStore();
  return new FsPhotoStore(join(dataDir, 'photos'));
}

export function fieldServices(ctx: AppContext): FieldServices {
  if (ctx.services.field) return ctx.services.field;
  const config: FieldConfig = { ...ctx.config.field, ...(ctx.services.fieldConfig ?? {}) };
  const { kek, source } = loadKek({ secret: config.keySecret, dataDir: ctx.config.dataDir || undefined });
  const services: FieldServices = {
    config,
    keys: new UnsealKeys(ctx.db, kek),
    photos: photoStore(config, ctx.config.dataDir),
    kekSource: source,
  };
  ctx.services.field = services;
  return services;
}
