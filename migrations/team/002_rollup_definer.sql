-- The rollup trigger runs with its owner's rights (who ran `runway team init`), so the role
-- that syncs needs no right on usage_rollup: it cannot write the team's figures except by
-- sending rows. Its search path is fixed to the schema the tables are in, as a definer's must be.
ALTER FUNCTION team_rollup() SECURITY DEFINER;
DO $do$ BEGIN
  EXECUTE format('ALTER FUNCTION team_rollup() SET search_path = pg_catalog, %I', current_schema());
END $do$;
REVOKE EXECUTE ON FUNCTION team_rollup() FROM PUBLIC;
