show aws_vpc.nope
show aws_subnet.public
show module.net
show
show aws_vpc.main aws_vpc.main
