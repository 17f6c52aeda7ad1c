rm aws_subnet.public 'module.db["eu"].aws_key_pair.deployer'
list
! ls
! grep '"serial"' clicamosc.tfstate clicamosc.tfstate.backup
rm aws_vpc.main aws_nope.x
list aws_vpc.main
rm -dry-run module.net
list module.net
rm module.net
list
