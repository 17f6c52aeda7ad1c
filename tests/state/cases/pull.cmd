pull
