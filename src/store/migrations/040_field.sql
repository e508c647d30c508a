-- Field operations: the platform's unseal signing key, offline-unseal permissions, tokens and the
-- records uploaded after an offline unseal, photos of sealed container doors, and drivers'
-- log-ins on a vehicle (driver ↔ vehicle for the current task).

-- The Ed25519 key pair that signs offline-unseal tokens. The private key is kept encrypted
-- (AES-256-GCM under a key-encryption key that is not in the database). One key is active; a
-- retired key still verifies the tokens it signed.
create table unseal_keys (
  kid text primary key,
  public_jwk jsonb not null,
  private_key_enc text not null,
  active boolean not null default true,
  created_at timestamptz not null default now(),
  retired_at timestamptz
);
create unique index unseal_keys_one_active on unseal_keys (active) where active;

-- A responsible person applies for the offline-unseal permission; customs approves or rejects it
-- (and may revoke an approval). The permission belongs to the person, for the storage codes they
-- held when applying.
create table offline_unseal_applications (
  id text primary key,
  user_id text not null references users(id),
  company_ubn text not null references companies(ubn),
  storage_codes text[] not null default '{}',
  reason text,
  status text not null check (status in ('pending', 'approved', 'rejected', 'revoked')),
  valid_until timestamptz,
  decided_by text,
  decided_at timestamptz,
  decision_note text,
  created_at timestamptz not null default now()
);
create index offline_unseal_applications_user on offline_unseal_applications (user_id, status);
create index offline_unseal_applications_status on offline_unseal_applications (status, created_at);

-- Every token issued (never the token itself): single use, by its jti.
create table offline_unseal_tokens (
  jti text primary key,
  kid text not null,
  seal_id text not null,
  trip_id text not null,
  cn_no text,
  user_id text not null,
  company_ubn text not null,
  issued_at timestamptz not null,
  expires_at timestamptz not null,
  used_at timestamptz,
  record_id text
);
create index offline_unseal_tokens_seal on offline_unseal_tokens (seal_id, issued_at desc);

-- An unseal done offline, uploaded when the phone is back online.
create table offline_unseal_records (
  id text primary key,
  jti text not null unique references offline_unseal_tokens(jti),
  seal_id text not null,
  trip_id text not null,
  unsealed_at timestamptz not null,
  unsealed_by text not null,
  uploaded_by text not null,
  uploaded_at timestamptz not null default now(),
  -- Tamper alerts the record explained (the seal reported its opening before the upload).
  reconciled_alerts text[] not null default '{}'
);
create index offline_unseal_records_seal on offline_unseal_records (seal_id, unsealed_at);

-- Photos (the container door with its number and seal, at the sealing confirmation). The bytes are
-- in the photo store (files under DATA_DIR/photos, or an S3-compatible bucket); the hash here.
create table photos (
  id text primary key,
  sha256 text not null,
  content_type text not null,
  size_bytes integer not null,
  store text not null,
  storage_key text not null,
  cn_no text,
  container_no text,
  uploaded_by text not null,
  company_ubn text,
  created_at timestamptz not null default now()
);
create index photos_cn on photos (cn_no);

-- A driver logged in on a vehicle from the phone app (national ID + plate). One open log-in per
-- driver; a new one ends the previous.
create table driver_logins (
  id text primary key,
  user_id text not null,
  national_id text not null,
  plate text not null,
  source text not null,
  started_at timestamptz not null default now(),
  ended_at timestamptz
);
create index driver_logins_open on driver_logins (user_id) where ended_at is null;
create index driver_logins_plate on driver_logins (plate, started_at desc);

-- The RFID port pass tapped on an OBU arrives in telemetry (rfidCard): find a driver's latest tap.
create index engine_inputs_rfid on engine_inputs ((data->>'rfidCard'), seq) where type = 'telemetry';
