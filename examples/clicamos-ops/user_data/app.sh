#!/bin/sh
# Runs once when an application instance boots: start the app on port 80.
set -e
mkdir -p /var/www
echo "clicamos $(hostname)" > /var/www/index.html
cd /var/www && nohup python3 -m http.server 80 >/var/log/app.log 2>&1 &
