a = "%{for v in xs}${v},%{endfor}"
b = "%{ for k, v in m }${k}=${v} %{ endfor }"
