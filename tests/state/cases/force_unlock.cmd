force-unlock 1234
! printf '{"ID":"abcd-1234","Operation":"OperationTypeApply","Info":"","Who":"ci@build","Version":"1.5.0","Created":"2024-05-01T10:00:00Z","Path":"clicamosc.tfstate"}' > clicamosc.tfstate.lock.info
force-unlock wrong-id
force-unlock abcd-1234
! ls -A
! printf '{"ID":"abcd-1234","Operation":"OperationTypeApply","Info":"","Who":"ci@build","Version":"1.5.0","Created":"2024-05-01T10:00:00Z","Path":"clicamosc.tfstate"}' > clicamosc.tfstate.lock.info
rm aws_vpc.main
! ls -A
