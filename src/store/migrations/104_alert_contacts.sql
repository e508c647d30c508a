-- Whom an officer handling an alert calls: the driver's phone, and a contact at the transport
-- company (fleet) and at the yard that sent the CN.
alter table drivers add column phone text;
alter table companies add column contact_name text;
alter table companies add column contact_phone text;
