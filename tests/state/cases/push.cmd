! sed 's/"serial": 17/"serial": 3/' clicamosc.tfstate > old.tfstate
! sed 's/6a0b7f3c-/deadbeef-/; s/"serial": 17/"serial": 40/' clicamosc.tfstate > other.tfstate
! sed 's/"serial": 17/"serial": 20/; s/vpc-0e00/vpc-0e01/' clicamosc.tfstate > newer.tfstate
push old.tfstate
push other.tfstate
push newer.tfstate
! grep -c vpc-0e01 clicamosc.tfstate; grep '"serial"' clicamosc.tfstate
push -force other.tfstate
! grep '"serial"\|"lineage"' clicamosc.tfstate
push - < old.tfstate
push missing.tfstate
! echo '{"version": 3}' > v3.tfstate
push v3.tfstate
