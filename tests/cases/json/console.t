# console evaluates in the scope of a JSON configuration.
args: console
--- main.cl.json
{
  "variable": { "n": { "default": 3 } },
  "locals": { "names": "${[for i in range(var.n) : format(\"web-%d\", i)]}", "neg": -1.5e2 }
}
--- stdin
local.names
local.neg
--- stdout
[
  "web-0",
  "web-1",
  "web-2",
]
-150
