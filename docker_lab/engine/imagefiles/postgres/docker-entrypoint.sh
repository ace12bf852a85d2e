#!/bin/sh
# Point d'entrée du remplaçant docker-lab de postgres (PostgreSQL 15 de Debian), calqué
# sur celui de l'image officielle : POSTGRES_PASSWORD (obligatoire, comme dans l'image
# officielle), POSTGRES_USER, POSTGRES_DB, POSTGRES_INITDB_ARGS, POSTGRES_HOST_AUTH_METHOD,
# les variantes *_FILE, les scripts de /docker-entrypoint-initdb.d, données dans $PGDATA.
set -e

# file_env VAR [DÉFAUT] : VAR ou le contenu du fichier VAR_FILE.
file_env() {
	var="$1"; fileVar="${var}_FILE"; def="${2:-}"
	eval "val=\"\${$var:-}\""; eval "fileVal=\"\${$fileVar:-}\""
	if [ -n "$val" ] && [ -n "$fileVal" ]; then
		echo >&2 "error: both $var and $fileVar are set (but are exclusive)"
		exit 1
	fi
	if [ -n "$fileVal" ]; then val="$(cat "$fileVal")"; elif [ -z "$val" ]; then val="$def"; fi
	export "$var"="$val"
	unset "$fileVar"
}

if [ "${1#-}" != "$1" ]; then
	set -- postgres "$@"
fi
# « postgres --version », « postgres -C réglage »... : pas d'initialisation (comme l'officielle).
if [ "$1" = 'postgres' ]; then
	for arg; do
		case "$arg" in
			'-?'|--help|--describe-config|-V|--version) exec "$@" ;;
			-C) [ "$(id -u)" = '0' ] || exec "$@" ;;
		esac
	done
fi
: "${PGDATA:=/var/lib/postgresql/data}"
export PGDATA

if [ "$1" = 'postgres' ] && [ "$(id -u)" = '0' ]; then
	mkdir -p "$PGDATA" /var/run/postgresql
	chmod 00700 "$PGDATA" || :
	chmod 03775 /var/run/postgresql || :
	find "$PGDATA" \! -user postgres -exec chown postgres:postgres '{}' +
	chown postgres:postgres /var/run/postgresql
	exec su -p -s /bin/sh -- postgres -c 'exec "$0" "$@"' "$0" "$@"
fi

if [ "$1" = 'postgres' ] && [ ! -s "$PGDATA/PG_VERSION" ]; then
	file_env POSTGRES_PASSWORD
	file_env POSTGRES_USER postgres
	file_env POSTGRES_DB "$POSTGRES_USER"
	file_env POSTGRES_INITDB_ARGS
	: "${POSTGRES_HOST_AUTH_METHOD:=scram-sha-256}"
	if [ -z "$POSTGRES_PASSWORD" ] && [ "$POSTGRES_HOST_AUTH_METHOD" != 'trust' ]; then
		cat >&2 <<-'EOE'
			Error: Database is uninitialized and superuser password is not specified.
			       You must specify POSTGRES_PASSWORD to a non-empty value for the
			       superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".

			       You may also use "POSTGRES_HOST_AUTH_METHOD=trust" to allow all
			       connections without a password. This is *not* recommended.

			       See PostgreSQL documentation about "trust":
			       https://www.postgresql.org/docs/current/auth-trust.html
		EOE
		exit 1
	fi

	pwfile=""
	if [ -n "$POSTGRES_PASSWORD" ]; then
		pwfile="$(mktemp)"
		printf '%s\n' "$POSTGRES_PASSWORD" > "$pwfile"
		initdb_pw="--pwfile=$pwfile"
	else
		initdb_pw=""
	fi
	# shellcheck disable=SC2086
	initdb --username="$POSTGRES_USER" $initdb_pw --encoding=UTF8 --locale=C.UTF-8 \
		$POSTGRES_INITDB_ARGS
	[ -n "$pwfile" ] && rm -f "$pwfile"

	printf '\nlisten_addresses = '"'"'*'"'"'\n' >> "$PGDATA/postgresql.conf"
	printf '\nhost all all all %s\n' "$POSTGRES_HOST_AUTH_METHOD" >> "$PGDATA/pg_hba.conf"

	pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -p 5432" -w start
	export PGPASSWORD="$POSTGRES_PASSWORD"
	if [ "$POSTGRES_DB" != 'postgres' ]; then
		psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --no-password --dbname postgres \
			--set db="$POSTGRES_DB" <<-'EOSQL'
			CREATE DATABASE :"db" ;
		EOSQL
		echo
	fi
	for f in /docker-entrypoint-initdb.d/*; do
		case "$f" in
			*.sh) echo "$0: running $f"; . "$f" ;;
			*.sql) echo "$0: running $f"
				psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --no-password \
					--dbname "$POSTGRES_DB" -f "$f"; echo ;;
			*.sql.gz) echo "$0: running $f"
				gunzip -c "$f" | psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" \
					--no-password --dbname "$POSTGRES_DB"; echo ;;
			*) [ -e "$f" ] && echo "$0: ignoring $f" ;;
		esac
	done
	unset PGPASSWORD
	pg_ctl -D "$PGDATA" -m fast -w stop
	echo
	echo 'PostgreSQL init process complete; ready for start up.'
	echo
elif [ "$1" = 'postgres' ]; then
	echo
	echo 'PostgreSQL Database directory appears to contain a database; Skipping initialization'
	echo
	# A container stopped right after initdb (recreated during its first start) left a data
	# folder without these lines: the official image has them in its template, before initdb.
	if [ -f "$PGDATA/postgresql.conf" ] && ! grep -q "^listen_addresses = '\*'" "$PGDATA/postgresql.conf"; then
		printf '\nlisten_addresses = '"'"'*'"'"'\n' >> "$PGDATA/postgresql.conf"
	fi
	if [ -f "$PGDATA/pg_hba.conf" ] && ! grep -q "^host all all all" "$PGDATA/pg_hba.conf"; then
		printf '\nhost all all all %s\n' "${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}" >> "$PGDATA/pg_hba.conf"
	fi
fi

exec "$@"
