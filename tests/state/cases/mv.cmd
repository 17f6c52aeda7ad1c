mv aws_vpc.main aws_vpc.primary
mv 'aws_subnet.public[1]' 'aws_subnet.public[2]'
mv module.net module.network
mv data.aws_ami.ubuntu 'module.app["a"].data.aws_ami.ubuntu'
list
mv -dry-run aws_vpc.primary aws_vpc.secondary
list aws_vpc.primary aws_vpc.secondary
! grep '"serial"' clicamosc.tfstate
