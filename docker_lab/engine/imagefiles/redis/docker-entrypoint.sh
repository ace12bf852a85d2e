#!/bin/sh
# Point d'entrée du remplaçant docker-lab de redis (redis-server de Debian), calqué sur
# celui de l'image officielle : « docker run redis:alpine --appendonly yes » fonctionne,
# les données vont dans /data, le serveur tourne sous l'utilisateur redis.
set -e

# Premier argument « -option » ou « fichier.conf » : ce sont des arguments de redis-server.
if [ "${1#-}" != "$1" ] || [ "${1%.conf}" != "$1" ]; then
	set -- redis-server "$@"
fi

if [ "$1" = 'redis-server' ] && [ "$(id -u)" = '0' ]; then
	find . \! -user redis -exec chown redis '{}' +
	exec su -p -s /bin/sh -- redis -c 'exec "$0" "$@"' "$0" "$@"
fi

# Comme l'image officielle (compilée ainsi) : sans fichier de configuration,
# le mode protégé est désactivé pour accepter les autres containers.
case "${2:-}" in -v|--version|-h|--help|--test-memory|--check-system) noinject=1 ;; esac
if [ "$1" = 'redis-server' ] && [ -z "${noinject:-}" ] && { [ -z "${2:-}" ] || [ "${2#-}" != "$2" ]; }; then
	shift
	set -- redis-server --protected-mode no "$@"
fi

exec "$@"
