# The acceptance example of issue 3.
args: console
--- main.cl
--- stdin
cidrsubnet("172.31.0.0/16", 8, 3)
--- stdout
"172.31.3.0/24"
--- stderr
