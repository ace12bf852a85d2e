#!/bin/sh
# Démarre nginx pour mon-webapp ; API_URL (http://api:8080 par défaut) reçoit /api/.
set -e
api="${API_URL:-http://api:8080}"
sed "s#__API_URL__#${api}#" /etc/nginx/mon-webapp.conf.template > /etc/nginx/conf.d/default.conf
echo "mon-webapp : écoute HTTP sur les ports 80 et 3000, /api/ -> $api"
exec nginx -g 'daemon off;'
