# One database per service, each owned by a role of its own: the role logs in with its own
# password (SCRAM-SHA-256, the image's method for TCP), is no superuser, cannot create
# roles or databases, and no other role may connect to its database. The postgres image
# runs this once, on an empty data directory; the passwords come from the environment
# (OLF_<DATABASE>_DB_PASSWORD), never from this file or a command line.
# k8s/overlays/local/postgres-init.sh is a copy (deploy/compose-test checks that they agree).

olf_owned_database() {
	# Doubled quotes make the password one SQL literal; printf is a shell builtin and sed
	# reads it from a pipe, so it appears in no process's arguments.
	olf_literal=$(printf '%s' "$2" | sed "s/'/''/g")
	psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres --no-password --no-psqlrc <<-EOSQL
		create role $1 with login nosuperuser nocreatedb nocreaterole noreplication password '$olf_literal';
		create database $1 owner $1;
		revoke connect, temporary on database $1 from public;
	EOSQL
	unset olf_literal
}

olf_owned_database customers "${OLF_CUSTOMERS_DB_PASSWORD:?set OLF_CUSTOMERS_DB_PASSWORD}"
olf_owned_database orders "${OLF_ORDERS_DB_PASSWORD:?set OLF_ORDERS_DB_PASSWORD}"
olf_owned_database inventory "${OLF_INVENTORY_DB_PASSWORD:?set OLF_INVENTORY_DB_PASSWORD}"
olf_owned_database olf "${OLF_STATS_DB_PASSWORD:?set OLF_STATS_DB_PASSWORD}"

# The maintenance database holds no data, but is no service's business either.
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres --no-password --no-psqlrc \
	-c 'revoke connect, temporary on database postgres from public'
