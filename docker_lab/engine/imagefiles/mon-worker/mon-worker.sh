#!/bin/sh
# mon-worker : un travailleur qui tourne en continu (image construite localement par docker-lab).
# Traite une « tâche » toutes les $WORKER_INTERVAL secondes (5 par défaut) et l'écrit dans
# son journal ; fonctionne aussi sans réseau (docker run --network none mon-worker:latest).
interval="${WORKER_INTERVAL:-5}"
trap 'echo "mon-worker : arrêt demandé, au revoir."; exit 0' TERM INT
echo "mon-worker : démarré (une tâche toutes les ${interval} s)"
n=0
while :; do
	n=$((n + 1))
	echo "mon-worker : tâche $n traitée ($(date '+%H:%M:%S'))"
	sleep "$interval" &
	wait $!
done
