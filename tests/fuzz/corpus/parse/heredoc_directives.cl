user_data = <<EOT
#!/bin/sh
%{ for ip in ips ~}
server ${ip}
%{ endfor ~}
done
EOT
