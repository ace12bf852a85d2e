# Shell interactif de l'image de diagnostic docker-lab (remplaçant de nicolaka/netshoot).
[ -z "$PS1" ] && return
PS1='diagnostic:\w# '
echo "Outils réseau : tcpdump nmap iperf3 dig nslookup host curl nc ip ss ping traceroute netstat openssl"
