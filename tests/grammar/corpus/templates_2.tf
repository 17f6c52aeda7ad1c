locals {
  hosts = <<-EOT
    %{ for name, ip in var.hosts ~}
    ${ip} ${name}
    %{ endfor ~}
  EOT

  greeting = "Hello, %{ if var.name != "" }${var.name}%{ else }stranger%{ endif }!"
  list     = "%{for i, s in var.items}${i}=${s}%{ if i < length(var.items) - 1 }, %{endif}%{endfor}"
  trimmed  = "x ${~ var.a ~} y"
  escaped  = "literal $${not_interpolated} and %%{not_a_directive}"
  nested   = "outer ${join(",", [for s in var.items : "<${s}>"])} end"
  cond     = "${var.enabled ? "on" : "off"}-1"
  wrapped  = "${var.port}"
  config = <<EOT
[server]
port = ${var.port + 1}
%{ if var.tls ~}
tls = true
cert = "${var.cert_path}"
%{ endif ~}
EOT
}
