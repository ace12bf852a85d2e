#!/bin/busybox sh
# Répond à une requête HTTP de mon-api (une connexion : stdin = requête, stdout = réponse).
hostport() {  # URL PORT_PAR_DÉFAUT -> "hôte port" (postgresql://u:p@hote:5432/base)
	rest="${1#*://}"; rest="${rest##*@}"; rest="${rest%%/*}"
	host="${rest%%:*}"; port="${rest##*:}"; [ "$port" = "$rest" ] && port="$2"
	echo "$host $port"
}
check() {  # NOM URL PORT_PAR_DÉFAUT -> fragment JSON
	if [ -z "$2" ]; then printf '"%s": {"configure": false}' "$1"; return; fi
	set -- "$1" $(hostport "$2" "$3")
	if /usr/bin/nc -z -w 1 "$2" "$3" >/dev/null 2>&1; then etat=joignable; else etat=injoignable; fi
	printf '"%s": {"hote": "%s", "port": %s, "etat": "%s"}' "$1" "$2" "$3" "$etat"
}
read -r -t 5 method target _ || exit 0
while read -r -t 2 header && [ -n "$(printf '%s' "$header" | tr -d '\r')" ]; do :; done
route="${target%%\?*}"
status="200 OK"
case "$route" in
	/health|/health/|/sante) body='{"status": "ok"}' ;;
	/dependances|/dependances/)
		body="{$(check base_de_donnees "${DATABASE_URL:-}" 5432), $(check cache "${REDIS_URL:-}" 6379)}" ;;
	/|"") body="{\"service\": \"mon-api\", \"hote\": \"$(hostname)\", \"port\": ${PORT:-8080}, \"routes\": [\"/health\", \"/dependances\"]}" ;;
	*) status="404 Not Found"; body="{\"erreur\": \"route inconnue : $route\"}" ;;
esac
body="$body
"
printf 'HTTP/1.0 %s\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: %s\r\nConnection: close\r\nServer: mon-api\r\n\r\n' \
	"$status" "$(printf '%s' "$body" | wc -c)"
[ "$method" = HEAD ] || printf '%s' "$body"
