a = "%{if x}yes%{endif}"
b = "%{ if x }yes%{ else }no%{ endif }"
