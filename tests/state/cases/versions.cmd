! cp "$DATA/v3.tfstate" clicamosc.tfstate
list
! cp "$DATA/v5.tfstate" clicamosc.tfstate
output
! cp "$DATA/broken.tfstate" clicamosc.tfstate
list
