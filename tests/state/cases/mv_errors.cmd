mv 'aws_subnet.public[0]' 'aws_subnet.public[1]'
mv aws_vpc.main aws_subnet.main
mv aws_vpc.gone aws_vpc.here
mv module.nothing module.other
mv module.net aws_vpc.x
mv aws_vpc.main
mv aws_vpc.main module.net.aws_vpc.this
! grep '"serial"' clicamosc.tfstate
