output
output elb_dns_name
output admin_password
output subnet_ids
output -json
output -json subnet_ids
output -json admin_password
output -raw elb_dns_name
output -raw admin_password
output -raw subnet_ids
output -raw
output nope
