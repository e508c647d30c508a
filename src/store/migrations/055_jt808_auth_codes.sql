-- JT/T 808 registration (0x0100) hands a terminal a fresh random auth code, which it presents in
-- 0x0102; only the code's SHA-256 is kept. One current code per device: registering again
-- replaces it, so the previous one stops working.
create table jt808_auth_codes (
  device_id text primary key references devices(id) on delete cascade,
  code_hash text not null,
  issued_at timestamptz not null default now()
);
-- A terminal names itself by its zero-padded phone number; its device is the one whose id is that
-- number with or without leading zeros (ids of digits only), found through this index.
create index devices_jt808_number on devices ((ltrim(id, '0'))) where id ~ '^[0-9]+$';
