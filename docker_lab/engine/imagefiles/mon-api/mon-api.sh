#!/bin/sh
# mon-api : la petite API HTTP du cours (image construite par docker-lab setup sur alpine).
# Écoute sur le port $PORT (8080 par défaut). Routes :
#   /              description JSON du service
#   /health        {"status": "ok"}
#   /dependances   accessibilité TCP de DATABASE_URL et REDIS_URL (nc -z)
PORT="${PORT:-8080}"
export PORT
echo "mon-api : écoute HTTP sur le port $PORT (routes : /, /health, /dependances)"
[ -n "${DATABASE_URL:-}" ] && echo "mon-api : base de données : ${DATABASE_URL%%://*}://…@${DATABASE_URL##*@}"
[ -n "${REDIS_URL:-}" ] && echo "mon-api : cache : $REDIS_URL"
trap 'kill "$pid" 2>/dev/null; exit 0' TERM INT
# Serveur persistant : un processus /usr/local/bin/api-handler par connexion.
busybox nc -ll -p "$PORT" -e /usr/local/bin/api-handler &
pid=$!
wait "$pid"
