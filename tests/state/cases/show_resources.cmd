show aws_vpc.main
show 'aws_subnet.public[0]'
show data.aws_ami.ubuntu
show aws_launch_configuration.app
