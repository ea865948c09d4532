-- PingOne's environment fields: region (set at creation, never changed), type (SANDBOX or
-- PRODUCTION) and the bill of materials (the products enabled, as JSON; NULL until first set, read
-- as PingOne's default of PING_ONE_BASE). The licence is not stored: every environment has the one
-- licence the organization lists (environment/Organization).
ALTER TABLE environments
    ADD COLUMN region varchar(8) NOT NULL DEFAULT 'NA',
    ADD COLUMN type varchar(16) NOT NULL DEFAULT 'SANDBOX',
    ADD COLUMN bill_of_materials text,
    ADD COLUMN bill_of_materials_updated_at timestamptz;
