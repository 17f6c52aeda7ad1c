! cp "$DATA/unknown_type.tfstate" clicamosc.tfstate
show aws_lambda_function.worker
show aws_legacy_thing.old
show aws_empty_thing.e
