list aws_subnet.public
list 'aws_subnet.public[1]'
list module.net
list 'module.db["eu"]'
list data.aws_ami.ubuntu
list aws_vpc.main module.net.aws_vpc.this
list -id=sg-0123
list aws_nothing.here
list aws_vpc
list 'aws_vpc.main[x]'
