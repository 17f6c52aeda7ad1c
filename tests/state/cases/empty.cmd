! rm clicamosc.tfstate
list
output
output -json
pull
show aws_vpc.main
! ls -A
