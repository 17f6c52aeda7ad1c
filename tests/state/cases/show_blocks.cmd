show 'module.net.aws_security_group.web["http"]'
show aws_instance.nat
